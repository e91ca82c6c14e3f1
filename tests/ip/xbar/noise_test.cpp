// Read noise against the per-cell model for every mapping (moments of every ADC input signal,
// independence across phases, columns and outputs), stuck cells, reproducibility per seed.
// Cell variability: variability_test.cpp.
#include "tests/ip/xbar/stats_util.h"
#include "tests/ip/xbar/test_util.h"

#include "ip/xbar/rng.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace xbar;
using xbar_test::kSigmas;
using xbar_test::mean_tolerance;
using xbar_test::Moments;
using xbar_test::moments;
using xbar_test::variance_tolerance;

namespace {

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

TEST(Rng, StandardNormalMoments) {
    std::vector<double> z;
    for (uint64_t i = 0; i < 200000; ++i) z.push_back(rng::normal(rng::key(1, 9, i)));
    const Moments m = moments(z);
    EXPECT_NEAR(m.mean, 0.0, mean_tolerance(1.0, m.n));
    EXPECT_NEAR(m.var, 1.0, variance_tolerance(m));
    // Gaussian fourth moment 3; the sample m4 has variance (E z^8 - 9) / n = (105 - 9) / n.
    EXPECT_NEAR(m.m4, 3.0, kSigmas * std::sqrt(96.0 / m.n));
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

// One case of the read-noise check: a mapping, a noise model, nominal or D2D-varied cells.
struct NoiseCase {
    Mapping mapping;
    ReadNoiseModel model;
    bool varied_cells;
};

std::string noise_case_name(const ::testing::TestParamInfo<NoiseCase>& info) {
    return std::string(to_string(info.param.mapping)) + "_" + to_string(info.param.model) +
           (info.param.varied_cells ? "_varied" : "_nominal");
}

std::vector<NoiseCase> noise_cases() {
    std::vector<NoiseCase> v;
    for (Mapping m : kAllMappings)
        for (ReadNoiseModel model : {ReadNoiseModel::summed, ReadNoiseModel::per_cell})
            for (bool varied : {false, true}) v.push_back({m, model, varied});
    return v;
}

// Analytic moments of one ADC input signal under the per-cell model: a phase reads the driven
// rows of a column, each cell I_r with its own deviation sigma I_r z; a differential signal
// subtracts a second column with independent draws. Mean: sum I_r (- sum over the second
// column); variance: sigma^2 (sum I_r^2 + sum over the second column).
struct SignalModel {
    double mean = 0, var = 0;
};

SignalModel signal_model(const Crossbar& xb, const std::vector<int8_t>& x, int output,
                         const Conversion& cv, double sigma) {
    const MappingSpec& s = xb.mapping();
    SignalModel out;
    for (int i = 0; i < xb.inputs(); ++i)
        for (int t = 0; t < s.rows_per_input; ++t) {
            if (!s.drive(x[i], t, cv.phase)) continue;
            const int row = i * s.rows_per_input + t;
            for (int slot : {cv.pos, cv.neg}) {
                if (slot < 0) continue;
                const double cur = xb.cell_current(row, output * s.cols_per_output + slot);
                out.mean += slot == cv.pos ? cur : -cur;
                out.var += sigma * sigma * cur * cur;
            }
        }
    return out;
}

class ReadNoiseEveryMapping : public ::testing::TestWithParam<NoiseCase> {};

// Every ADC input signal of every output has the per-cell model's mean and variance, and no two
// signals are correlated: draws are independent across phases (two-phase mappings read the same
// column twice), across the columns of a differential pair and across outputs. A model that
// shared a draw between phases or columns fails the correlation or the variance check.
TEST_P(ReadNoiseEveryMapping, MomentsAndIndependenceMatchThePerCellModel) {
    const NoiseCase& tc = GetParam();
    XbarConfig c = xbar_test::config(tc.mapping, ComputeMode::analog, 64, 64);
    c.device.sigma_read = 0.05;
    c.device.read_noise_model = tc.model;
    if (tc.varied_cells) c.device.sigma_hrs = 0.3, c.device.sigma_lrs = 2.0;
    const MappingSpec& s = spec(tc.mapping);
    const int m = std::min(5, c.max_tile_outputs()), n = std::min(12, c.max_tile_inputs());
    std::mt19937 g(31);
    const std::vector<int8_t> w =
        xbar_test::random_values(static_cast<size_t>(m) * n, s.ternary, g);
    // Every input value occurs, so every phase and row slot drives some rows.
    std::vector<int8_t> x = {1, -1, 1, 1, -1, -1, 1, -1, 1, 1, -1, 1};
    if (s.ternary) x = {1, -1, 0, 1, 0, -1, -1, 1, 0, -1, 1, 0};
    x.resize(n);
    Crossbar xb(c, 0);
    xb.program(w.data(), m, n);
    const int nc = s.n_conversions, reads = 10000;
    std::vector<std::vector<double>> samples(m * nc);
    std::vector<int32_t> y(m);
    std::vector<double> sig(m * nc);
    for (int r = 0; r < reads; ++r) {
        xb.probe(x.data(), y.data(), sig.data());
        for (int k = 0; k < m * nc; ++k) samples[k].push_back(sig[k]);
    }
    std::vector<int> noisy; // signals that read at least one cell
    for (int j = 0; j < m; ++j)
        for (int q = 0; q < nc; ++q) {
            const int k = j * nc + q;
            const SignalModel want = signal_model(xb, x, j, s.conversions[q], 0.05);
            const Moments got = moments(samples[k]);
            ASSERT_GT(want.var, 0.0) << "output " << j << " conversion " << q << " reads no cell";
            EXPECT_NEAR(got.mean, want.mean, mean_tolerance(want.var, reads))
                << "output " << j << " conversion " << q;
            EXPECT_NEAR(got.var, want.var, variance_tolerance(got))
                << "output " << j << " conversion " << q;
            noisy.push_back(k);
        }
    for (size_t a = 0; a < noisy.size(); ++a)
        for (size_t b = a + 1; b < noisy.size(); ++b)
            EXPECT_NEAR(xbar_test::correlation(samples[noisy[a]], samples[noisy[b]]), 0.0,
                        xbar_test::correlation_tolerance(0.0, reads))
                << "signals " << noisy[a] << " and " << noisy[b] << " share draws";
}

INSTANTIATE_TEST_SUITE_P(AllMappings, ReadNoiseEveryMapping, ::testing::ValuesIn(noise_cases()),
                         noise_case_name);

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
    std::vector<double> errors;
    for (double s : {0.0, 0.05, 0.2}) {
        XbarConfig c = xbar_test::config(Mapping::BNN_I, ComputeMode::analog);
        c.device.sigma_read = s;
        const auto y = xbar_test::run(c, w, 128, 256, x, 32);
        double err = 0;
        for (size_t k = 0; k < y.size(); ++k) err += std::abs(y[k] - ref[k]);
        errors.push_back(err);
    }
    EXPECT_EQ(errors[0], 0.0); // no noise, ideal ADC: exact
    EXPECT_GT(errors[1], 0.0);
    EXPECT_GT(errors[2], errors[1]);
}

} // namespace
