// Conductance drift: after programming, a cell's conductance relaxes with the time t since its
// last write as a power law (docs/crossbar/nonidealities.md; the form of IBM aihwkit's inference
// noise models):
//   G(t) = G_prog ((t + t0) / t0)^-nu,   nu = max(0, nu_state + sigma_nu z)
// with t0 the time of the first read after programming (so t = 0 is G_prog exactly), nu_state per
// state and z a standard normal drawn per cell and programming from the run's seed. The age t of a
// cell is the simulated time since its row was last written (Crossbar::set_time) plus
// xbar.drift_time_s.
#pragma once

#include "ip/xbar/nonideal_defaults.h"

#include <algorithm>
#include <cmath>

namespace xbar {

struct DriftParams {
    bool on = false; // xbar.drift
    double nu_hrs = nonideal_defaults::drift_nu_hrs;
    double nu_lrs = nonideal_defaults::drift_nu_lrs;
    double nu_sigma = nonideal_defaults::drift_nu_sigma;
    double t0_s = nonideal_defaults::drift_t0_s;
    double time_s = nonideal_defaults::drift_time_s;
    // The TLM device re-ages a crossbar when (age + t0) has grown by this factor (relative step).
    double update = nonideal_defaults::drift_update;
};

namespace drift {

inline double nu(const DriftParams& p, bool lrs, double z) {
    return std::max(0.0, (lrs ? p.nu_lrs : p.nu_hrs) + p.nu_sigma * z);
}

inline double factor(const DriftParams& p, double age_s, double nu) {
    if (!(age_s > 0.0) || nu == 0.0) return 1.0;
    return std::pow((age_s + p.t0_s) / p.t0_s, -nu);
}

} // namespace drift
} // namespace xbar
