// Folding batch norm + activation into integer thresholds, against brute force: for every
// integer pre-activation in the reachable range, the threshold rule gives exactly what
// qonnx::Executor computes for the same float value - with gamma > 0, gamma < 0, gamma = 0,
// binary and ternary quantizers, MultiThreshold, a bias Add, and the real-valued first layer
// (pixel sums / 255 over the whole range, found by bisection).
#include "compiler/ir/error.h"
#include "compiler/passes/fold_batchnorm.h"
#include "compiler/qonnx/executor.h"
#include "compiler/qonnx/graph_builder.h"

#include <gtest/gtest.h>

#include <random>

namespace compilertest {
namespace {

using qonnx::Attribute;
using qonnx::Tensor;

constexpr int64_t kChannels = 7;

struct Chain {
    qonnx::Graph graph; // input [N, M] -> epilogue -> output
    cimc::Layer layer;
};

// BN with gamma = {0, negative, positive...}, then the activation; optionally a bias first.
Chain make_chain(const std::string& act, cimc::Alphabet input, int64_t fan_in, float sd, bool bias,
                 uint64_t seed) {
    std::mt19937_64 rng(seed);
    auto u = [&](float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(rng); };
    qonnx::GraphBuilder b("chain");
    std::string x = b.input("x", {-1, kChannels});
    if (bias) {
        Tensor c = Tensor::zeros({kChannels});
        for (float& v : c.data) v = u(-3, 3);
        x = b.node("Add", {x, b.initializer("bias", c)}, {}, "", "bias");
    }
    Tensor g = Tensor::zeros({kChannels}), beta = g, mean = g, var = g;
    for (size_t i = 0; i < size_t(kChannels); ++i) {
        g.data[i] = i == 0 ? 0.0f : i < 3 ? u(-2, -0.1f) : u(0.1f, 2);
        beta.data[i] = u(-0.6f, 0.6f);
        mean.data[i] = u(-0.5f, 0.5f) * sd;
        var.data[i] = sd * sd * u(0.3f, 2);
    }
    x = b.node("BatchNormalization",
               {x, b.initializer("g", g), b.initializer("b", beta), b.initializer("m", mean),
                b.initializer("v", var)},
               {{"epsilon", Attribute::of_float(1e-3f)}}, "", "bn");
    const std::string one = b.initializer("one", Tensor::scalar(1));
    if (act == "bipolar") {
        x = b.node("BipolarQuant", {x, one}, {}, qonnx::kQonnxDomain, "act");
    } else if (act == "ternary") {
        x = b.node("Quant",
                   {x, one, b.initializer("zero", Tensor::scalar(0)),
                    b.initializer("two", Tensor::scalar(2))},
                   {{"signed", Attribute::of_int(1)}, {"narrow", Attribute::of_int(1)}},
                   qonnx::kQonnxDomain, "act");
    } else {
        Tensor t = Tensor::zeros({kChannels, 2});
        for (size_t i = 0; i < size_t(kChannels); ++i)
            t.data[2 * i] = -0.3f, t.data[2 * i + 1] = 0.7f;
        x = b.node("MultiThreshold", {x, b.initializer("t", t)},
                   {{"out_scale", Attribute::of_float(1)}, {"out_bias", Attribute::of_float(-1)}},
                   qonnx::kQonnxDomain, "act");
    }
    b.output(x, {-1, kChannels});
    Chain c;
    c.graph = b.finish();
    c.layer.node = "node 'x' (MatMul)";
    c.layer.input = input;
    c.layer.outputs = kChannels;
    c.layer.fan_in = fan_in;
    for (const qonnx::Node& n : c.graph.nodes)
        c.layer.epilogue.push_back(cimc::ChannelOp{n, {-1, kChannels}});
    c.layer.constants = c.graph.initializers;
    c.layer.has_quantizer = true;
    if (input == cimc::Alphabet::real) { // pixel sums of a model whose input is pixel / 255
        c.layer.pre_scale.assign(kChannels, double(1.0f / 255.0f));
        c.layer.pre_offset.assign(kChannels, 0.0);
    }
    return c;
}

float apply(const cimc::Threshold& t, int64_t s, float level) {
    const int64_t v = t.dir < 0 ? -s : s;
    return v >= t.hi ? level : v >= t.lo ? 0.0f : -level;
}

// Every s in the layer's range through the executor, against the thresholds.
void expect_exact(Chain& c) {
    cimc::fold_batchnorm(c.layer, "test");
    const auto [lo, hi] = cimc::preactivation_range(c.layer);
    const int64_t rows = hi - lo + 1;
    Tensor x = Tensor::zeros({rows, kChannels});
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t ch = 0; ch < kChannels; ++ch)
            x.data[size_t(r * kChannels + ch)] = cimc::preactivation_value(c.layer, ch, lo + r);
    const Tensor y = qonnx::Executor(c.graph).run(x);
    int64_t wrong = 0, changes = 0;
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t ch = 0; ch < kChannels; ++ch) {
            const float want = y.data[size_t(r * kChannels + ch)];
            wrong +=
                apply(c.layer.thresholds[size_t(ch)], lo + r, c.layer.activation_level) != want;
            changes += r > 0 && want != y.data[size_t((r - 1) * kChannels + ch)];
        }
    EXPECT_EQ(wrong, 0) << "of " << rows * kChannels;
    EXPECT_GE(changes, kChannels - 1) << "the test chain should switch inside the range";
    EXPECT_TRUE(c.layer.thresholds[0].hi == INT32_MIN || c.layer.thresholds[0].hi == INT32_MAX)
        << "gamma = 0 gives a constant activation";
    EXPECT_EQ(c.layer.thresholds[1].dir, -1) << "gamma < 0 flips the comparison";
    EXPECT_EQ(c.layer.thresholds[4].dir, 1);
}

