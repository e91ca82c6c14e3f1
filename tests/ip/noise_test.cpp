// Statistics of the non-idealities against their analytic values, reproducibility per seed, and
// the summed read-noise shortcut against the per-cell draw.
#include "test_util.h"

#include "rng.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace xbar;

namespace {

struct Moments {
    double mean = 0, var = 0;
};

Moments moments(const std::vector<double>& v) {
    Moments m;
    for (double x : v) m.mean += x;
    m.mean /= static_cast<double>(v.size());
    for (double x : v) m.var += (x - m.mean) * (x - m.mean);
    m.var /= static_cast<double>(v.size() - 1);
    return m;
}

// Programs a full BNN III tile (one cell per weight) of constant weight and returns the currents.
std::vector<double> cell_currents(const XbarConfig& c, int8_t weight, uint32_t tile = 0) {
    Crossbar xb(c, tile);
    const int m = c.max_tile_outputs(), n = c.max_tile_inputs();
    const std::vector<int8_t> w(static_cast<size_t>(m) * n, weight);
    xb.program(w.data(), m, n);
    std::vector<double> out;
    for (int r = 0; r < xb.used_rows(); ++r)
        for (int col = 0; col < xb.used_cols(); ++col) out.push_back(xb.cell_current(r, col));
    return out;
}

XbarConfig varied(Variability v) {
    XbarConfig c = xbar_test::config(Mapping::BNN_III, ComputeMode::analog, 128, 128);
    c.device.sigma_hrs = 0.3;
    c.device.sigma_lrs = 2.0;
    c.device.variability = v;
    c.seed = 17;
    return c;
}

TEST(Rng, StandardNormalMoments) {
    std::vector<double> z;
    for (uint64_t i = 0; i < 200000; ++i) z.push_back(rng::normal(rng::key(1, 9, i)));
    const Moments m = moments(z);
    EXPECT_NEAR(m.mean, 0.0, 0.01);
    EXPECT_NEAR(m.var, 1.0, 0.01);
}

TEST(ProgrammingVariability, NormalMeanAndVariance) {
    // 16384 cells per state; the clamp at 0 is 10 sigma away and does not matter.
    const Moments lrs = moments(cell_currents(varied(Variability::normal), 1));
    EXPECT_NEAR(lrs.mean, 20.0, 4 * 2.0 / 128);
    EXPECT_NEAR(std::sqrt(lrs.var), 2.0, 0.05);
    const Moments hrs = moments(cell_currents(varied(Variability::normal), -1));
    EXPECT_NEAR(hrs.mean, 2.0, 4 * 0.3 / 128);
    EXPECT_NEAR(std::sqrt(hrs.var), 0.3, 0.008);
}

TEST(ProgrammingVariability, NormalIsClampedAtZero) {
    XbarConfig c = varied(Variability::normal);
    c.device.sigma_hrs = 4.0; // half of the HRS cells would be negative
    for (double i : cell_currents(c, -1)) EXPECT_GE(i, 0.0);
}

TEST(ProgrammingVariability, LogNormalMatchesMeanAndStdAndIsLogNormal) {
    const std::vector<double> lrs = cell_currents(varied(Variability::lognormal), 1);
    const Moments m = moments(lrs);
    EXPECT_NEAR(m.mean, 20.0, 0.07);
    EXPECT_NEAR(std::sqrt(m.var), 2.0, 0.06);
    std::vector<double> log_r; // ln R = ln(V/I) must be Gaussian with variance ln(1 + (s/mu)^2)
    for (double i : lrs) log_r.push_back(std::log(0.2 / (i * 1e-6)));
    EXPECT_NEAR(moments(log_r).var, std::log1p(0.01), 0.0005);
    for (double i : lrs) EXPECT_GT(i, 0.0);
}

TEST(ProgrammingVariability, KeptUntilReprogrammedAndRedrawnThen) {
    const XbarConfig c = varied(Variability::normal);
    Crossbar xb(c, 0);
    const std::vector<int8_t> w(64 * 128, 1), x(128, 1);
    xb.program(w.data(), 64, 128);
    const double first = xb.cell_current(5, 7);
    std::vector<int32_t> y(64);
    for (int k = 0; k < 10; ++k) xb.mvm(x.data(), y.data()); // reads leave cells unchanged
    EXPECT_EQ(xb.cell_current(5, 7), first);
    xb.program(w.data(), 64, 128);
    EXPECT_NE(xb.cell_current(5, 7), first);
}

TEST(ProgrammingVariability, SameSeedSameCellsOtherSeedOtherCells) {
    XbarConfig c = varied(Variability::normal);
    EXPECT_EQ(cell_currents(c, 1), cell_currents(c, 1));
    const std::vector<double> a = cell_currents(c, 1);
    c.seed = 18;
    EXPECT_NE(a, cell_currents(c, 1));
    c.seed = 17;
    EXPECT_NE(a, cell_currents(c, 1, 1)); // another tile draws other deviations
}

TEST(StuckCells, RatesAndPermanence) {
    XbarConfig c = xbar_test::config(Mapping::BNN_III, ComputeMode::analog);
    c.device.p_stuck_hrs = 0.05;
    c.device.p_stuck_lrs = 0.02;
    // All cells LRS: the fraction stuck at HRS reads as HRS, and vice versa.
    const std::vector<double> lrs = cell_currents(c, 1);
    const std::vector<double> hrs = cell_currents(c, -1);
    double n_hrs = 0, n_lrs = 0;
    for (double i : lrs) n_hrs += i == 2.0;
    for (double i : hrs) n_lrs += i == 20.0;
    const double n = static_cast<double>(lrs.size());
    EXPECT_NEAR(n_hrs / n, 0.05, 4 * std::sqrt(0.05 * 0.95 / n));
    EXPECT_NEAR(n_lrs / n, 0.02, 4 * std::sqrt(0.02 * 0.98 / n));
    // A cell stuck at HRS stays there whatever it is programmed to.
    for (size_t k = 0; k < lrs.size(); ++k)
        if (lrs[k] == 2.0) {
            EXPECT_EQ(hrs[k], 2.0);
        }
}

TEST(StuckCells, DigitalModeIgnoresNonIdealities) {
    XbarConfig c = xbar_test::config(Mapping::BNN_I, ComputeMode::digital);
    c.device.p_stuck_hrs = 0.3;
    c.device.sigma_lrs = 5.0;
    c.device.sigma_read = 0.5;
    c.adc.bits = 2;
    std::mt19937 g(8);
    const auto w = xbar_test::random_values(128 * 256, false, g);
    const auto x = xbar_test::random_values(4 * 256, false, g);
    EXPECT_EQ(xbar_test::run(c, w, 128, 256, x, 4), xbar_test::reference_mvm(w, 128, 256, x, 4));
}

// Column signal of BNN III (single column per output) over many reads of the same input.
// *variance and *mean get the analytic moments: sum of sigma^2 I^2 and of I over the read cells.
std::vector<double> signal_samples(const XbarConfig& c, int reads, int output, double* variance,
                                   double* mean = nullptr) {
    Crossbar xb(c, 0);
    const int n = 64, m = 4;
    std::mt19937 g(4);
    const auto w = xbar_test::random_values(m * n, false, g);
    const std::vector<int8_t> x(n, 1); // phase 0 reads every row
    xb.program(w.data(), m, n);
    std::vector<int32_t> y(m);
    std::vector<double> s(m * 2), out;
    for (int k = 0; k < reads; ++k) {
        xb.probe(x.data(), y.data(), s.data());
        out.push_back(s[output * 2]);
    }
    *variance = 0;
    double sum = 0;
    for (int r = 0; r < xb.used_rows(); ++r) {
        const double i = xb.cell_current(r, output);
        *variance += c.device.sigma_read * c.device.sigma_read * i * i;
        sum += i;
    }
    if (mean) *mean = sum;
    return out;
}

TEST(ReadNoise, SummedDrawMatchesAnalyticVariance) {
    XbarConfig c = xbar_test::config(Mapping::BNN_III, ComputeMode::analog);
    c.device.sigma_read = 0.05;
    c.device.sigma_lrs = 1.0; // with programming variability, the per-cell I^2 path is used
    double var = 0;
    const Moments m = moments(signal_samples(c, 20000, 1, &var));
    double ideal_var = 0, ideal_mean = 0;
    c.device.sigma_lrs = 0.0; // nominal cells: the count-based I^2 path
    const Moments m0 = moments(signal_samples(c, 20000, 1, &ideal_var, &ideal_mean));
    EXPECT_NEAR(m.var / var, 1.0, 0.05);
    EXPECT_NEAR(m0.var / ideal_var, 1.0, 0.05);
    EXPECT_NEAR(m0.mean, ideal_mean, 5 * std::sqrt(ideal_var / 20000)); // zero-mean noise
}

TEST(ReadNoise, SummedAndPerCellModelsAgreeInDistribution) {
    XbarConfig c = xbar_test::config(Mapping::BNN_III, ComputeMode::analog);
    c.device.sigma_read = 0.05;
    c.device.sigma_lrs = 1.0;
    double var = 0;
    const Moments summed = moments(signal_samples(c, 8000, 2, &var));
    c.device.read_noise_model = ReadNoiseModel::per_cell;
    const Moments cell = moments(signal_samples(c, 8000, 2, &var));
    const double se_mean = std::sqrt(var / 8000);
    EXPECT_NEAR(summed.mean, cell.mean, 5 * se_mean);
    EXPECT_NEAR(cell.var / var, 1.0, 0.08);
    EXPECT_NEAR(summed.var / cell.var, 1.0, 0.1);
}

TEST(ReadNoise, FreshPerReadReproduciblePerSeed) {
    XbarConfig c = xbar_test::config(Mapping::BNN_I, ComputeMode::analog);
    c.device.sigma_read = 0.1;
    c.adc.bits = 6;
    std::mt19937 g(21);
    const auto w = xbar_test::random_values(128 * 256, false, g);
    const auto x = xbar_test::random_values(256, false, g);
    std::vector<int8_t> xs;
    for (int k = 0; k < 50; ++k) xs.insert(xs.end(), x.begin(), x.end()); // the same vector 50x
    const auto y1 = xbar_test::run(c, w, 128, 256, xs, 50);
    EXPECT_EQ(y1, xbar_test::run(c, w, 128, 256, xs, 50));
    bool varies = false;
    for (int k = 1; k < 50 && !varies; ++k)
        varies = !std::equal(y1.begin(), y1.begin() + 128, y1.begin() + 128 * k);
    EXPECT_TRUE(varies) << "every read must draw fresh noise";
    c.seed = 2;
    EXPECT_NE(y1, xbar_test::run(c, w, 128, 256, xs, 50));
}

TEST(ReadNoise, ErrorGrowsWithSigma) {
    std::mt19937 g(6);
    const auto w = xbar_test::random_values(128 * 256, false, g);
    const auto x = xbar_test::random_values(32 * 256, false, g);
    const auto ref = xbar_test::reference_mvm(w, 128, 256, x, 32);
    double last = -1;
    for (double s : {0.0, 0.05, 0.2}) {
        XbarConfig c = xbar_test::config(Mapping::BNN_I, ComputeMode::analog);
        c.device.sigma_read = s;
        const auto y = xbar_test::run(c, w, 128, 256, x, 32);
        double err = 0;
        for (size_t k = 0; k < y.size(); ++k) err += std::abs(y[k] - ref[k]);
        EXPECT_GT(err, last);
        last = err;
    }
}

} // namespace
