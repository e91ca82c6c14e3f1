// Timing and energy of the crossbar accelerator's operations, as pure functions returning time
// (ns) and energy (pJ), so that the TLM wrapper can annotate its transactions with them. Every
// default has its source or reasoning in docs/crossbar/timing-energy.md.
#pragma once

#include <cstdint>

namespace xbar {

enum class ProgramGranularity { row, cell };

struct TimingEnergyParams {
    // MVM, per phase: drive the word-lines, integrate the bit-line currents, convert.
    double t_dac_ns = 1.0;       // word-line driver (1-bit DAC) settling
    double t_read_ns = 10.0;     // bit-line integration / sampling window
    double t_adc_bit_ns = 0.1;   // SAR ADC: one comparison per bit
    double e_wl_pj = 0.01;       // per driven word-line per phase
    double e_adc_step_fj = 50.0; // Walden figure of merit: E_conv = FOM * 2^bits
    double e_digital_pj = 0.05;  // shift-and-add of one converted value into the result
    // Programming with write-verify.
    ProgramGranularity program_granularity = ProgramGranularity::row;
    double t_write_ns = 50.0;  // SET or RESET pulse width
    double t_verify_ns = 10.0; // verify read after a pulse
    int write_iterations = 3;  // average pulse + verify iterations per cell
    double e_write_pj = 10.0;  // per cell per pulse
    double e_verify_pj = 0.04; // per cell per verify read
    // DMA between RAM and the accelerator's buffers.
    double dma_bandwidth = 8.0;   // bytes per ns (= GB/s)
    double dma_latency_ns = 50.0; // per transfer
    double e_dma_pj_per_byte = 5.0;
};

// An ideal ADC (0 bits) has no hardware counterpart; it is costed as this many bits.
constexpr int kIdealAdcCostBits = 8;

struct Cost {
    double ns = 0.0;
    double pj = 0.0;
    Cost& operator+=(const Cost& o) {
        ns += o.ns;
        pj += o.pj;
        return *this;
    }
};

// What does not change from one MVM of a tile to the next.
struct MvmShape {
    int phases = 1;
    int conversions_per_phase = 0; // ADC conversions of the whole tile in one phase
    int adc_bits = 0;
    int adcs = 1;
};

// What the MVMs actually did (summed over several MVMs).
struct MvmActivity {
    uint64_t mvms = 0;
    uint64_t word_lines = 0;   // driven word-lines, summed over phases
    uint64_t conversions = 0;  // ADC conversions
    double column_current = 0; // uA, read column currents summed over columns and phases
    MvmActivity& operator+=(const MvmActivity& o) {
        mvms += o.mvms;
        word_lines += o.word_lines;
        conversions += o.conversions;
        column_current += o.column_current;
        return *this;
    }
};

struct ProgramActivity {
    uint64_t rows = 0;  // rows written
    uint64_t cells = 0; // cells written
};

double mvm_time_ns(const TimingEnergyParams& p, const MvmShape& s);
double adc_conversion_ns(const TimingEnergyParams& p, int bits);
double adc_conversion_pj(const TimingEnergyParams& p, int bits);
// Serial MVMs on one crossbar. v_read (V) turns column currents into read energy.
Cost mvm_cost(const TimingEnergyParams& p, double v_read, const MvmShape& s, const MvmActivity& a);
Cost program_cost(const TimingEnergyParams& p, const ProgramActivity& a);
Cost dma_cost(const TimingEnergyParams& p, uint64_t bytes);

} // namespace xbar
