// Read disturb: every read applies V_read to the cells of the driven rows for t_read; after enough
// reads an LRS cell loses conductance (its filament is slowly reset by the read bias), i.e. it
// drifts towards HRS. Model of Jiang et al. (IEEE TED 2021), as used by analog-cim-sim
// (docs/crossbar/nonidealities.md):
//   p          = c1 exp(a |V_read| / kT)                            (power-law exponent)
//   t_tr(N)    = t0 F^(1/p) (1 - k N^m)^(1/p)                       (transition time, s)
//   t_stress   = n t_read                                           (n reads since the last write)
//   G / G_prog = 1 for t_stress <= t_tr,  (t_stress / t_tr)^-p after
// with N the SET/RESET cycles the cell has seen. HRS cells are not disturbed in this model.
// Refreshing (re-programming) a cell restarts n at 0 and adds one cycle to N.
#pragma once

#include "ip/xbar/nonideal_defaults.h"

#include <cmath>
#include <cstdint>

namespace xbar {

struct ReadDisturbParams {
    bool on = false; // xbar.read_disturb
    double t0_s = nonideal_defaults::rd_t0_s;
    double fit = nonideal_defaults::rd_fit;
    double c1 = nonideal_defaults::rd_c1;
    double a_ev = nonideal_defaults::rd_a_ev;
    double k = nonideal_defaults::rd_k;
    double m = nonideal_defaults::rd_m;
    double temperature_k = nonideal_defaults::rd_temperature_k;
    int prior_cycles = nonideal_defaults::rd_prior_cycles;
    double prior_reads = nonideal_defaults::rd_prior_reads;
    // Reset value of the TLM device's RD_THRESHOLD register (firmware refresh policy; 0 = none).
    double threshold = nonideal_defaults::rd_threshold;
};

namespace read_disturb {

constexpr double kBoltzmannEvPerK = 8.617333262e-5; // k_B / q

inline double exponent(const ReadDisturbParams& p, double v_read) {
    return p.c1 * std::exp(p.a_ev * std::fabs(v_read) / (kBoltzmannEvPerK * p.temperature_k));
}

// Transition time (s) of a cell that has seen `cycles` SET/RESET cycles; 0 once the cycling
// term 1 - k N^m reaches 0 (a worn-out cell is disturbed from its first read).
inline double transition_time_s(const ReadDisturbParams& p, double exponent, double cycles) {
    const double wear = 1.0 - p.k * std::pow(cycles, p.m);
    if (wear <= 0.0) return 0.0;
    return p.t0_s * std::pow(p.fit, 1.0 / exponent) * std::pow(wear, 1.0 / exponent);
}

// Conductance factor G / G_prog after `stress_s` seconds of read stress.
inline double factor(double stress_s, double transition_s, double exponent) {
    if (!(stress_s > transition_s)) return 1.0;
    if (!(transition_s > 0.0)) return stress_s > 0.0 ? 0.0 : 1.0;
    return std::pow(stress_s / transition_s, -exponent);
}

} // namespace read_disturb
} // namespace xbar
