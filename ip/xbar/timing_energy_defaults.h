// The single table of the timing and energy defaults of the crossbar accelerator: key (the
// `xbar.KEY` option and the field name), default, unit and source with the arithmetic. The
// parameter structs take their defaults from it (timing_energy.h, adc.h), so do the options
// (xbar_options.cpp, through XbarConfig{}) and the table of docs/crossbar/timing-energy.md, which
// `xbar_defaults_doc` prints from it and tests/ip/xbar/defaults_doc_test.cpp compares with the page.
//
// Sources (docs/crossbar/timing-energy.md lists them in full):
//   ISAAC  A. Shafiee et al., "ISAAC: A Convolutional Neural Network Accelerator with In-Situ
//          Analog Arithmetic in Crossbars", ISCA 2016, Table I and Sec. IV/V
//   Kull   L. Kull et al., "A 3.1 mW 8b 1.2 GS/s Single-Channel Asynchronous SAR ADC with
//          Alternate Comparators for Enhanced Speed in 32 nm Digital SOI CMOS", ISSCC 2013
//   Chen   W.-H. Chen et al., "A 65nm 1Mb Nonvolatile Computing-in-Memory ReRAM Macro with
//          Sub-16ns Multiply-and-Accumulate for Binary DNN AI Edge Processors", ISSCC 2018
//   Horowitz  M. Horowitz, "Computing's Energy Problem (and what we can do about it)",
//          ISSCC 2014 (45 nm energy table)
//   Wong   H.-S. P. Wong et al., "Metal-Oxide RRAM", Proc. IEEE 100(6), 2012
#pragma once

