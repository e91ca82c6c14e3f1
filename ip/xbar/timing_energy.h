// Timing and energy of the crossbar accelerator's operations, as pure functions returning time
// (ns) and energy (pJ), so that the TLM wrapper can annotate its transactions with them. Every
// default has its source and arithmetic in timing_energy_defaults.h and
// docs/crossbar/timing-energy.md.
#pragma once

#include "ip/xbar/timing_energy_defaults.h"

#include <cstdint>

namespace xbar {

// Defaults, units and sources: timing_energy_defaults.h (the one table docs and options use).
struct TimingEnergyParams {
    // MVM, per phase: drive the word-lines, integrate the bit-line currents, convert.
    double t_dac_ns = timing_defaults::t_dac_ns;           // word-line driver (1-bit DAC) settling
    double t_read_ns = timing_defaults::t_read_ns;         // bit-line integration window
    double t_adc_bit_ns = timing_defaults::t_adc_bit_ns;   // SAR ADC: one comparison per bit
    double e_wl_pj = timing_defaults::e_wl_pj;             // per driven word-line per phase
    double e_adc_step_fj = timing_defaults::e_adc_step_fj; // E_conv = e_adc_step * 2^bits
    double e_digital_pj = timing_defaults::e_digital_pj;   // shift-and-add of a converted value
    // Programming with write-verify.
    ProgramGranularity program_granularity = timing_defaults::program_granularity;
    double t_write_ns = timing_defaults::t_write_ns;          // SET or RESET pulse width
    double t_verify_ns = timing_defaults::t_verify_ns;        // verify read after a pulse
    int write_iterations = timing_defaults::write_iterations; // pulse + verify per cell
    double e_write_pj = timing_defaults::e_write_pj;          // per cell per pulse
    double e_verify_pj = timing_defaults::e_verify_pj;        // per cell per verify read
    // DMA between RAM and the accelerator's buffers.
    double dma_bandwidth = timing_defaults::dma_bandwidth;   // bytes per ns (= GB/s)
    double dma_latency_ns = timing_defaults::dma_latency_ns; // per transfer
    double e_dma_pj_per_byte = timing_defaults::e_dma_pj_per_byte;
    // The digital periphery of the command queue (threshold, pool, row-add, im2col units).
    double periph_elements_per_ns = timing_defaults::periph_elements_per_ns;
    double e_threshold_pj = timing_defaults::e_threshold_pj; // per activation written
    double e_pool_pj = timing_defaults::e_pool_pj;           // per compared element
    double e_add_pj = timing_defaults::e_add_pj;             // per int32 added
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

// Energy of MVMs by component (pJ), so that reports can show the array, the ADCs and the
// digital recombination separately; total() is what mvm_cost() returns.
struct MvmEnergy {
    double word_line_pj = 0.0; // word-line drivers
    double read_pj = 0.0;      // cell read: V_read x column currents x t_read
    double adc_pj = 0.0;       // ADC conversions
    double digital_pj = 0.0;   // shift-and-add of the converted values
    double array_pj() const { return word_line_pj + read_pj; }
    double total() const { return word_line_pj + read_pj + adc_pj + digital_pj; }
    MvmEnergy& operator+=(const MvmEnergy& o) {
        word_line_pj += o.word_line_pj;
        read_pj += o.read_pj;
        adc_pj += o.adc_pj;
        digital_pj += o.digital_pj;
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
// The energy of mvm_cost() by component.
MvmEnergy mvm_energy(const TimingEnergyParams& p, double v_read, const MvmShape& s,
                     const MvmActivity& a);
Cost program_cost(const TimingEnergyParams& p, const ProgramActivity& a);
Cost dma_cost(const TimingEnergyParams& p, uint64_t bytes);

} // namespace xbar
