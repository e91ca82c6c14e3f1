// Cell variability: device-to-device (D2D) deviations fixed per cell across re-programmings,
// programming deviations drawn at every programming, and the moments of both models (normal on
// the current with its clamp at 0, log-normal on the resistance) against their analytic values.
// Cell currents are read back through Crossbar::cell_current().
#include "tests/ip/xbar/stats_util.h"
#include "tests/ip/xbar/test_util.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace xbar;
using xbar_test::correlation;
using xbar_test::correlation_tolerance;
using xbar_test::kSigmas;
using xbar_test::mean_tolerance;
using xbar_test::Moments;
using xbar_test::moments;
using xbar_test::variance_tolerance;

namespace {

// BNN III keeps one cell per weight (g = [w = +1]): a full 256x256 tile of constant weight puts
// every cell in one state, 65536 samples of one distribution.
XbarConfig varied(Variability v, double sd_hrs, double sd_lrs, double sp_hrs, double sp_lrs) {
    XbarConfig c = xbar_test::config(Mapping::BNN_III, ComputeMode::analog);
    c.device.variability = v;
    c.device.sigma_hrs = sd_hrs;
    c.device.sigma_lrs = sd_lrs;
    c.device.sigma_prog_hrs = sp_hrs;
    c.device.sigma_prog_lrs = sp_lrs;
    c.seed = 17;
    return c;
}

std::vector<double> currents(const Crossbar& xb) {
    std::vector<double> out;
    for (int r = 0; r < xb.used_rows(); ++r)
        for (int col = 0; col < xb.used_cols(); ++col) out.push_back(xb.cell_current(r, col));
    return out;
}

// Programs the whole crossbar with weight w and returns its cell currents.
std::vector<double> program_all(Crossbar& xb, int8_t w) {
    const int m = xb.config().max_tile_outputs(), n = xb.config().max_tile_inputs();
    const std::vector<int8_t> weights(static_cast<size_t>(m) * n, w);
    xb.program(weights.data(), m, n);
    return currents(xb);
}

std::vector<double> logs(const std::vector<double>& v) {
    std::vector<double> out;
    for (double x : v) out.push_back(std::log(x));
    return out;
}

TEST(DeviceToDevice, ReprogrammedTileKeepsItsDeviations) {
    Crossbar xb(varied(Variability::normal, 0.3, 2.0, 0, 0), 0);
    const std::vector<double> hrs = program_all(xb, -1);
    const std::vector<double> lrs = program_all(xb, +1);
    EXPECT_EQ(program_all(xb, -1), hrs); // HRS, LRS, HRS: the same HRS currents, bit for bit
    EXPECT_EQ(program_all(xb, +1), lrs);
    // Deviations are real: every cell differs from the nominal current.
    size_t nominal = 0;
    for (double i : hrs) nominal += i == 2.0;
    EXPECT_EQ(nominal, 0u);
    // A cell's HRS and LRS deviations are independent draws.
    EXPECT_NEAR(correlation(hrs, lrs), 0.0, correlation_tolerance(0.0, hrs.size()));
}

TEST(DeviceToDevice, MixedPatternsKeepEachCellsDeviationPerState) {
    Crossbar xb(varied(Variability::lognormal, 0.3, 2.0, 0, 0), 0);
    const int m = 64, n = 128;
    std::mt19937 g(3);
    std::vector<int8_t> w = xbar_test::random_values(static_cast<size_t>(m) * n, false, g);
    xb.program(w.data(), m, n);
    const std::vector<double> first = currents(xb);
    for (int8_t& v : w) v = static_cast<int8_t>(-v); // every cell changes state
    xb.program(w.data(), m, n);
    for (int8_t& v : w) v = static_cast<int8_t>(-v);
    xb.program(w.data(), m, n);
    EXPECT_EQ(currents(xb), first);
}

TEST(DeviceToDevice, FixedPerCrossbarAndSeed) {
    const XbarConfig c = varied(Variability::normal, 0.3, 2.0, 0, 0);
    Crossbar a(c, 0), b(c, 0), other_tile(c, 1);
    const std::vector<double> ia = program_all(a, 1);
    EXPECT_EQ(program_all(b, 1), ia);
    const std::vector<double> it = program_all(other_tile, 1);
    EXPECT_NEAR(correlation(ia, it), 0.0, correlation_tolerance(0.0, ia.size()));
    XbarConfig c2 = c;
    c2.seed = 18;
    Crossbar other_seed(c2, 0);
    const std::vector<double> is = program_all(other_seed, 1);
    EXPECT_NEAR(correlation(ia, is), 0.0, correlation_tolerance(0.0, ia.size()));
}

TEST(ProgrammingVariability, EveryProgrammingDrawsAnew) {
    Crossbar xb(varied(Variability::normal, 0, 0, 0.3, 2.0), 0);
    const std::vector<double> first = program_all(xb, 1);
    std::vector<int32_t> y(256);
    const std::vector<int8_t> x(256, 1);
    for (int k = 0; k < 5; ++k) xb.mvm(x.data(), y.data()); // reads leave the cells alone
    EXPECT_EQ(currents(xb), first);
    const std::vector<double> second = program_all(xb, 1);
    size_t same = 0;
    for (size_t k = 0; k < first.size(); ++k) same += first[k] == second[k];
    EXPECT_EQ(same, 0u);
    EXPECT_NEAR(correlation(first, second), 0.0, correlation_tolerance(0.0, first.size()));
}

// With both effects, two programmings of a cell share its D2D part: their correlation is
// sd^2 / (sd^2 + sp^2) for the normal model, and that of the log currents s_d^2 / (s_d^2 + s_p^2)
// for the log-normal one.
TEST(CellVariability, TwoProgrammingsShareTheDeviceToDevicePart) {
    {
        Crossbar xb(varied(Variability::normal, 0, 1.5, 0, 1.5), 0);
        const std::vector<double> a = program_all(xb, 1), b = program_all(xb, 1);
        EXPECT_NEAR(correlation(a, b), 0.5, correlation_tolerance(0.5, a.size()));
    }
    {
        Crossbar xb(varied(Variability::lognormal, 0, 6.0, 0, 3.0), 0);
        const double vd = std::log1p(0.3 * 0.3), vp = std::log1p(0.15 * 0.15);
        const double rho = vd / (vd + vp);
        const std::vector<double> a = program_all(xb, 1), b = program_all(xb, 1);
        EXPECT_NEAR(correlation(logs(a), logs(b)), rho, correlation_tolerance(rho, a.size()));
    }
}

struct NormalCase {
    int8_t weight; // +1: LRS (nominal 20 uA), -1: HRS (nominal 2 uA)
    double mu, sd, sp;
};

// Normal model: I = max(0, I_state + sd z_d + sp z_p), X = I_state + ... ~ N(I_state, sd^2 + sp^2):
// E[I] and Var[I] are those of the clamped normal (stats_util.h), checked where the clamp does
// not matter and where it biases the mean by 8 %.
TEST(CellVariability, NormalModelMatchesTheClampedNormalMoments) {
    for (const NormalCase& t : {NormalCase{+1, 20.0, 1.5, 1.5}, NormalCase{-1, 2.0, 1.2, 1.6},
                                NormalCase{-1, 2.0, 0.0, 3.0}}) {
        const bool lrs = t.weight > 0;
        Crossbar xb(varied(Variability::normal, lrs ? 0 : t.sd, lrs ? t.sd : 0, lrs ? 0 : t.sp,
                           lrs ? t.sp : 0),
                    0);
        const Moments m = moments(program_all(xb, t.weight));
        const double s = std::hypot(t.sd, t.sp);
        const xbar_test::ClampedNormal want = xbar_test::clamped_normal(t.mu, s);
        EXPECT_NEAR(m.mean, want.mean, mean_tolerance(want.var, m.n)) << t.mu << " " << s;
        EXPECT_NEAR(m.var, want.var, variance_tolerance(m)) << t.mu << " " << s;
        if (t.mu / s < 2) { // the clamp matters here: the bias is far outside the tolerance
            EXPECT_GT(m.mean - t.mu, 3 * mean_tolerance(want.var, m.n));
        }
    }
}

TEST(CellVariability, NormalIsClampedAtZero) {
    Crossbar xb(varied(Variability::normal, 4.0, 0, 0, 0), 0);
    size_t zeros = 0;
    for (double i : program_all(xb, -1)) {
        EXPECT_GE(i, 0.0);
        zeros += i == 0.0;
    }
    // P(2 + 4 z < 0) = Phi(-0.5) = 0.3085 of 65536 cells read exactly 0.
    const double p = xbar_test::normal_cdf(-0.5), n = 65536;
    EXPECT_NEAR(zeros / n, p, kSigmas * std::sqrt(p * (1 - p) / n));
}

// Log-normal model: ln I ~ N(ln I_state - S^2 / 2, S^2) with S^2 = s_d^2 + s_p^2 and
// s^2 = ln(1 + (sigma / I_state)^2): E[I] = I_state, Var[I] = I_state^2 (exp(S^2) - 1).
TEST(CellVariability, LogNormalModelMatchesItsMoments) {
    for (const NormalCase& t : {NormalCase{+1, 20.0, 4.0, 3.0}, NormalCase{-1, 2.0, 1.2, 1.6},
                                NormalCase{-1, 2.0, 0.0, 3.0}}) {
        const bool lrs = t.weight > 0;
        Crossbar xb(varied(Variability::lognormal, lrs ? 0 : t.sd, lrs ? t.sd : 0, lrs ? 0 : t.sp,
                           lrs ? t.sp : 0),
                    0);
        const std::vector<double> i = program_all(xb, t.weight);
        const double vd = std::log1p((t.sd / t.mu) * (t.sd / t.mu));
        const double vp = std::log1p((t.sp / t.mu) * (t.sp / t.mu));
        const double s2 = vd + vp;
        const Moments m = moments(i), ml = moments(logs(i));
        const double var = t.mu * t.mu * std::expm1(s2);
        EXPECT_NEAR(m.mean, t.mu, mean_tolerance(var, m.n)) << t.mu;
        EXPECT_NEAR(m.var, var, variance_tolerance(m)) << t.mu;
        EXPECT_NEAR(ml.mean, std::log(t.mu) - s2 / 2, mean_tolerance(s2, ml.n)) << t.mu;
        EXPECT_NEAR(ml.var, s2, variance_tolerance(ml)) << t.mu;
        for (double x : i) ASSERT_GT(x, 0.0);
    }
}

TEST(CellVariability, ResistanceOfTheLogNormalModelIsLogNormal) {
    // ln R = ln V_read - ln I: Gaussian, so its skewness is 0 (that of I is not).
    Crossbar xb(varied(Variability::lognormal, 0, 6.0, 0, 4.0), 0);
    std::vector<double> log_r;
    for (double i : program_all(xb, 1)) log_r.push_back(std::log(0.2 / (i * 1e-6)));
    const Moments m = moments(log_r);
    double skew = 0;
    for (double x : log_r) skew += std::pow((x - m.mean) / std::sqrt(m.var), 3);
    skew /= m.n;
    EXPECT_NEAR(skew, 0.0, kSigmas * std::sqrt(6.0 / m.n));
}

TEST(CellVariability, LogNormalNeedsAPositiveHrsCurrent) {
    XbarConfig c = varied(Variability::lognormal, 0, 0, 0.5, 0);
    c.device.i_hrs = 0.0;
    EXPECT_THROW(validate(c), ConfigError);
    c.device.variability = Variability::normal;
    EXPECT_NO_THROW(validate(c));
}

} // namespace
