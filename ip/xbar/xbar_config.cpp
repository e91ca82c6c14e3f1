#include "ip/xbar/xbar_config.h"

#include <sstream>

namespace xbar {
namespace {

template <typename T> std::string show(T v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

template <typename T> void check(bool ok, const char* key, T value, const char* expected) {
    if (!ok) throw ConfigError("xbar." + std::string(key) + " = " + show(value) + ": " + expected);
}

void check_range(const char* key, double v, double lo, double hi, const char* expected) {
    check(v >= lo && v <= hi, key, v, expected);
}

void validate_geometry(const XbarConfig& c) {
    check(c.rows >= 1 && c.rows <= 8192, "rows", c.rows, "must be in [1, 8192]");
    check(c.cols >= 1 && c.cols <= 8192, "cols", c.cols, "must be in [1, 8192]");
    check(c.crossbars >= 1 && c.crossbars <= 65536, "count", c.crossbars, "must be in [1, 65536]");
    const MappingSpec& s = c.mapping_spec();
    check(c.rows >= s.rows_per_input, "rows", c.rows, "too few rows for the mapping");
    check(c.cols >= s.cols_per_output, "cols", c.cols, "too few columns for the mapping");
}

void validate_device(const DeviceParams& d) {
    check_range("i_hrs", d.i_hrs, 0.0, 1e6, "must be in [0, 1e6] uA");
    check(d.i_lrs > d.i_hrs && d.i_lrs <= 1e6, "i_lrs", d.i_lrs,
          "must be greater than xbar.i_hrs and at most 1e6 uA");
    check_range("v_read", d.v_read, 1e-6, 100.0, "must be in (0, 100] V");
    check_range("sigma_hrs", d.sigma_hrs, 0.0, 1e6, "must be in [0, 1e6] uA");
    check_range("sigma_lrs", d.sigma_lrs, 0.0, 1e6, "must be in [0, 1e6] uA");
    check_range("sigma_prog_hrs", d.sigma_prog_hrs, 0.0, 1e6, "must be in [0, 1e6] uA");
    check_range("sigma_prog_lrs", d.sigma_prog_lrs, 0.0, 1e6, "must be in [0, 1e6] uA");
    check(!(d.variability == Variability::lognormal && (d.sigma_hrs > 0 || d.sigma_prog_hrs > 0) &&
            d.i_hrs <= 0),
          "i_hrs", d.i_hrs, "must be positive for log-normal variability");
    check_range("sigma_read", d.sigma_read, 0.0, 10.0, "must be in [0, 10] (relative)");
    check_range("p_stuck_hrs", d.p_stuck_hrs, 0.0, 1.0, "must be in [0, 1]");
    check_range("p_stuck_lrs", d.p_stuck_lrs, 0.0, 1.0, "must be in [0, 1]");
    check(d.p_stuck_hrs + d.p_stuck_lrs <= 1.0, "p_stuck_lrs", d.p_stuck_lrs,
          "xbar.p_stuck_hrs + xbar.p_stuck_lrs must not exceed 1");
}

void validate_adc(const AdcParams& a) {
    check(a.bits >= 0 && a.bits <= 24, "adc_bits", a.bits, "must be in [0, 24] (0 = ideal)");
    check(a.alpha > 0.0 && a.alpha <= 1.0, "adc_alpha", a.alpha, "must be in (0, 1]");
    check_range("adc_full_scale", a.full_scale, 0.0, 1e12, "must be >= 0 uA (0 = automatic)");
    check(a.adcs >= 1 && a.adcs <= 65536, "adcs", a.adcs, "must be in [1, 65536]");
}

void validate_adc_errors(const AdcErrorParams& e, const AdcParams& a) {
    check_range("adc_offset_lsb", e.offset_lsb, 0.0, 1e6, "must be in [0, 1e6] LSB");
    check_range("adc_gain_sigma", e.gain_sigma, 0.0, 1.0, "must be in [0, 1]");
    check_range("adc_inl_lsb", e.inl_lsb, 0.0, 1e6, "must be in [0, 1e6] LSB");
    check_range("adc_noise_lsb", e.noise_lsb, 0.0, 1e6, "must be in [0, 1e6] LSB");
    check(!(e.any() && a.bits == 0), "adc_bits", a.bits,
          "ADC imperfections (xbar.adc_offset_lsb, adc_gain_sigma, adc_inl_lsb, adc_noise_lsb) "
          "are in LSB and need a real ADC: set xbar.adc_bits > 0");
    check(!(e.inl_lsb > 0.0 && a.bits > kMaxInlBits), "adc_bits", a.bits,
          "xbar.adc_inl_lsb needs xbar.adc_bits <= 12 (one table entry per code)");
}

void validate_ir_drop(const IrDropParams& p) {
    check_range("r_wire_ohm", p.r_wire_ohm, 0.0, 1e6, "must be in [0, 1e6] Ohm");
    check_range("r_wl_ohm", p.r_wl_ohm, 0.0, 1e6, "must be in [0, 1e6] Ohm (0 = xbar.r_wire_ohm)");
    check_range("r_bl_ohm", p.r_bl_ohm, 0.0, 1e6, "must be in [0, 1e6] Ohm (0 = xbar.r_wire_ohm)");
    check(p.fast_sweeps >= 0 && p.fast_sweeps <= 1000, "ir_fast_sweeps", p.fast_sweeps,
          "must be in [0, 1000]");
    if (p.solver == IrDropSolver::off) return;
    check(!((p.r_wl() > 0.0) != (p.r_bl() > 0.0)), "r_wire_ohm", p.r_wire_ohm,
          "IR drop needs both word-line and bit-line segments > 0 Ohm, or both 0 (ideal wires)");
}

void validate_read_disturb(const ReadDisturbParams& p) {
    check(p.t0_s > 0.0 && p.t0_s <= 1e6, "rd_t0_s", p.t0_s, "must be in (0, 1e6] s");
    check(p.fit > 0.0 && p.fit <= 1e6, "rd_fit", p.fit, "must be in (0, 1e6]");
    check(p.c1 > 0.0 && p.c1 <= 100.0, "rd_c1", p.c1, "must be in (0, 100]");
    check_range("rd_a_ev", p.a_ev, 0.0, 100.0, "must be in [0, 100] eV/V");
    check_range("rd_k", p.k, 0.0, 1.0, "must be in [0, 1]");
    check_range("rd_m", p.m, 0.0, 10.0, "must be in [0, 10]");
    check(p.temperature_k > 0.0 && p.temperature_k <= 2000.0, "rd_temperature_k", p.temperature_k,
          "must be in (0, 2000] K");
    check(p.prior_cycles >= 0, "rd_prior_cycles", p.prior_cycles, "must be >= 0");
    check_range("rd_prior_reads", p.prior_reads, 0.0, 1e30, "must be >= 0");
    check_range("rd_threshold", p.threshold, 0.0, 1.8e19, "must be in [0, 1.8e19] reads");
}

void validate_drift(const DriftParams& p) {
    check_range("drift_nu_hrs", p.nu_hrs, -1.0, 1.0, "must be in [-1, 1]");
    check_range("drift_nu_lrs", p.nu_lrs, -1.0, 1.0, "must be in [-1, 1]");
    check_range("drift_nu_sigma", p.nu_sigma, 0.0, 1.0, "must be in [0, 1]");
    check(p.t0_s > 0.0 && p.t0_s <= 1e12, "drift_t0_s", p.t0_s, "must be in (0, 1e12] s");
    check_range("drift_time_s", p.time_s, 0.0, 1e12, "must be in [0, 1e12] s");
    check(p.update > 0.0 && p.update <= 10.0, "drift_update", p.update, "must be in (0, 10]");
}

void validate_timing(const TimingEnergyParams& t) {
    const double big = 1e12;
    check_range("t_dac_ns", t.t_dac_ns, 0.0, big, "must be >= 0");
    check_range("t_read_ns", t.t_read_ns, 0.0, big, "must be >= 0");
    check_range("t_adc_bit_ns", t.t_adc_bit_ns, 0.0, big, "must be >= 0");
    check_range("e_wl_pj", t.e_wl_pj, 0.0, big, "must be >= 0");
    check_range("e_adc_step_fj", t.e_adc_step_fj, 0.0, big, "must be >= 0");
    check_range("e_digital_pj", t.e_digital_pj, 0.0, big, "must be >= 0");
    check_range("t_write_ns", t.t_write_ns, 0.0, big, "must be >= 0");
    check_range("t_verify_ns", t.t_verify_ns, 0.0, big, "must be >= 0");
    check(t.write_iterations >= 1 && t.write_iterations <= 1000, "write_iterations",
          t.write_iterations, "must be in [1, 1000]");
    check_range("e_write_pj", t.e_write_pj, 0.0, big, "must be >= 0");
    check_range("e_verify_pj", t.e_verify_pj, 0.0, big, "must be >= 0");
    check(t.dma_bandwidth > 0.0 && t.dma_bandwidth <= big, "dma_bandwidth", t.dma_bandwidth,
          "must be > 0 bytes/ns");
    check_range("dma_latency_ns", t.dma_latency_ns, 0.0, big, "must be >= 0");
    check_range("e_dma_pj_per_byte", t.e_dma_pj_per_byte, 0.0, big, "must be >= 0");
    check(t.periph_elements_per_ns > 0.0 && t.periph_elements_per_ns <= big,
          "periph_elements_per_ns", t.periph_elements_per_ns, "must be > 0 elements/ns");
    check_range("e_threshold_pj", t.e_threshold_pj, 0.0, big, "must be >= 0");
    check_range("e_pool_pj", t.e_pool_pj, 0.0, big, "must be >= 0");
    check_range("e_add_pj", t.e_add_pj, 0.0, big, "must be >= 0");
}

} // namespace

void validate(const XbarConfig& c) {
    validate_geometry(c);
    validate_device(c.device);
    validate_adc(c.adc);
    validate_adc_errors(c.adc_errors, c.adc);
    validate_ir_drop(c.ir_drop);
    validate_read_disturb(c.read_disturb);
    validate_drift(c.drift);
    validate_timing(c.timing);
}

const char* to_string(ComputeMode m) { return m == ComputeMode::digital ? "digital" : "analog"; }
const char* to_string(Variability v) { return v == Variability::normal ? "normal" : "lognormal"; }
const char* to_string(AdcLevels l) { return l == AdcLevels::midtread ? "midtread" : "midrise"; }
const char* to_string(ReadNoiseModel m) {
    return m == ReadNoiseModel::summed ? "summed" : "per_cell";
}
const char* to_string(IrDropSolver s) {
    return s == IrDropSolver::off ? "off" : s == IrDropSolver::exact ? "exact" : "fast";
}
const char* to_string(ProgramGranularity g) {
    return g == ProgramGranularity::row ? "row" : "cell";
}

} // namespace xbar