namespace xbar {

// Programming a tile: all cells of a row per write pulse, or one cell at a time.
enum class ProgramGranularity { row, cell };

// X(key, default, unit, source). Sources contain no '|' (they become markdown table cells).
// clang-format off
#define XBAR_TIMING_ENERGY_DEFAULTS(X)                                                             \
    X(t_dac_ns, 1.0, "ns",                                                                         \
      "reasoned: a 1-bit word-line driver (an inverter, ISAAC Sec. V) settling one row: "          \
      "driver 5 kOhm x line 100 fF = 0.5 ns = RC; 2 RC = 1 ns settles to 86 %")                    \
    X(t_read_ns, 10.0, "ns",                                                                       \
      "Chen (ISSCC 2018): binary ReRAM CIM macro with a multiply-and-accumulate access below "    \
      "16 ns; 10 ns of bit-line integration leaves 6 ns for driver settling and conversion")      \
    X(t_adc_bit_ns, 0.1, "ns",                                                                     \
      "Kull (ISSCC 2013): 8-bit SAR ADC at 1.2 GS/s: 1 / 1.2 GS/s = 0.833 ns per conversion, "    \
      "/ 8 bits = 0.104 ns per bit, rounded to 0.1 (ISAAC Sec. V runs it at 1.28 GS/s: "          \
      "0.781 ns / 8 = 0.098 ns)")                                                                  \
    X(e_wl_pj, 0.39, "pJ per driven word-line per phase",                                          \
      "ISAAC Table I, DAC row: 8 x 128 1-bit DACs per IMA draw 4 mW; one crossbar read per "       \
      "100 ns cycle (Sec. IV): 4 mW x 100 ns / 1024 = 0.39 pJ per row drive")                      \
    X(e_adc_step_fj, 10.0, "fJ per conversion step",                                               \
      "Kull (ISSCC 2013): 3.1 mW at 1.2 GS/s, 8 bits: 3.1 mW / 1.2 GS/s = 2.58 pJ per "           \
      "conversion, / 2^8 steps = 10.1 fJ, rounded to 10. ISAAC Table I budgets 16 mW for its "     \
      "8 ADCs, 2 mW each: 2 mW / 1.28 GS/s / 2^8 = 6.1 fJ")                                        \
    X(e_digital_pj, 0.05, "pJ per converted value",                                                \
      "Horowitz (ISSCC 2014, 45 nm): 8-bit add 0.03 pJ, 32-bit add 0.1 pJ; a 16-bit "              \
      "shift-and-add, linear in bits: 0.03 + (16 - 8) / (32 - 8) x (0.1 - 0.03) = 0.053, "         \
      "rounded to 0.05")                                                                           \
    X(program_granularity, ProgramGranularity::row, "",                                            \
      "reasoned: write-verify pulses the cells of a row in parallel, one pass for the SET cells "  \
      "and one for the RESET cells")                                                               \
    X(t_write_ns, 50.0, "ns",                                                                      \
      "Wong (Proc. IEEE 2012): metal-oxide RRAM SET/RESET pulses of 10 to 100 ns; the middle "     \
      "of that range")                                                                             \
    X(t_verify_ns, 10.0, "ns", "one read of the array after a pulse: t_read_ns = 10 ns")           \
    X(write_iterations, 3, "",                                                                     \
      "reasoned: program-and-verify of two well-separated states converges in a few iterations; " \
      "3 (pulse + verify) per cell on average")                                                    \
    X(e_write_pj, 10.0, "pJ per cell per pulse",                                                   \
      "V x I x t of one pulse with the write voltage and current of Wong (Proc. IEEE 2012): "      \
      "2 V x 100 uA x 50 ns = 10 pJ")                                                              \
    X(e_verify_pj, 0.04, "pJ per cell per verify",                                                 \
      "one LRS cell read: V_read x I_LRS x t_verify = 0.2 V x 20 uA x 10 ns = 40 fJ")              \
    X(dma_bandwidth, 8.0, "bytes/ns (GB/s)",                                                       \
      "reasoned: a 64-bit on-chip bus at 1 GHz: 8 bytes x 1 GHz = 8 bytes/ns")                     \
    X(dma_latency_ns, 50.0, "ns",                                                                  \
      "reasoned: arbitration, address phase and first data beat of a transfer, 50 bus cycles "    \
      "at 1 GHz")                                                                                  \
    X(e_dma_pj_per_byte, 12.5, "pJ per byte",                                                      \
      "Horowitz (ISSCC 2014, 45 nm): a 64-bit access of a 1 MB SRAM costs 100 pJ; RAM holding "    \
      "the weights and a batch of images is MB-sized: 100 pJ / 8 bytes = 12.5 pJ per byte")        \
    X(periph_elements_per_ns, 32.0, "elements/ns",                                                 \
      "reasoned: the digital periphery (threshold, max-pool, row-add and im2col units) as 32 "     \
      "lanes at 1 GHz, as wide as the 8-bytes/ns DMA in int32 words (8 / 4 x 16 = 32 partial "     \
      "sums per ns with a 16-entry input FIFO per lane; ISAAC Sec. V clocks its digital units "    \
      "at 1.2 GHz)")                                                                               \
    X(e_threshold_pj, 0.2, "pJ per activation",                                                    \
      "Horowitz (ISSCC 2014, 45 nm): a 32-bit add 0.1 pJ; an activation compares its int32 sum "   \
      "with two thresholds: 2 x 0.1 = 0.2 pJ")                                                     \
    X(e_pool_pj, 0.03, "pJ per compared element",                                                  \
      "Horowitz (ISSCC 2014, 45 nm): an 8-bit add 0.03 pJ; one 8-bit comparison per window "       \
      "element and channel")                                                                       \
    X(e_add_pj, 0.1, "pJ per added int32",                                                         \
      "Horowitz (ISSCC 2014, 45 nm): a 32-bit add 0.1 pJ (the row-add unit's padding "             \
      "correction)")                                                                               \
    X(adcs, 32, "ADCs per crossbar",                                                               \
      "reasoned: 8 columns per ADC on a 256-column crossbar: 256 / 8 = 32; ISAAC (Table I, "       \
      "Sec. V) shares one ADC among the 128 columns of an array; 8 columns per ADC lies "        \
      "between that and one ADC per column")
// clang-format on

// The defaults as constants: timing_defaults::t_read_ns etc.
namespace timing_defaults {
#define XBAR_DEFAULT_CONSTANT(key, value, unit, source) constexpr auto key = value;
XBAR_TIMING_ENERGY_DEFAULTS(XBAR_DEFAULT_CONSTANT)
#undef XBAR_DEFAULT_CONSTANT
} // namespace timing_defaults

// One row of the table, for printing it.
struct DefaultRow {
    const char* key;
    const char* unit;
    const char* source;
};

// clang-format off
constexpr DefaultRow kTimingEnergyDefaultRows[] = {
#define XBAR_DEFAULT_ROW(key, value, unit, source) {#key, unit, source},
    XBAR_TIMING_ENERGY_DEFAULTS(XBAR_DEFAULT_ROW)
#undef XBAR_DEFAULT_ROW
};
// clang-format on

} // namespace xbar
