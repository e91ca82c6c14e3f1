// The single table of the defaults of the second set of non-idealities (IR drop, read disturb,
// conductance drift, ADC imperfections): key (the `xbar.KEY` option), default, unit and source
// with the arithmetic. Each non-ideality is switched off by default by its own switch
// (xbar.ir_drop, xbar.read_disturb, xbar.drift) or by a zero standard deviation; the values below
// are what it uses once switched on. The parameter structs take their defaults from this table,
// the options show them (xbar_options.cpp) and `xbar_defaults_doc --nonideal` prints the table of
// docs/crossbar/nonidealities.md, which tests/ip/xbar/defaults_doc_test.cpp compares with the page.
//
// Sources (docs/crossbar/nonidealities.md lists them in full):
//   Jiang  C.-M. Jiang et al., "An Analytical Model of Read-Disturb Failure Time in a Post-Cycling
//          Resistive Switching Memory", IEEE Trans. Electron Devices 68(12), 2021
//          (IEEE Xplore 9580480); parameter values as implemented by the reference simulator
//          analog-cim-sim (R. Pelke et al., cpp/src/xbar/read_disturb.cpp)
//   aihwkit  IBM Analog Hardware Acceleration Kit, StateIndependentNoiseModel (power-law drift
//          g(t) = g_prog (t / t0)^-nu, nu = |nu_mean + nu_std xi|_+, defaults nu_mean 0.1,
//          nu_std 0.05, t_0 20 s)
//   Microchip  "ADC Parameter Definitions" (offset, gain error, INL, DNL in LSB; ideal value
//          0 LSB each)
#pragma once

#include "ip/xbar/timing_energy_defaults.h" // DefaultRow

