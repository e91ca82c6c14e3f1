// Backward passes checked against finite differences (batch norm, softmax loss, conv and
// max-pool input gradients) and the straight-through estimators against their definitions.
// The loss is L = sum(R .* layer(x)) for a fixed random R, so dL/dy = R.
#include "cimx/train/activation_layer.h"
#include "cimx/train/batchnorm_layer.h"
#include "cimx/train/conv_layer.h"
#include "cimx/train/dense_layer.h"
#include "cimx/train/maxpool_layer.h"
#include "cimx/train/rng.h"
#include "cimx/train/softmax_loss.h"

#include <gtest/gtest.h>

namespace {

using cimx::train::Act;
using cimx::train::Mat;
using cimx::train::QuantKind;
using cimx::train::Rng;

Mat random_mat(int64_t r, int64_t c, Rng& rng, float lo = -1, float hi = 1) {
    Mat m(r, c);
    for (int64_t i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform(lo, hi);
    return m;
}

double weighted_sum(const Mat& y, const Mat& r) {
    return y.cast<double>().cwiseProduct(r.cast<double>()).sum();
}

// Central differences of L w.r.t. every entry of `x` (in training mode, as backward sees it).
template <typename F> Mat numeric_grad(Act x, F loss, float h) {
    Mat g(x.m.rows(), x.m.cols());
    for (int64_t i = 0; i < x.m.size(); ++i) {
        const float v = x.m.data()[i];
        x.m.data()[i] = v + h;
        const double up = loss(x);
        x.m.data()[i] = v - h;
        const double down = loss(x);
        x.m.data()[i] = v;
        g.data()[i] = float((up - down) / (2.0 * h));
    }
    return g;
}

void expect_close(const Mat& a, const Mat& b, float tol) {
    ASSERT_EQ(a.rows(), b.rows());
    ASSERT_EQ(a.cols(), b.cols());
    for (int64_t i = 0; i < a.size(); ++i)
        EXPECT_NEAR(a.data()[i], b.data()[i], tol) << "entry " << i;
}

TEST(Gradients, BatchNormInputAndParameterGradients) {
    Rng rng(3);
    cimx::train::BatchNormLayer bn(3, false);
    Act x;
    x.m = random_mat(6, 3, rng, -2, 2);
    const Mat r = random_mat(6, 3, rng);
    // Non-trivial gamma/beta.
    bn.params()[0]->value << 1.5f, -0.7f, 0.3f;
    bn.params()[1]->value << 0.1f, 0.2f, -0.3f;
    auto loss = [&](const Act& in) { return weighted_sum(bn.forward(in, true).m, r); };
    bn.forward(x, true);
    Act g;
    g.m = r;
    const Mat dx = bn.backward(g).m;
    expect_close(dx, numeric_grad(x, loss, 1e-2f), 2e-3f);
    // dgamma = sum(R .* xhat), dbeta = sum(R): check by perturbing the parameters.
    for (int p = 0; p < 2; ++p) {
        Mat& v = bn.params()[size_t(p)]->value;
        for (int c = 0; c < 3; ++c) {
            const float keep = v(0, c);
            v(0, c) = keep + 1e-2f;
            const double up = loss(x);
            v(0, c) = keep - 1e-2f;
            const double down = loss(x);
            v(0, c) = keep;
            EXPECT_NEAR(bn.params()[size_t(p)]->grad(0, c), (up - down) / 2e-2, 2e-3)
                << p << " " << c;
        }
    }
}

TEST(Gradients, SoftmaxCrossEntropy) {
    Rng rng(4);
    Act x;
    x.m = random_mat(4, 5, rng, -3, 3);
    const std::vector<int> labels = {0, 4, 2, 2};
    auto loss = [&](const Act& in) {
        return cimx::train::softmax_cross_entropy(in.m, labels).loss;
    };
    expect_close(cimx::train::softmax_cross_entropy(x.m, labels).grad, numeric_grad(x, loss, 1e-2f),
                 1e-3f);
}

TEST(Gradients, ConvInputGradientAndWeightGradient) {
    Rng rng(5);
    cimx::train::ConvLayer conv(2, 3, 3, 1, QuantKind::ternary, true, rng);
    Act x;
    x.h = 4;
    x.w = 5;
    x.m = random_mat(2 * 4 * 5, 2, rng);
    const Mat r = random_mat(2 * 4 * 5, 3, rng);
    auto loss = [&](const Act& in) { return weighted_sum(conv.forward(in, true).m, r); };
    conv.forward(x, true);
    Act g;
    g.m = r;
    g.h = 4;
    g.w = 5;
    // Backward before the finite differences: they re-run forward on perturbed inputs.
    const Mat dx = conv.backward(g).m;
    expect_close(dx, numeric_grad(x, loss, 1e-2f), 1e-3f);
    // Straight-through: the latent-weight gradient is dL/dWq. L is linear in Wq, so check it
    // against a direct convolution sum: dL/dWq[o][(ky,kx,c)] = sum R[pos,o] * x[pos+k-1, c].
    const Mat& dw = conv.params()[0]->grad;
    for (int o = 0; o < 3; ++o)
        for (int ky = 0; ky < 3; ++ky)
            for (int kx = 0; kx < 3; ++kx)
                for (int c = 0; c < 2; ++c) {
                    double s = 0;
                    for (int n = 0; n < 2; ++n)
                        for (int y = 0; y < 4; ++y)
                            for (int xx = 0; xx < 5; ++xx) {
                                const int iy = y + ky - 1, ix = xx + kx - 1;
                                if (iy < 0 || iy >= 4 || ix < 0 || ix >= 5) continue;
                                s += double(r((n * 4 + y) * 5 + xx, o)) *
                                     x.m((n * 4 + iy) * 5 + ix, c);
                            }
                    EXPECT_NEAR(dw(o, (ky * 3 + kx) * 2 + c), s, 1e-4) << o << ky << kx << c;
                }
}

TEST(Gradients, DenseStraightThroughWeightGradient) {
    Rng rng(6);
    cimx::train::DenseLayer dense(4, 3, QuantKind::binary, true, rng);
    Act x;
    x.m = random_mat(5, 4, rng);
    const Mat r = random_mat(5, 3, rng);
    auto loss = [&](const Act& in) { return weighted_sum(dense.forward(in, true).m, r); };
    dense.forward(x, true);
    Act g;
    g.m = r;
    const Mat dx = dense.backward(g).m;
    expect_close(dense.params()[0]->grad, r.transpose() * x.m, 1e-4f); // dL/dWq = R^T x
    expect_close(dx, numeric_grad(x, loss, 1e-2f), 1e-3f);
}

TEST(Gradients, MaxPoolRoutesGradientToTheMaximum) {
    Rng rng(7);
    cimx::train::MaxPoolLayer pool;
    Act x;
    x.h = 4;
    x.w = 4;
    // Values 0.05 apart (a shuffled ramp) so a finite-difference step never changes the max.
    std::vector<int> ramp(2 * 16 * 3);
    for (size_t i = 0; i < ramp.size(); ++i) ramp[i] = int(i);
    rng.shuffle(ramp);
    x.m.resize(2 * 16, 3);
    for (int64_t i = 0; i < x.m.size(); ++i) x.m.data()[i] = 0.05f * float(ramp[size_t(i)]);
    const Mat r = random_mat(2 * 4, 3, rng);
    auto loss = [&](const Act& in) { return weighted_sum(pool.forward(in, true).m, r); };
    pool.forward(x, true);
    Act g;
    g.m = r;
    g.h = g.w = 2;
    const Mat dx = pool.backward(g).m;
    expect_close(dx, numeric_grad(x, loss, 1e-2f), 1e-3f);
}

TEST(Gradients, ActivationStraightThroughIsHardtanhDerivative) {
    // The STE replaces d sign(x)/dx (zero almost everywhere) with d hardtanh(x)/dx.
    for (auto q : {QuantKind::binary, QuantKind::ternary}) {
        cimx::train::ActivationLayer act(q);
        Act x;
        x.m.resize(1, 7);
        x.m << -2.0f, -1.2f, -0.6f, 0.0f, 0.4f, 0.99f, 1.5f;
        const Act y = act.forward(x, true);
        Act g;
        g.m = Mat::Constant(1, 7, 3.0f);
        const Mat dx = act.backward(g).m;
        auto hardtanh = [](float v) { return std::max(-1.0f, std::min(1.0f, v)); };
        for (int i = 0; i < 7; ++i) {
            const float v = x.m(0, i);
            const float d = (hardtanh(v) - hardtanh(v - 1e-3f)) / 1e-3f;
            EXPECT_NEAR(dx(0, i), 3.0f * d, 1e-2f) << v;
            EXPECT_EQ(y.m(0, i), cimx::train::quantize(v, q));
        }
    }
}

} // namespace
