// Conductance drift, read disturb (with read counts and refresh) and ADC imperfections: each
// against its formula, off = the ideal model bit for bit, same seed = same bits, threads and
// batch splits never change a result.
#include "ip/xbar/adc_errors.h"
#include "ip/xbar/crossbar.h"
#include "tests/ip/xbar/test_util.h"
#include "ip/xbar/xbar_config.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

using namespace xbar;

namespace {

struct Tile {
    int outs, ins;
    std::vector<int8_t> w, x;
};

Tile random_tile(const XbarConfig& c, size_t batch, uint32_t seed) {
    std::mt19937 rng(seed);
    const bool t = c.mapping_spec().ternary;
    Tile tile{c.max_tile_outputs(), c.max_tile_inputs(), {}, {}};
    tile.w = xbar_test::random_values(static_cast<size_t>(tile.outs) * tile.ins, t, rng);
    tile.x = xbar_test::random_values(batch * tile.ins, t, rng);
    return tile;
}

std::vector<int32_t> run(const XbarConfig& c, const Tile& t, size_t batch, unsigned threads = 1) {
    Crossbar xb(c, 3);
    xb.program(t.w.data(), t.outs, t.ins);
    std::vector<int32_t> y(batch * t.outs);
    xb.mvm_batch(t.x.data(), batch, y.data(), threads);
    return y;
}

XbarConfig noisy(Mapping m, int size = 64) {
    XbarConfig c = xbar_test::config(m, ComputeMode::analog, size, size);
    c.device.sigma_hrs = 0.3;
    c.device.sigma_lrs = 1.5;
    c.device.sigma_read = 0.02;
    c.adc.bits = 6;
    return c;
}

// ---------------------------------------------------------------- drift

TEST(Drift, AtAgeZeroItIsTheModelWithoutDriftBitForBit) {
    for (Mapping m : {Mapping::BNN_I, Mapping::TNN_V}) {
        const XbarConfig off = noisy(m);
        XbarConfig on = off;
        on.drift.on = true; // age 0: ((0 + t0) / t0)^-nu = 1
        const Tile t = random_tile(off, 16, 1);
        EXPECT_EQ(run(on, t, 16), run(off, t, 16)) << to_string(m);
    }
}

// Without nu spread every cell follows G(t) = G_prog ((t + t0) / t0)^-nu of its state.
TEST(Drift, CellCurrentsFollowThePowerLaw) {
    XbarConfig c = xbar_test::config(Mapping::BNN_I, ComputeMode::analog, 32, 32);
    c.drift.on = true;
    c.drift.nu_hrs = 0.2;
    c.drift.nu_lrs = 0.05;
    c.drift.nu_sigma = 0.0;
    c.drift.t0_s = 20.0;
    c.drift.time_s = 3600.0;
    const Tile t = random_tile(c, 1, 2);
    Crossbar xb(c, 0);
    xb.program(t.w.data(), t.outs, t.ins);
    const double fh = std::pow((3600.0 + 20.0) / 20.0, -0.2), fl = std::pow(3620.0 / 20.0, -0.05);
    for (int r = 0; r < xb.used_rows(); ++r)
        for (int col = 0; col < xb.used_cols(); ++col) {
            const bool lrs = xb.cell_lrs(r, col);
            const double expected = lrs ? c.device.i_lrs * fl : c.device.i_hrs * fh;
            EXPECT_NEAR(xb.cell_current(r, col), expected, 1e-5 * expected);
        }
    // The simulated clock adds to the delay; a refreshed row starts again at age 0.
    xb.set_time(1000.0);
    EXPECT_DOUBLE_EQ(xb.row_age_s(0), 4600.0);
    const double f4600 = std::pow(4620.0 / 20.0, -0.05);
    const int lrs_col = xb.cell_lrs(0, 0) ? 0 : 1;
    EXPECT_NEAR(xb.cell_current(0, lrs_col), c.device.i_lrs * f4600, 1e-4);
    const ProgramActivity a = xb.refresh_rows(0, 1);
    EXPECT_EQ(a.rows, 1u);
    EXPECT_EQ(a.cells, static_cast<uint64_t>(xb.used_cols()));
    EXPECT_DOUBLE_EQ(xb.row_age_s(0), 3600.0); // only the delay of xbar.drift_time_s remains
    EXPECT_DOUBLE_EQ(xb.row_age_s(1), 4600.0);
}

// With nu = max(0, nu_state + sigma z): over 16384 cells of one state the mean and standard
// deviation of nu = -ln(I / I_state) / ln((t + t0) / t0) are nu_state and sigma (the rectification
// at 0 is 6 standard deviations away), within 5 standard errors.
TEST(Drift, NuSpreadHasTheStatedMeanAndDeviation) {
    XbarConfig c = xbar_test::config(Mapping::BNN_I, ComputeMode::analog, 128, 256);
    c.drift.on = true;
    c.drift.nu_lrs = 0.3;
    c.drift.nu_sigma = 0.05;
    c.drift.time_s = 1e5;
    const Tile t = random_tile(c, 1, 3);
    Crossbar xb(c, 0);
    xb.program(t.w.data(), t.outs, t.ins);
    const double lt = std::log((1e5 + c.drift.t0_s) / c.drift.t0_s);
    std::vector<double> nu;
    for (int r = 0; r < xb.used_rows(); ++r)
        for (int col = 0; col < xb.used_cols(); ++col)
            if (xb.cell_lrs(r, col)) nu.push_back(-std::log(xb.cell_current(r, col) / 20.0) / lt);
    const double n = static_cast<double>(nu.size());
    double mean = 0, var = 0;
    for (double v : nu) mean += v / n;
    for (double v : nu) var += (v - mean) * (v - mean) / (n - 1);
    EXPECT_NEAR(mean, 0.3, 5 * 0.05 / std::sqrt(n));
    EXPECT_NEAR(std::sqrt(var), 0.05, 5 * 0.05 / std::sqrt(2 * n));
    // Same seed, same cells; another seed, other cells.
    Crossbar again(c, 0);
    again.program(t.w.data(), t.outs, t.ins);
    EXPECT_EQ(again.cell_current(5, 7), xb.cell_current(5, 7));
    c.seed = 2;
    Crossbar other(c, 0);
    other.program(t.w.data(), t.outs, t.ins);
    EXPECT_NE(other.cell_current(5, 7), xb.cell_current(5, 7));
}

TEST(Drift, LongDelaysChangeOutputsThreadIndependently) {
    XbarConfig c = noisy(Mapping::BNN_III);
    c.adc.bits = 0;
    c.device.sigma_read = 0.0;
    c.drift.on = true;
    c.drift.nu_hrs = 0.1;
    c.drift.nu_lrs = 0.02; // LRS decays slower than HRS: the window shrinks less than HRS
    c.drift.time_s = 1e7;
    const Tile t = random_tile(c, 32, 4);
    const std::vector<int32_t> y1 = run(c, t, 32, 1);
    EXPECT_EQ(run(c, t, 32, 3), y1);
    XbarConfig no = c;
    no.drift.on = false;
    EXPECT_NE(y1, run(no, t, 32));
}

// ---------------------------------------------------------------- read disturb

// The model's numbers at its defaults, worked by hand: p = 0.0068 exp(0.11 x 0.2 / (k T / q)),
// k T / q = 8.617333e-5 x 300 = 0.025852 V, so p = 0.0068 exp(0.85100) = 0.015926; the transition
// time of a cell with N cycles is 1.55e-8 x 1.43339^(1/p) x (1 - 0.003 N^0.41)^(1/p).
TEST(ReadDisturb, ModelMatchesTheHandWorkedValues) {
    const ReadDisturbParams p;
    const double e = read_disturb::exponent(p, 0.2);
    EXPECT_NEAR(e, 0.0068 * std::exp(0.11 * 0.2 / (8.617333262e-5 * 300.0)), 1e-12);
    EXPECT_NEAR(e, 0.015926, 1e-6);
    const double t1 = read_disturb::transition_time_s(p, e, 1.0);
    EXPECT_NEAR(t1, 1.55e-8 * std::pow(1.43339, 1 / e) * std::pow(1 - 0.003, 1 / e), 1e-9 * t1);
    // More cycles, earlier disturb; a worn-out cell (k N^m >= 1) is disturbed at once.
    EXPECT_LT(read_disturb::transition_time_s(p, e, 1000.0), t1);
    EXPECT_EQ(read_disturb::transition_time_s(p, e, 1e8), 0.0);
    EXPECT_EQ(read_disturb::factor(0.5 * t1, t1, e), 1.0);
    EXPECT_NEAR(read_disturb::factor(100 * t1, t1, e), std::pow(100.0, -e), 1e-12);
    // A higher read voltage or temperature disturbs sooner.
    EXPECT_LT(read_disturb::transition_time_s(p, read_disturb::exponent(p, 0.3), 1.0), t1);
}

XbarConfig disturbed(Mapping m, double prior_reads) {
    XbarConfig c = xbar_test::config(m, ComputeMode::analog, 32, 32);
    c.read_disturb.on = true;
    c.read_disturb.prior_reads = prior_reads;
    return c;
}

TEST(ReadDisturb, ReadsAreCountedPerDrivenRow) {
    XbarConfig c = disturbed(Mapping::TNN_II, 0.0); // two phases, x = -1 drives its row twice
    const Tile t = random_tile(c, 20, 5);
    Crossbar xb(c, 0);
    xb.program(t.w.data(), t.outs, t.ins);
    std::vector<int32_t> y(20 * t.outs);
    xb.mvm_batch(t.x.data(), 20, y.data());
    for (int i = 0; i < t.ins; ++i) {
        uint64_t expected = 0; // TNN II: phase 0 drives x != 0, phase 1 drives x = -1
        for (int b = 0; b < 20; ++b) {
            const int v = t.x[static_cast<size_t>(b) * t.ins + i];
            expected += (v != 0) + (v == -1);
        }
        EXPECT_EQ(xb.row_reads(i), expected) << "row " << i;
        EXPECT_EQ(xb.cell_reads(i, 3), expected);
    }
    // Off: nothing counted.
    c.read_disturb.on = false;
    Crossbar plain(c, 0);
    plain.program(t.w.data(), t.outs, t.ins);
    plain.mvm_batch(t.x.data(), 20, y.data());
    EXPECT_EQ(plain.max_row_reads(), 0u);
}

TEST(ReadDisturb, BelowTheTransitionTimeItIsTheModelWithoutDisturbBitForBit) {
    XbarConfig off = noisy(Mapping::BNN_V);
    XbarConfig on = off;
    on.read_disturb.on = true;
    const Tile t = random_tile(off, 16, 6);
    EXPECT_EQ(run(on, t, 16), run(off, t, 16));
}

// Past the transition time the LRS cells of every driven row carry I_LRS f, with
// f = (n t_read / t_tr)^-p from the row's reads n (here a stress history of 1e12 reads, 1e4 s,
// plus the reads of the run): the ADC input signal of BNN I is the difference of the two columns
// of each output, sum over driven rows of the (disturbed) LRS and HRS currents.
TEST(ReadDisturb, SignalsCarryTheDisturbedLrsCurrents) {
    XbarConfig c = disturbed(Mapping::BNN_I, 1e12);
    const Tile t = random_tile(c, 4, 7);
    Crossbar xb(c, 0);
    xb.program(t.w.data(), t.outs, t.ins);
    const double e = read_disturb::exponent(c.read_disturb, c.device.v_read);
    for (int b = 0; b < 4; ++b) {
        const int8_t* x = t.x.data() + static_cast<size_t>(b) * t.ins;
        std::vector<double> expected(t.outs, 0.0);
        for (int j = 0; j < t.outs; ++j)
            for (int i = 0; i < t.ins; ++i) {
                if (x[i] != 1) continue;
                const double stress = (1e12 + static_cast<double>(xb.row_reads(i))) * 10e-9;
                const double f = std::pow(stress / xb.row_transition_s(i), -e);
                EXPECT_NEAR(xb.row_disturb_factor(i), f, 1e-12);
                const bool plus = xb.cell_lrs(i, 2 * j);
                const double lrs = c.device.i_lrs * f, hrs = c.device.i_hrs;
                expected[j] += plus ? lrs - hrs : hrs - lrs;
            }
        std::vector<int32_t> y(t.outs);
        std::vector<double> signals(t.outs);
        xb.probe(x, y.data(), signals.data());
        for (int j = 0; j < t.outs; ++j) EXPECT_NEAR(signals[j], expected[j], 1e-4) << j;
    }
    EXPECT_LT(xb.row_disturb_factor(0), 0.95);
}

// The disturb of vector b comes from the reads of vectors 0 .. b-1: batch splits and threads
// give the same results and the same counts.
TEST(ReadDisturb, BatchSplitsAndThreadsDoNotMatter) {
    XbarConfig c = disturbed(Mapping::TNN_IV, 3e11);
    c.rows = c.cols = 64;
    c.device.sigma_read = 0.02;
    c.adc.bits = 5;
    c.read_disturb.prior_cycles = 2000; // worn cells: the transition is near
    const Tile t = random_tile(c, 24, 8);
    Crossbar whole(c, 1), split(c, 1), threaded(c, 1);
    for (Crossbar* xb : {&whole, &split, &threaded}) xb->program(t.w.data(), t.outs, t.ins);
    std::vector<int32_t> y1(24 * t.outs), y2(y1.size()), y3(y1.size());
    whole.mvm_batch(t.x.data(), 24, y1.data());
    for (int b = 0; b < 24; ++b)
        split.mvm(t.x.data() + static_cast<size_t>(b) * t.ins,
                  y2.data() + static_cast<size_t>(b) * t.outs);
    threaded.mvm_batch(t.x.data(), 24, y3.data(), 4);
    EXPECT_EQ(y1, y2);
    EXPECT_EQ(y1, y3);
    for (int r = 0; r < whole.used_rows(); ++r) {
        EXPECT_EQ(whole.row_reads(r), split.row_reads(r));
        EXPECT_EQ(whole.row_reads(r), threaded.row_reads(r));
    }
    XbarConfig no = c;
    no.read_disturb.on = false;
    EXPECT_NE(run(no, t, 24), y1);
}

// Refresh: the rows' counts restart, their disturb is gone, and the crossbar computes what a
// freshly programmed one computes; its cost is that of programming the refreshed rows.
TEST(ReadDisturb, RefreshRestoresTheCellsAtTheCostOfProgrammingThem) {
    XbarConfig c = disturbed(Mapping::BNN_I, 2e12);
    const Tile t = random_tile(c, 8, 9);
    Crossbar xb(c, 0);
    xb.program(t.w.data(), t.outs, t.ins);
    std::vector<int32_t> y(8 * t.outs), fresh(y.size());
    xb.mvm_batch(t.x.data(), 8, y.data());
    EXPECT_GT(xb.max_row_reads(), 0u);
    EXPECT_THROW(xb.refresh_rows(0, xb.used_rows() + 1), std::invalid_argument);
    const double cycles = xb.row_cycles(0);
    const ProgramActivity a = xb.refresh();
    EXPECT_EQ(a.rows, static_cast<uint64_t>(xb.used_rows()));
    EXPECT_EQ(a.cells, static_cast<uint64_t>(xb.used_rows()) * xb.used_cols());
    const Cost cost = program_cost(c.timing, a);
    EXPECT_GT(cost.ns, 0.0);
    EXPECT_GT(cost.pj, 0.0);
    EXPECT_EQ(xb.max_row_reads(), 0u);
    EXPECT_EQ(xb.row_cycles(0), cycles + 1);
    // The refresh re-wrote the cells: the stress history before the run is gone too, and a fresh
    // crossbar without it and with one cycle more computes the same.
    XbarConfig f = c;
    f.read_disturb.prior_cycles = 1;
    f.read_disturb.prior_reads = 0;
    Crossbar again(f, 0);
    again.program(t.w.data(), t.outs, t.ins);
    xb.mvm_batch(t.x.data(), 8, y.data());
    again.mvm_batch(t.x.data(), 8, fresh.data());
    EXPECT_EQ(y, fresh);
    // A crossbar that keeps its history still computes differently.
    Crossbar stressed(c, 0);
    stressed.program(t.w.data(), t.outs, t.ins);
    stressed.mvm_batch(t.x.data(), 8, fresh.data());
    EXPECT_NE(y, fresh);
}

// ---------------------------------------------------------------- ADC imperfections

TEST(AdcErrors, StaticTablesAreDrawnPerAdcFromTheSeed) {
    AdcErrorParams p;
    p.offset_lsb = 0.5;
    p.gain_sigma = 0.02;
    p.inl_lsb = 0.3;
    const AdcErrors a(p, 8, 32, 1, 0), b(p, 8, 32, 1, 0), other_tile(p, 8, 32, 1, 1);
    EXPECT_EQ(a.adcs(), 32);
    for (int i = 0; i < 32; ++i) {
        EXPECT_EQ(a.offset_lsb(i), b.offset_lsb(i));
        EXPECT_EQ(a.gain(i), b.gain(i));
        EXPECT_NE(a.offset_lsb(i), other_tile.offset_lsb(i));
        for (int k = 1; k < 255; ++k) EXPECT_LE(a.transition_lsb(i, k), a.transition_lsb(i, k + 1));
    }
    EXPECT_NE(a.offset_lsb(0), a.offset_lsb(1));
    // Over 32 ADCs x 255 transitions the errors eps_k = T_k - (k - 1/2) have standard deviation
    // inl_lsb (sorting changes it little at 0.3 LSB), and the DNL eps_{k+1} - eps_k about
    // sqrt(2) inl_lsb: within 10 %.
    double s2 = 0, d2 = 0;
    int n = 0, nd = 0;
    for (int i = 0; i < 32; ++i)
        for (int k = 1; k < 256; ++k) {
            const double eps = a.transition_lsb(i, k) - (k - 0.5);
            s2 += eps * eps;
            ++n;
            if (k < 255) {
                const double dnl = a.transition_lsb(i, k + 1) - a.transition_lsb(i, k) - 1.0;
                d2 += dnl * dnl;
                ++nd;
            }
        }
    EXPECT_NEAR(std::sqrt(s2 / n), 0.3, 0.03);
    EXPECT_NEAR(std::sqrt(d2 / nd), 0.3 * std::sqrt(2.0), 0.05);
}

// A conversion is the number of transitions below the input (gain and offset applied, in LSB of
// the range): checked by sweeping the input across each transition.
TEST(AdcErrors, CodesChangeExactlyAtTheTransitions) {
    AdcErrorParams p;
    p.offset_lsb = 0.4;
    p.gain_sigma = 0.03;
    p.inl_lsb = 0.25;
    const AdcErrors e(p, 5, 4, 7, 2);
    const Adc adc(5, {-16.0, 16.0}, AdcSpacing::reference); // step 1 uA, code 0 at -16 uA
    for (int a = 0; a < 4; ++a)
        for (int k = 1; k < 32; ++k) {
            // Input whose converted position (signal gain + offset - lo) / step is T_k.
            const double at = (e.transition_lsb(a, k) - e.offset_lsb(a) - 16.0) / e.gain(a);
            EXPECT_EQ(e.code(adc, a, at - 1e-4, 0.0), static_cast<uint32_t>(k - 1))
                << a << " " << k;
            EXPECT_EQ(e.code(adc, a, at + 1e-4, 0.0), static_cast<uint32_t>(k)) << a << " " << k;
        }
    // Without INL the ideal converter is applied to the shifted, scaled input.
    p.inl_lsb = 0.0;
    const AdcErrors plain(p, 5, 4, 7, 2);
    for (double x : {-20.0, -3.3, 0.0, 0.49, 7.7, 30.0})
        EXPECT_EQ(plain.code(adc, 1, x, 0.0),
                  adc.code(x * plain.gain(1) + plain.offset_lsb(1) * adc.step()));
}

// Input-referred noise: repeated conversions of one input spread over codes with the noise's
// standard deviation (an input at a code centre, sigma 2 LSB: code variance sigma^2 + 1/12).
TEST(AdcErrors, NoiseIsFreshPerConversion) {
    XbarConfig c = xbar_test::config(Mapping::BNN_I, ComputeMode::analog, 16, 16);
    c.adc.bits = 8;
    c.adc_errors.noise_lsb = 2.0;
    const Tile t = random_tile(c, 1, 10);
    Crossbar xb(c, 0);
    xb.program(t.w.data(), t.outs, t.ins);
    const int reads = 4000;
    std::vector<double> y0(reads);
    std::vector<int32_t> y(t.outs);
    for (int k = 0; k < reads; ++k) {
        xb.mvm(t.x.data(), y.data());
        y0[k] = y[0];
    }
    double mean = 0, var = 0;
    for (double v : y0) mean += v / reads;
    for (double v : y0) var += (v - mean) * (v - mean) / (reads - 1);
    // y = 2 K - Sw: one LSB of the signal (step = 2 FS / 2^8 = 2 x 16 x 18 / 256 uA = 2.25 uA)
    // is 2.25 / 18 of K, i.e. 0.25 of y. Rounding y to integers adds up to 1/12.
    const double lsb_y = 2.0 * (2.0 * 16 * 18.0 / 256.0) / 18.0;
    const double sd = std::sqrt(var);
    EXPECT_GT(sd, 2.0 * lsb_y * 0.8);
    EXPECT_LT(sd, std::sqrt(4.0 * lsb_y * lsb_y + 2.0 / 12.0 + 1.0 / 12.0) * 1.2);
    // Same seed, same noise.
    Crossbar again(c, 0);
    again.program(t.w.data(), t.outs, t.ins);
    std::vector<int32_t> ya(t.outs), yb(t.outs);
    Crossbar third(c, 0);
    third.program(t.w.data(), t.outs, t.ins);
    again.mvm(t.x.data(), ya.data());
    third.mvm(t.x.data(), yb.data());
    EXPECT_EQ(ya, yb);
}

// Columns sharing an ADC share its errors: with 2 ADCs on a 16-column BNN I crossbar, outputs
// 0..3 (columns 0..7) use ADC 0 and outputs 4..7 ADC 1. An offset shifts every signal of an ADC
// by the same number of LSB.
TEST(AdcErrors, ColumnsSharingAnAdcShareItsOffset) {
    XbarConfig c = xbar_test::config(Mapping::BNN_I, ComputeMode::analog, 16, 16);
    c.adc.bits = 8;
    c.adc.adcs = 2;
    c.adc_errors.offset_lsb = 3.0;
    const Tile t = random_tile(c, 1, 11);
    Crossbar xb(c, 0);
    xb.program(t.w.data(), t.outs, t.ins);
    c.adc_errors.offset_lsb = 0.0;
    Crossbar ideal(c, 0);
    ideal.program(t.w.data(), t.outs, t.ins);
    std::vector<int32_t> y(t.outs), y0(t.outs);
    std::vector<double> s(t.outs);
    xb.probe(t.x.data(), y.data(), s.data());
    ideal.probe(t.x.data(), y0.data(), s.data());
    const AdcErrors* e = xb.adc_errors();
    ASSERT_NE(e, nullptr);
    const double lsb_y = 2.0 * (2.0 * 16 * 18.0 / 256.0) / 18.0;
    for (int j = 0; j < t.outs; ++j) {
        const double shift = std::round(e->offset_lsb(j < 4 ? 0 : 1));
        EXPECT_NEAR(y[j] - y0[j], shift * lsb_y, lsb_y + 1.0 + 1e-9) << "output " << j;
    }
    EXPECT_EQ(ideal.adc_errors(), nullptr);
}

TEST(AdcErrors, OffAndThreadIndependent) {
    XbarConfig c = noisy(Mapping::TNN_V);
    c.adc_errors.offset_lsb = 0.7;
    c.adc_errors.gain_sigma = 0.01;
    c.adc_errors.inl_lsb = 0.4;
    c.adc_errors.noise_lsb = 0.5;
    const Tile t = random_tile(c, 20, 12);
    const std::vector<int32_t> y1 = run(c, t, 20, 1);
    EXPECT_EQ(run(c, t, 20, 3), y1);
    XbarConfig off = c;
    off.adc_errors = AdcErrorParams{};
    EXPECT_NE(run(off, t, 20), y1);
}

TEST(NonidealConfig, BadValuesAreRejected) {
    XbarConfig c;
    c.adc_errors.noise_lsb = 1.0; // ADC errors need a real ADC
    EXPECT_THROW(validate(c), ConfigError);
    c.adc.bits = 13;
    c.adc_errors.inl_lsb = 0.5; // INL table limited to 12 bits
    EXPECT_THROW(validate(c), ConfigError);
    c.adc.bits = 12;
    EXPECT_NO_THROW(validate(c));
    XbarConfig d;
    d.drift.t0_s = 0.0;
    EXPECT_THROW(validate(d), ConfigError);
    XbarConfig r;
    r.read_disturb.k = 2.0;
    EXPECT_THROW(validate(r), ConfigError);
}

} // namespace
