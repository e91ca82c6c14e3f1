// The trainer's float square roots must be the IEEE (correctly rounded) ones, not Eigen's
// EIGEN_FAST_MATH approximations built on the CPU's vrsqrtps, whose bits the ISA leaves to
// the CPU maker (Intel and AMD differ): with them, the Adam step and batch norm, and so
// every trained model, would depend on the machine. This file is compiled with the trainer's
// flags (cimx_train's public options and the project-wide definitions).
#include "train/adam.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace cimx::train;

// 2^20 floats from 1e-8 up by a factor 1.00003 each: about 27 binades of mantissas.
Eigen::ArrayXf spread_of_floats() {
    Eigen::ArrayXf x(1 << 20);
    float v = 1e-8f;
    for (Eigen::Index i = 0; i < x.size(); ++i, v *= 1.00003f) x[i] = v;
    return x;
}

TEST(ExactFloatMath, VectorisedSqrtAndRsqrtAreCorrectlyRounded) {
    const Eigen::ArrayXf x = spread_of_floats();
    const Eigen::ArrayXf s = x.sqrt(), r = x.rsqrt(); // vectorised (8 floats per AVX packet)
    int64_t sqrt_diff = 0, rsqrt_diff = 0;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        sqrt_diff += s[i] != std::sqrt(x[i]);
        rsqrt_diff += r[i] != 1.0f / std::sqrt(x[i]);
    }
    // With EIGEN_FAST_MATH=1 (AVX2 build) about 42 % and 44 % of them differ.
    EXPECT_EQ(sqrt_diff, 0) << "of " << x.size();
    EXPECT_EQ(rsqrt_diff, 0) << "of " << x.size();
}

TEST(ExactFloatMath, AdamStepMatchesScalarReference) {
    // The first step from m = v = 0 has no multiply-add the compiler could fuse, so a scalar
    // reference with std::sqrt must give the same bits:
    // value - lr * (m / c1) / (sqrt(v / c2) + eps), m = (1 - b1) g, v = (1 - b2) g^2.
    const Eigen::ArrayXf g = spread_of_floats() * 1e-3f;
    Param p("w", Mat::Zero(1, g.size()), false);
    p.grad = g.matrix().transpose();
    Adam adam; // b1 0.9, b2 0.999, eps 1e-8
    const float lr = 0.002f;
    adam.step({&p}, lr);
    const float c1 = 1.0f - 0.9f, c2 = 1.0f - 0.999f;
    int64_t diff = 0;
    for (Eigen::Index i = 0; i < g.size(); ++i) {
        const float m = (1.0f - 0.9f) * g[i], v = (1.0f - 0.999f) * (g[i] * g[i]);
        const float expect = 0.0f - lr * (m / c1) / (std::sqrt(v / c2) + 1e-8f);
        diff += p.value(0, i) != expect;
    }
    EXPECT_EQ(diff, 0) << "of " << g.size();
}

} // namespace
