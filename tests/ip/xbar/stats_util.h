// Sample statistics for the tests of random draws, with tolerances derived from the sample size:
// an estimate passes if it lies within kSigmas standard errors of the analytic value. The draws
// are fixed by the seed, so a test passes or fails the same way every run; a correct model fails
// a 5-standard-error check with probability ~6e-7 per check when keys or seeds change.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace xbar_test {

constexpr double kSigmas = 5.0;

struct Moments {
    double n = 0, mean = 0, var = 0, m4 = 0; // var unbiased; m4 = fourth central moment
};

inline Moments moments(const std::vector<double>& v) {
    Moments m;
    m.n = static_cast<double>(v.size());
    for (double x : v) m.mean += x;
    m.mean /= m.n;
    for (double x : v) {
        const double d2 = (x - m.mean) * (x - m.mean);
        m.var += d2;
        m.m4 += d2 * d2;
    }
    m.var /= m.n - 1;
    m.m4 /= m.n;
    return m;
}

// Standard error of a sample mean of n draws with variance var.
inline double mean_tolerance(double var, double n) { return kSigmas * std::sqrt(var / n); }

// Standard error of the unbiased sample variance, from the fourth central moment:
// Var(s^2) = (m4 - var^2 (n - 3) / (n - 1)) / n.
inline double variance_tolerance(const Moments& m) {
    return kSigmas * std::sqrt((m.m4 - m.var * m.var * (m.n - 3) / (m.n - 1)) / m.n);
}

// Pearson correlation of two equally long samples.
inline double correlation(const std::vector<double>& a, const std::vector<double>& b) {
    const Moments ma = moments(a), mb = moments(b);
    double c = 0;
    for (size_t k = 0; k < a.size(); ++k) c += (a[k] - ma.mean) * (b[k] - mb.mean);
    c /= ma.n - 1;
    return c / std::sqrt(ma.var * mb.var);
}

// Standard error of a sample correlation rho of n pairs of (near) Gaussian draws:
// (1 - rho^2) / sqrt(n - 1).
inline double correlation_tolerance(double rho, double n) {
    return kSigmas * (1 - rho * rho) / std::sqrt(n - 1);
}

inline double normal_pdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI); }
inline double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// Mean and variance of max(0, X) for X ~ N(mu, s^2), a = mu / s:
// E = mu Phi(a) + s phi(a), E[Y^2] = (mu^2 + s^2) Phi(a) + mu s phi(a).
struct ClampedNormal {
    double mean, var;
};
inline ClampedNormal clamped_normal(double mu, double s) {
    const double a = mu / s;
    const double e1 = mu * normal_cdf(a) + s * normal_pdf(a);
    const double e2 = (mu * mu + s * s) * normal_cdf(a) + mu * s * normal_pdf(a);
    return {e1, e2 - e1 * e1};
}

} // namespace xbar_test
