// Quantizer semantics: the QONNX definitions (sign(0) = +1, ternary thresholds at +-0.5 with
// round-half-to-even, clamp-then-round) and the trainer's inline versions agreeing with them.
#include "compiler/qonnx/quantizers.h"
#include "cimx/train/quantize.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using qonnx::int_quant;
using qonnx::IntQuantSpec;
using qonnx::RoundingMode;

TEST(Quantizers, BipolarMapsZeroToPlusOne) {
    EXPECT_EQ(qonnx::bipolar_quant(0.0f, 1.0f), 1.0f);
    EXPECT_EQ(qonnx::bipolar_quant(-0.0f, 1.0f), 1.0f);
    EXPECT_EQ(qonnx::bipolar_quant(-1e-30f, 1.0f), -1.0f);
    EXPECT_EQ(qonnx::bipolar_quant(3.0f, 0.5f), 0.5f);
    EXPECT_EQ(qonnx::bipolar_quant(-3.0f, 0.5f), -0.5f);
}

TEST(Quantizers, TernaryThresholdsAtHalf) {
    const IntQuantSpec t = qonnx::ternary_spec();
    EXPECT_EQ(t.min_int(), -1.0f);
    EXPECT_EQ(t.max_int(), 1.0f);
    EXPECT_EQ(int_quant(0.0f, 1, 0, t), 0.0f);
    EXPECT_EQ(int_quant(0.5f, 1, 0, t), 0.0f); // half to even
    EXPECT_EQ(int_quant(-0.5f, 1, 0, t), 0.0f);
    EXPECT_EQ(int_quant(0.50001f, 1, 0, t), 1.0f);
    EXPECT_EQ(int_quant(-0.50001f, 1, 0, t), -1.0f);
    EXPECT_EQ(int_quant(1.5f, 1, 0, t), 1.0f); // clamped before rounding
    EXPECT_EQ(int_quant(-7.0f, 1, 0, t), -1.0f);
    // A scale moves the thresholds to +-scale/2 and scales the output.
    EXPECT_EQ(int_quant(0.3f, 0.5f, 0, t), 0.5f);
    EXPECT_EQ(int_quant(0.2f, 0.5f, 0, t), 0.0f);
}

TEST(Quantizers, IntQuantRangesAndRounding) {
    const IntQuantSpec u8{8, false, false, RoundingMode::Round};
    EXPECT_EQ(u8.min_int(), 0.0f);
    EXPECT_EQ(u8.max_int(), 255.0f);
    EXPECT_EQ(int_quant(300.0f, 1, 0, u8), 255.0f);
    EXPECT_EQ(int_quant(2.5f, 1, 0, u8), 2.0f);
    EXPECT_EQ(int_quant(3.5f, 1, 0, u8), 4.0f);
    const IntQuantSpec s4{4, true, false, RoundingMode::Floor};
    EXPECT_EQ(s4.min_int(), -8.0f);
    EXPECT_EQ(s4.max_int(), 7.0f);
    EXPECT_EQ(int_quant(2.9f, 1, 0, s4), 2.0f);
    EXPECT_EQ(int_quant(-20.0f, 1, 0, s4), -8.0f);
    // Zero point: y = (round(x/s + z) - z) * s.
    EXPECT_EQ(int_quant(1.0f, 0.5f, 3.0f, u8), 1.0f);
    EXPECT_EQ(int_quant(-2.0f, 0.5f, 3.0f, u8), -1.5f); // -4+3 = -1 clamps to 0 -> (0-3)*0.5
    // QONNX treats a 1-bit signed Quant as bipolar.
    const IntQuantSpec s1{1, true, false, RoundingMode::Round};
    EXPECT_EQ(int_quant(0.0f, 1, 0, s1), 1.0f);
    EXPECT_EQ(int_quant(-0.1f, 1, 0, s1), -1.0f);
}

// The table of the QONNX IntQuant/Quant documentation (docs/qonnx-custom-ops/intquant_v1.md),
// row by row, plus Brevitas' ROUND_TO_ZERO (= DOWN).
TEST(Quantizers, RoundingModesAsDocumented) {
    const float x[] = {5.5f, 2.5f, 1.6f, 1.1f, 1.0f, -1.0f, -1.1f, -1.6f, -2.5f, -5.5f};
    const std::pair<const char*, std::vector<float>> modes[] = {
        {"ROUND", {6, 2, 2, 1, 1, -1, -1, -2, -2, -6}},
        {"CEIL", {6, 3, 2, 2, 1, -1, -1, -1, -2, -5}},
        {"FLOOR", {5, 2, 1, 1, 1, -1, -2, -2, -3, -6}},
        {"UP", {6, 3, 2, 2, 1, -1, -2, -2, -3, -6}},
        {"DOWN", {5, 2, 1, 1, 1, -1, -1, -1, -2, -5}},
        {"HALF_UP", {6, 3, 2, 1, 1, -1, -1, -2, -3, -6}},
        {"HALF_DOWN", {5, 2, 2, 1, 1, -1, -1, -2, -2, -5}},
        {"ROUND_TO_ZERO", {5, 2, 1, 1, 1, -1, -1, -1, -2, -5}},
        {"half_even", {6, 2, 2, 1, 1, -1, -1, -2, -2, -6}},
    };
    for (const auto& [name, want] : modes)
        for (size_t i = 0; i < want.size(); ++i)
            EXPECT_EQ(qonnx::apply_rounding(x[i], qonnx::parse_rounding_mode(name)), want[i])
                << name << " of " << x[i];
    EXPECT_THROW(qonnx::parse_rounding_mode("STOCHASTIC"), std::exception);
}

TEST(Quantizers, MultiThresholdCountsThresholdsReached) {
    const float t[] = {-1.0f, 0.0f, 2.0f};
    EXPECT_EQ(qonnx::multithreshold_count(-1.5f, t, 3), 0);
    EXPECT_EQ(qonnx::multithreshold_count(-1.0f, t, 3), 1); // x >= t counts
    EXPECT_EQ(qonnx::multithreshold_count(0.0f, t, 3), 2);
    EXPECT_EQ(qonnx::multithreshold_count(5.0f, t, 3), 3);
}

TEST(Quantizers, TrainerQuantizersEqualQonnxOnes) {
    using cimx::train::QuantKind;
    cimx::train::Mat x(1, 4001);
    for (int i = 0; i <= 4000; ++i) x(0, i) = -2.0f + 0.001f * float(i);
    x(0, 0) = -0.0f;
    const auto b = cimx::train::quantize(x, QuantKind::binary);
    const auto t = cimx::train::quantize(x, QuantKind::ternary);
    for (int i = 0; i <= 4000; ++i) {
        EXPECT_EQ(b(0, i), qonnx::bipolar_quant(x(0, i), 1.0f)) << x(0, i);
        EXPECT_EQ(t(0, i), int_quant(x(0, i), 1.0f, 0.0f, qonnx::ternary_spec())) << x(0, i);
        EXPECT_EQ(t(0, i), cimx::train::quantize(x(0, i), QuantKind::ternary));
    }
    for (float v : {0.5f, -0.5f, std::nextafter(0.5f, 1.0f), std::nextafter(-0.5f, -1.0f)}) {
        cimx::train::Mat m(1, 1);
        m(0, 0) = v;
        EXPECT_EQ(cimx::train::quantize(m, QuantKind::ternary)(0, 0),
                  int_quant(v, 1, 0, qonnx::ternary_spec()));
    }
}

} // namespace
