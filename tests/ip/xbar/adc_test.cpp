// ADC transfer functions: exactly 2^r codes, uniform levels, mid-tread (two's complement, a level
// at 0) and mid-rise (levels at both ends) on symmetric ranges, clipping, alpha, symmetric and
// positive ranges, ideal converter; ADC count changes time only.
#include "tests/ip/xbar/test_util.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <utility>

using namespace xbar;

namespace {

TEST(Adc, ExactlyTwoToTheBitsCodes) {
    const AdcRange r{-100.0, 100.0};
    for (AdcSpacing spacing : {AdcSpacing::reference, AdcSpacing::ends})
        for (int bits = 1; bits <= 10; ++bits) {
            Adc adc(bits, r, spacing);
            std::set<uint32_t> codes;
            for (double i = -150.0; i <= 150.0; i += 0.01) codes.insert(adc.code(i));
            EXPECT_EQ(codes.size(), adc.codes()) << bits << " bits";
            EXPECT_EQ(*codes.begin(), 0u);
            EXPECT_EQ(*codes.rbegin(), (1u << bits) - 1);
        }
}

// A 3-bit differential SAR ADC with reference FS = 8 uA: LSB = FS / 2^(r-1) = 2 uA, codes -4..3
// at levels -8, -6, ..., 6; a current rounds to the nearest level, ties upwards (the comparator
// decides "at least the threshold"), and clips at -8 and 6.
TEST(Adc, MidTreadCodeSequenceByHand) {
    const Adc adc(3, {-8.0, 8.0}, AdcSpacing::reference);
    EXPECT_DOUBLE_EQ(adc.step(), 2.0);
    const std::vector<std::pair<double, int>> cases = {
        {-100.0, -4}, {-8.0, -4}, {-7.01, -4}, {-7.0, -3}, {-3.2, -2}, {-1.01, -1},
        {-1.0, 0},    {-0.3, 0},  {0.0, 0},    {0.99, 0},  {1.0, 1},   {2.9, 1},
        {3.0, 2},     {5.0, 3},   {6.0, 3},    {7.9, 3},   {8.0, 3},   {100.0, 3}};
    for (const auto& [current, code] : cases) {
        EXPECT_EQ(adc.twos_complement(adc.code(current)), code) << current << " uA";
        EXPECT_DOUBLE_EQ(adc.convert(current), 2.0 * code) << current << " uA";
    }
}

TEST(Adc, MidTreadMapsZeroToCodeZero) {
    for (double fs : {1.0, 7.3, 144.0, 4608.0, 1e5})
        for (int bits = 1; bits <= 16; ++bits) {
            const Adc adc(bits, {-fs, fs}, AdcSpacing::reference);
            EXPECT_EQ(adc.twos_complement(adc.code(0.0)), 0) << fs << " " << bits;
            EXPECT_EQ(adc.convert(0.0), 0.0) << fs << " " << bits;
            // Bottom code at -FS exactly, top code one step below +FS.
            EXPECT_DOUBLE_EQ(adc.level(0), -fs);
            EXPECT_DOUBLE_EQ(adc.level(static_cast<uint32_t>(adc.codes() - 1)), fs - adc.step());
            EXPECT_DOUBLE_EQ(adc.step(), fs / std::ldexp(1.0, bits - 1));
        }
}

TEST(Adc, EmptyRangeGivesCodeZero) {
    Adc adc(4, {0.0, 0.0});
    EXPECT_EQ(adc.code(5.0), 0u);
    EXPECT_EQ(adc.code(std::nan("")), 0u);
}

TEST(Adc, LevelsSpanTheRangeInclusive) {
    Adc adc(3, {0.0, 70.0}); // 8 codes, 10 uA apart
    for (uint32_t k = 0; k < 8; ++k) EXPECT_DOUBLE_EQ(adc.level(k), 10.0 * k);
    EXPECT_EQ(adc.code(14.9), 1u);
    EXPECT_EQ(adc.code(15.0), 2u); // ties round up
    EXPECT_EQ(adc.code(15.1), 2u);
    EXPECT_DOUBLE_EQ(adc.convert(33.0), 30.0);
}

TEST(Adc, ClipsOutsideTheRange) {
    Adc adc(4, {-8.0, 8.0});
    EXPECT_EQ(adc.code(-1e9), 0u);
    EXPECT_EQ(adc.code(1e9), 15u);
    EXPECT_DOUBLE_EQ(adc.convert(-50.0), -8.0);
    EXPECT_DOUBLE_EQ(adc.convert(50.0), 8.0);
}

TEST(Adc, MidRiseRangeIsSymmetric) {
    // Without a zero code (2^r is even) the levels are mirror images: level(k) = -level(top - k).
    Adc adc(5, {-31.0, 31.0}, AdcSpacing::ends);
    for (uint32_t k = 0; k < 32; ++k) EXPECT_DOUBLE_EQ(adc.level(k), -adc.level(31 - k));
    EXPECT_DOUBLE_EQ(adc.convert(0.4), 1.0);
    EXPECT_DOUBLE_EQ(adc.convert(-0.4), -1.0);
}

TEST(Adc, OneBitMidRiseIsAComparator) {
    Adc adc(1, {-5.0, 5.0}, AdcSpacing::ends);
    EXPECT_DOUBLE_EQ(adc.convert(-0.1), -5.0);
    EXPECT_DOUBLE_EQ(adc.convert(0.1), 5.0);
    adc.set_range({0.0, 5.0});
    EXPECT_DOUBLE_EQ(adc.convert(2.4), 0.0);
    EXPECT_DOUBLE_EQ(adc.convert(2.6), 5.0);
}

TEST(Adc, IdealPassesCurrentsThrough) {
    Adc adc(0, {0.0, 1.0});
    EXPECT_TRUE(adc.ideal());
    EXPECT_DOUBLE_EQ(adc.convert(1234.5678), 1234.5678);
    EXPECT_DOUBLE_EQ(adc.convert(-3.25), -3.25);
}

TEST(AdcRange, AutomaticFullScale) {
    AdcParams p;
    // 100 inputs, I_HRS = 2, I_LRS = 20: positive [0, 2000], symmetric +-1800.
    AdcRange r = auto_range(AdcRangeKind::positive, 100, 2.0, 20.0, p);
    EXPECT_DOUBLE_EQ(r.lo, 0.0);
    EXPECT_DOUBLE_EQ(r.hi, 2000.0);
    r = auto_range(AdcRangeKind::symmetric, 100, 2.0, 20.0, p);
    EXPECT_DOUBLE_EQ(r.lo, -1800.0);
    EXPECT_DOUBLE_EQ(r.hi, 1800.0);
    p.alpha = 0.25;
    r = auto_range(AdcRangeKind::symmetric, 100, 2.0, 20.0, p);
    EXPECT_DOUBLE_EQ(r.hi, 450.0);
    EXPECT_DOUBLE_EQ(r.lo, -450.0);
    p.full_scale = 77.0; // explicit full scale wins over alpha
    r = auto_range(AdcRangeKind::positive, 100, 2.0, 20.0, p);
    EXPECT_DOUBLE_EQ(r.hi, 77.0);
}

TEST(AdcSpacing, MidTreadAndMidRiseApplyToSymmetricRangesOnly) {
    EXPECT_EQ(adc_spacing(AdcRangeKind::symmetric, AdcLevels::midtread), AdcSpacing::reference);
    EXPECT_EQ(adc_spacing(AdcRangeKind::symmetric, AdcLevels::midrise), AdcSpacing::ends);
    EXPECT_EQ(adc_spacing(AdcRangeKind::positive, AdcLevels::midtread), AdcSpacing::ends);
    EXPECT_EQ(adc_spacing(AdcRangeKind::positive, AdcLevels::midrise), AdcSpacing::ends);
}

TEST(AdcInCrossbar, RangeKindFollowsTheMapping) {
    for (Mapping m : kAllMappings) {
        Crossbar xb(xbar_test::config(m, ComputeMode::analog), 0);
        const std::vector<int8_t> w(10, 1);
        xb.program(w.data(), 1, 10);
        const bool symmetric = spec(m).adc_range == AdcRangeKind::symmetric;
        EXPECT_DOUBLE_EQ(xb.adc_range().lo, symmetric ? -180.0 : 0.0) << to_string(m);
        EXPECT_DOUBLE_EQ(xb.adc_range().hi, symmetric ? 180.0 : 200.0) << to_string(m);
    }
}

// BNN I, one output, 8 inputs all +1 weights, x all +1: I_diff = 8 dI = 144 uA, y = 8.
TEST(AdcInCrossbar, ClippingWithAlphaLimitsTheResult) {
    XbarConfig c = xbar_test::config(Mapping::BNN_I, ComputeMode::analog);
    c.adc.bits = 8;
    c.adc.alpha = 0.5; // FS = 72 uA -> the signal clips at 4 dI: y = 2*4 - 8 = 0
    const std::vector<int8_t> w(8, 1), x(8, 1);
    EXPECT_EQ(xbar_test::run(c, w, 1, 8, x, 1), std::vector<int32_t>{0});
    c.adc.alpha = 1.0;
    EXPECT_EQ(xbar_test::run(c, w, 1, 8, x, 1), std::vector<int32_t>{8});
}

TEST(AdcInCrossbar, ExplicitRangeOverridesAndResets) {
    XbarConfig c = xbar_test::config(Mapping::BNN_I, ComputeMode::analog);
    c.adc.bits = 8;
    Crossbar xb(c, 0);
    const std::vector<int8_t> w(8, 1), x(8, 1);
    xb.program(w.data(), 1, 8);
    int32_t y = 0;
    xb.set_adc_range({-36.0, 36.0}); // clips at 2 dI: y = 2*2 - 8
    xb.mvm(x.data(), &y);
    EXPECT_EQ(y, -4);
    xb.program(w.data(), 1, 8); // kept across re-programming
    xb.mvm(x.data(), &y);
    EXPECT_EQ(y, -4);
    xb.reset_adc_range();
    xb.mvm(x.data(), &y);
    EXPECT_EQ(y, 8);
    EXPECT_THROW(xb.set_adc_range({1.0, 1.0}), std::invalid_argument);
}

TEST(AdcInCrossbar, QuantisationErrorIsBoundedByHalfAStep) {
    // BNN VI, 8-bit: |y - Wx| <= step/2 in units of y (+ 1/2 for the final rounding), with
    // step = 2 FS / 256 / dI (mid-tread) or 2 FS / 255 / dI (mid-rise), FS = n dI.
    for (AdcLevels levels : {AdcLevels::midtread, AdcLevels::midrise}) {
        XbarConfig c = xbar_test::config(Mapping::BNN_VI, ComputeMode::analog);
        c.adc.bits = 8;
        c.adc.levels = levels;
        std::mt19937 g(11);
        const int m = 128, n = 128;
        const auto w = xbar_test::random_values(m * n, false, g);
        const auto x = xbar_test::random_values(16 * n, false, g);
        const auto y = xbar_test::run(c, w, m, n, x, 16);
        const auto ref = xbar_test::reference_mvm(w, m, n, x, 16);
        const double step = 2.0 * n / (levels == AdcLevels::midtread ? 256.0 : 255.0);
        for (size_t k = 0; k < y.size(); ++k) EXPECT_LE(std::abs(y[k] - ref[k]), step / 2 + 0.5);
    }
}

// BNN I, one output of 4 inputs, w = (+1, +1, -1, -1), x = (+1, +1, +1, +1): I+ - I- = 0,
// y = 2 * 0 - Sw = 0. A 3-bit mid-tread ADC reads the zero signal as 0 and y is exact; the
// mid-rise ADC has no level at 0 and reads it as +-step/2 = +-FS / 7 = +-4 dI / 7 (a tie between
// its two middle levels), so y = +-2 * 4/7 = +-1.14 -> +-1.
TEST(AdcInCrossbar, MidTreadReadsAZeroSignalExactly) {
    const std::vector<int8_t> w = {1, 1, -1, -1}, x = {1, 1, 1, 1};
    XbarConfig c = xbar_test::config(Mapping::BNN_I, ComputeMode::analog);
    c.adc.bits = 3;
    EXPECT_EQ(xbar_test::run(c, w, 1, 4, x, 1), std::vector<int32_t>{0});
    c.adc.levels = AdcLevels::midrise;
    EXPECT_EQ(std::abs(xbar_test::run(c, w, 1, 4, x, 1)[0]), 1);
}

double mean_abs_error(const XbarConfig& c, int m, int n, std::mt19937& g) {
    const bool ternary = spec(c.mapping).ternary;
    const auto w = xbar_test::random_values(static_cast<size_t>(m) * n, ternary, g);
    const auto x = xbar_test::random_values(static_cast<size_t>(32) * n, ternary, g);
    const auto y = xbar_test::run(c, w, m, n, x, 32);
    const auto ref = xbar_test::reference_mvm(w, m, n, x, 32);
    double err = 0;
    for (size_t k = 0; k < y.size(); ++k) err += std::abs(y[k] - ref[k]);
    return err / static_cast<double>(y.size());
}

// Random +-1 (and 0) data give column signals of a few dI around 0 against a full scale of
// n dI: a 3-bit mid-tread ADC resolves them as 0, mid-rise as +-step/2. Positive ranges do not
// depend on xbar.adc_levels.
TEST(AdcInCrossbar, ThreeBitMidTreadErrsLessThanMidRiseNearZero) {
    for (Mapping mapping : kAllMappings) {
        XbarConfig c = xbar_test::config(mapping, ComputeMode::analog);
        c.adc.bits = 3;
        const int m = c.max_tile_outputs(), n = c.max_tile_inputs();
        std::mt19937 g1(5), g2(5); // the same data for both
        const double tread = mean_abs_error(c, m, n, g1);
        c.adc.levels = AdcLevels::midrise;
        const double rise = mean_abs_error(c, m, n, g2);
        if (spec(mapping).adc_range == AdcRangeKind::symmetric)
            EXPECT_LT(tread, rise) << to_string(mapping);
        else
            EXPECT_EQ(tread, rise) << to_string(mapping);
    }
}

TEST(AdcInCrossbar, NumberOfAdcsChangesTimeNotValues) {
    XbarConfig c = xbar_test::config(Mapping::TNN_IV, ComputeMode::analog);
    c.adc.bits = 4;
    c.device.sigma_lrs = 1.0;
    c.device.sigma_read = 0.03;
    std::mt19937 g(2);
    const auto w = xbar_test::random_values(128 * 256, true, g);
    const auto x = xbar_test::random_values(8 * 256, true, g);
    XbarConfig c2 = c;
    c2.adc.adcs = 1;
    EXPECT_EQ(xbar_test::run(c, w, 128, 256, x, 8), xbar_test::run(c2, w, 128, 256, x, 8));
    Crossbar a(c, 0), b(c2, 0);
    a.program(w.data(), 128, 256);
    b.program(w.data(), 128, 256);
    EXPECT_LT(mvm_time_ns(c.timing, a.shape()), mvm_time_ns(c2.timing, b.shape()));
}

} // namespace