TEST(FoldBatchnorm, BinaryActivationExactOverTheWholeRange) {
    Chain c = make_chain("bipolar", cimc::Alphabet::binary, 300, 17, false, 1);
    expect_exact(c);
}

TEST(FoldBatchnorm, TernaryActivationWithBiasExact) {
    Chain c = make_chain("ternary", cimc::Alphabet::ternary, 200, 11, true, 2);
    expect_exact(c);
}

TEST(FoldBatchnorm, MultiThresholdExact) {
    Chain c = make_chain("multithreshold", cimc::Alphabet::binary, 150, 12, false, 3);
    expect_exact(c);
}

TEST(FoldBatchnorm, RealValuedFirstLayerExactOverPixelSums) {
    // 255 * 400 on each side: the range is too large to enumerate in the pass (bisection),
    // but not for the test.
    Chain c = make_chain("bipolar", cimc::Alphabet::real, 400, 20, false, 4);
    expect_exact(c);
    Chain t = make_chain("ternary", cimc::Alphabet::real, 300, 15, true, 5);
    expect_exact(t);
}

TEST(FoldBatchnorm, ActivationScaleBecomesTheLevel) {
    // BipolarQuant with scale 2: the activation is +-2, the next layer's inputs carry it.
    Chain c = make_chain("bipolar", cimc::Alphabet::binary, 50, 7, false, 6);
    c.layer.constants.at("one") = c.graph.initializers.at("one") = Tensor::scalar(2);
    expect_exact(c);
    EXPECT_EQ(c.layer.activation, cimc::Alphabet::binary);
    EXPECT_EQ(c.layer.activation_level, 2.0f);
}

TEST(FoldBatchnorm, ScaledInputsAndWeightsFoldIntoThePreactivation) {
    // +-0.5 inputs times weights scaled by 0.25 .. 2 per output: the executor's value of s is
    // s * (float)(0.5 * a[o]) (exact: powers of two).
    Chain c = make_chain("ternary", cimc::Alphabet::binary, 120, 3, true, 9);
    c.layer.input_level = 0.5f;
    for (int64_t o = 0; o < kChannels; ++o) c.layer.weight_scale.push_back(float(1 << (o % 4)) / 4);
    cimc::set_binary_preactivation(c.layer);
    ASSERT_EQ(c.layer.pre_scale.size(), size_t(kChannels));
    EXPECT_EQ(c.layer.pre_scale[3], 0.5 * 2.0);
    expect_exact(c);
}

// Exactly one error line naming the node, for a chain that is no binary/ternary activation.
void expect_rejected(Chain& c, const std::string& needle) {
    try {
        cimc::fold_batchnorm(c.layer, "m.onnx");
        FAIL() << "accepted";
    } catch (const cimc::CompileError& e) {
        EXPECT_NE(std::string(e.what()).find("node 'act'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
}

TEST(FoldBatchnorm, ActivationsThatAreNotBinaryOrTernaryAreRejected) {
    Chain perchannel = make_chain("bipolar", cimc::Alphabet::binary, 50, 7, false, 6);
    Tensor s = Tensor::zeros({kChannels});
    for (size_t i = 0; i < s.data.size(); ++i) s.data[i] = i % 2 ? 1.0f : 0.5f;
    perchannel.layer.constants.at("one") = s; // a scale per channel: levels differ
    expect_rejected(perchannel, "not {-b, +b} or {-b, 0, +b}");
    Chain unsigned01 = make_chain("multithreshold", cimc::Alphabet::binary, 50, 7, false, 6);
    unsigned01.layer.epilogue.back().node.attributes["out_bias"] = qonnx::Attribute::of_float(0);
    Tensor t = Tensor::zeros({kChannels, 2}); // {0, 1, 2}
    for (size_t i = 0; i < size_t(kChannels); ++i) t.data[2 * i] = -2.0f, t.data[2 * i + 1] = 2.0f;
    unsigned01.layer.constants.at("t") = t;
    expect_rejected(unsigned01, "{0, 1, 2}");
}

} // namespace
} // namespace compilertest
