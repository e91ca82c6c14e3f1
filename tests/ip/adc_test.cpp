// ADC transfer function: exactly 2^r codes, uniform levels over the range, clipping, alpha,
// symmetric and positive ranges, ideal converter; ADC count changes time only.
#include "test_util.h"

#include <gtest/gtest.h>

#include <set>

using namespace xbar;

namespace {

TEST(Adc, ExactlyTwoToTheBitsCodes) {
    const AdcRange r{-100.0, 100.0};
    for (int bits = 1; bits <= 10; ++bits) {
        Adc adc(bits, r);
        std::set<uint32_t> codes;
        for (double i = -150.0; i <= 150.0; i += 0.01) codes.insert(adc.code(i));
        EXPECT_EQ(codes.size(), adc.codes()) << bits << " bits";
        EXPECT_EQ(*codes.begin(), 0u);
        EXPECT_EQ(*codes.rbegin(), (1u << bits) - 1);
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

TEST(Adc, SymmetricRangeIsSymmetric) {
    // Without a zero code (2^r is even) the levels are mirror images: level(k) = -level(top - k).
    Adc adc(5, {-31.0, 31.0});
    for (uint32_t k = 0; k < 32; ++k) EXPECT_DOUBLE_EQ(adc.level(k), -adc.level(31 - k));
    EXPECT_DOUBLE_EQ(adc.convert(0.4), 1.0);
    EXPECT_DOUBLE_EQ(adc.convert(-0.4), -1.0);
}

TEST(Adc, OneBitIsAComparator) {
    Adc adc(1, {-5.0, 5.0});
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
    // BNN VI, 8-bit: |y - Wx| <= step/2 in units of y, step = 2 FS / 255 / dI.
    XbarConfig c = xbar_test::config(Mapping::BNN_VI, ComputeMode::analog);
    c.adc.bits = 8;
    std::mt19937 g(11);
    const int m = 128, n = 128;
    const auto w = xbar_test::random_values(m * n, false, g);
    const auto x = xbar_test::random_values(16 * n, false, g);
    const auto y = xbar_test::run(c, w, m, n, x, 16);
    const auto ref = xbar_test::reference_mvm(w, m, n, x, 16);
    const double half_step = (2.0 * n / 255.0) / 2.0;
    for (size_t k = 0; k < y.size(); ++k) EXPECT_LE(std::abs(y[k] - ref[k]), half_step + 0.5);
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
