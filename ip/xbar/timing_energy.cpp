#include "ip/xbar/timing_energy.h"

#include <cmath>

namespace xbar {
namespace {
int cost_bits(int bits) { return bits == 0 ? kIdealAdcCostBits : bits; }
} // namespace

double adc_conversion_ns(const TimingEnergyParams& p, int bits) {
    return p.t_adc_bit_ns * cost_bits(bits);
}

double adc_conversion_pj(const TimingEnergyParams& p, int bits) {
    return p.e_adc_step_fj * 1e-3 * std::ldexp(1.0, cost_bits(bits));
}

double mvm_time_ns(const TimingEnergyParams& p, const MvmShape& s) {
    // Columns share the ADCs, so one phase needs ceil(conversions / adcs) conversion rounds.
    const int rounds = (s.conversions_per_phase + s.adcs - 1) / s.adcs;
    return s.phases * (p.t_dac_ns + p.t_read_ns + rounds * adc_conversion_ns(p, s.adc_bits));
}

MvmEnergy mvm_energy(const TimingEnergyParams& p, double v_read, const MvmShape& s,
                     const MvmActivity& a) {
    MvmEnergy e;
    e.word_line_pj = static_cast<double>(a.word_lines) * p.e_wl_pj;
    e.read_pj = v_read * a.column_current * p.t_read_ns * 1e-3; // V * uA * ns = fJ
    e.adc_pj = static_cast<double>(a.conversions) * adc_conversion_pj(p, s.adc_bits);
    e.digital_pj = static_cast<double>(a.conversions) * p.e_digital_pj;
    return e;
}

Cost mvm_cost(const TimingEnergyParams& p, double v_read, const MvmShape& s, const MvmActivity& a) {
    return {static_cast<double>(a.mvms) * mvm_time_ns(p, s), mvm_energy(p, v_read, s, a).total()};
}

Cost program_cost(const TimingEnergyParams& p, const ProgramActivity& a) {
    const double iteration_ns = p.write_iterations * (p.t_write_ns + p.t_verify_ns);
    Cost c;
    // Row-parallel: all SET cells of a row in one pulse, then all RESET cells (two passes).
    c.ns = p.program_granularity == ProgramGranularity::row
               ? static_cast<double>(a.rows) * 2.0 * iteration_ns
               : static_cast<double>(a.cells) * iteration_ns;
    c.pj = static_cast<double>(a.cells) * p.write_iterations * (p.e_write_pj + p.e_verify_pj);
    return c;
}

Cost dma_cost(const TimingEnergyParams& p, uint64_t bytes) {
    return {p.dma_latency_ns + static_cast<double>(bytes) / p.dma_bandwidth,
            static_cast<double>(bytes) * p.e_dma_pj_per_byte};
}

} // namespace xbar