namespace xbar {

// X(key, default, unit, source). Sources contain no '|' (they become markdown table cells).
// clang-format off
#define XBAR_NONIDEAL_DEFAULTS(X)                                                                  \
    X(r_wire_ohm, 2.5, "Ohm per segment",                                                          \
      "reasoned: a copper line 50 nm wide and 100 nm thick (aspect ratio 2) with the size-"        \
      "effect resistivity of narrow lines, 2.5 uOhm cm, over a 0.5 um cell pitch: "                \
      "2.5e-8 Ohm m x 0.5e-6 m / (50e-9 m x 100e-9 m) = 2.5 Ohm; the middle of the 1 to 5 Ohm "   \
      "per segment of issue 14")                                                                   \
    X(r_wl_ohm, 0.0, "Ohm per segment",                                                            \
      "0 = xbar.r_wire_ohm; a different word-line resistance when the word-lines run on another " \
      "metal layer than the bit-lines")                                                            \
    X(r_bl_ohm, 0.0, "Ohm per segment", "0 = xbar.r_wire_ohm; as xbar.r_wl_ohm for the bit-lines") \
    X(ir_fast_sweeps, 3, "sweeps",                                                                 \
      "measured: the error of the fast IR-drop solver against the exact one falls by about an "   \
      "order of magnitude per sweep; see the error table of this page (xbar_ir_error)")            \
    X(rd_t0_s, 1.55e-8, "s",                                                                       \
      "Jiang (TED 2021) transition-time prefactor t0, value of analog-cim-sim")                    \
    X(rd_fit, 1.43339, "",                                                                         \
      "Jiang (TED 2021) fitting constant F of the transition time t0 F^(1/p) (1 - k N^m)^(1/p), " \
      "value of analog-cim-sim (fitted to the paper's graphs)")                                    \
    X(rd_c1, 0.0068, "",                                                                           \
      "Jiang (TED 2021) power-law exponent p = c1 exp(a V_read / kT), value of analog-cim-sim: "   \
      "at 0.2 V and 300 K p = 0.0068 exp(0.11 x 0.2 / 0.025852) = 0.0159")                        \
    X(rd_a_ev, 0.11, "eV/V",                                                                       \
      "Jiang (TED 2021) voltage acceleration a of p, value of analog-cim-sim")                     \
    X(rd_k, 0.003, "",                                                                             \
      "Jiang (TED 2021) cycling degradation k of (1 - k N^m), value of analog-cim-sim")            \
    X(rd_m, 0.41, "",                                                                              \
      "Jiang (TED 2021) cycling exponent m of (1 - k N^m), value of analog-cim-sim")               \
    X(rd_temperature_k, 300.0, "K", "room temperature, as analog-cim-sim")                         \
    X(rd_prior_cycles, 0, "SET/RESET cycles",                                                      \
      "fresh cells; the cycles a cell saw before the simulation (N = this + its writes in the "   \
      "simulation)")                                                                               \
    X(rd_prior_reads, 0.0, "reads",                                                                \
      "none; reads every cell saw since its last write before the simulation started (a "         \
      "simulated stress history, like xbar.drift_time_s for drift)")                               \
    X(rd_threshold, 0.0, "reads",                                                                  \
      "none (refresh off); the reset value of the device's RD_THRESHOLD register: the firmware "   \
      "runtime refreshes a tile once a row of it has been read this often since its last write "  \
      "(docs/crossbar/registers.md)")                                                              \
    X(drift_nu_hrs, 0.1, "",                                                                       \
      "aihwkit StateIndependentNoiseModel drift_nu_mean = 0.1 (generic; PCM-derived, state-"      \
      "independent)")                                                                              \
    X(drift_nu_lrs, 0.1, "", "as xbar.drift_nu_hrs (aihwkit drift_nu_mean = 0.1)")                 \
    X(drift_nu_sigma, 0.05, "",                                                                    \
      "aihwkit StateIndependentNoiseModel drift_nu_std = 0.05: cell-to-cell spread of nu, "       \
      "rectified at 0")                                                                            \
    X(drift_t0_s, 20.0, "s",                                                                       \
      "aihwkit StateIndependentNoiseModel t_0 = 20 s: time of the first read after programming, " \
      "the reference of the power law")                                                            \
    X(drift_time_s, 0.0, "s",                                                                      \
      "no delay; simulated time between programming and the run, added to every cell's age")      \
    X(drift_update, 0.01, "relative age step",                                                     \
      "reasoned: the device re-ages a crossbar's cells to the simulated time before an MVM once "  \
      "(age + t0) has grown by this factor since the last update; the conductance then lags by "   \
      "at most 1 - 1.01^-nu = 0.1 % at nu = 0.1, below the 2 uA / 20 uA = 10 % of the default "   \
      "LRS variability, at 1 + ln(age_end / age_start) / ln(1.01) updates per run")               \
    X(adc_offset_lsb, 0.0, "LSB (std. dev.)",                                                      \
      "off (Microchip ADC parameter definitions: ideal offset 0 LSB); per ADC a fixed offset "    \
      "drawn from N(0, this^2)")                                                                   \
    X(adc_gain_sigma, 0.0, "relative (std. dev.)",                                                 \
      "off (ideal gain error 0); per ADC a fixed gain 1 + N(0, this^2)")                           \
    X(adc_inl_lsb, 0.0, "LSB (std. dev.)",                                                         \
      "off (ideal INL 0 LSB); per ADC a fixed table of code transition errors drawn from "        \
      "N(0, this^2), which sets INL and DNL")                                                      \
    X(adc_noise_lsb, 0.0, "LSB rms",                                                               \
      "off; input-referred noise, a fresh N(0, this^2) per conversion")
// clang-format on

namespace nonideal_defaults {
#define XBAR_DEFAULT_CONSTANT(key, value, unit, source) constexpr auto key = value;
XBAR_NONIDEAL_DEFAULTS(XBAR_DEFAULT_CONSTANT)
#undef XBAR_DEFAULT_CONSTANT
} // namespace nonideal_defaults

// clang-format off
constexpr DefaultRow kNonidealDefaultRows[] = {
#define XBAR_DEFAULT_ROW(key, value, unit, source) {#key, unit, source},
    XBAR_NONIDEAL_DEFAULTS(XBAR_DEFAULT_ROW)
#undef XBAR_DEFAULT_ROW
};
// clang-format on

} // namespace xbar
