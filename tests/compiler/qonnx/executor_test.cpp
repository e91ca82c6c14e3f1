// The host executor on hand-built graphs with hand-computed outputs, one op at a time.
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/executor.h"
#include "compiler/qonnx/graph_builder.h"

#include <gtest/gtest.h>

namespace {

using qonnx::Attribute;
using qonnx::GraphBuilder;
using qonnx::Tensor;

const char* Q = qonnx::kQonnxDomain;

// Runs a one-input graph built by `build` (which gets the input's name and returns the
// output tensor name) on x.
template <typename F> Tensor run1(const Tensor& x, F build) {
    GraphBuilder b("t");
    std::vector<int64_t> shape = x.shape;
    const std::string out = build(b, b.input("x", shape));
    b.output(out, {});
    return qonnx::Executor(b.finish()).run(x);
}

TEST(Executor, MatMulAndGemm) {
    const Tensor x({2, 3}, {1, 2, 3, 4, 5, 6});
    const Tensor w({3, 2}, {1, 0, 0, 1, 1, -1});
    auto y = run1(x, [&](GraphBuilder& b, std::string in) {
        return b.node("MatMul", {in, b.initializer("w", w)});
    });
    EXPECT_EQ(y.shape, (std::vector<int64_t>{2, 2}));
    EXPECT_EQ(y.data, (std::vector<float>{4, -1, 10, -1}));
    // Gemm with transB and a broadcast bias: W^T given as [2, 3].
    const Tensor wt({2, 3}, {1, 0, 1, 0, 1, -1});
    y = run1(x, [&](GraphBuilder& b, std::string in) {
        return b.node("Gemm",
                      {in, b.initializer("w", wt), b.initializer("c", Tensor({2}, {10, 20}))},
                      {{"transB", Attribute::of_int(1)}, {"alpha", Attribute::of_float(2.0f)}});
    });
    EXPECT_EQ(y.data, (std::vector<float>{18, 18, 30, 18}));
}

TEST(Executor, ConvWithPaddingAndBias) {
    // 1x1x3x3 input 1..9, 1 output channel, 3x3 kernel of ones, pad 1 -> neighbourhood sums.
    Tensor x({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
    const Tensor w({1, 1, 3, 3}, std::vector<float>(9, 1.0f));
    auto y = run1(x, [&](GraphBuilder& b, std::string in) {
        return b.node("Conv", {in, b.initializer("w", w), b.initializer("b", Tensor({1}, {0.5f}))},
                      {{"kernel_shape", Attribute::of_ints({3, 3})},
                       {"pads", Attribute::of_ints({1, 1, 1, 1})}});
    });
    EXPECT_EQ(y.shape, (std::vector<int64_t>{1, 1, 3, 3}));
    EXPECT_EQ(y.data,
              (std::vector<float>{12.5f, 21.5f, 16.5f, 27.5f, 45.5f, 33.5f, 24.5f, 39.5f, 28.5f}));
    // Two input channels, no padding, stride 2 on a 1x2x3x3 input: single output position.
    x = Tensor({1, 2, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 1, 1, 1, 1, 1, 1, 1, 1});
    const Tensor w2({1, 2, 2, 2}, {1, 0, 0, 1, -1, -1, -1, -1});
    y = run1(x, [&](GraphBuilder& b, std::string in) {
        return b.node("Conv", {in, b.initializer("w", w2)},
                      {{"strides", Attribute::of_ints({2, 2})}});
    });
    EXPECT_EQ(y.shape, (std::vector<int64_t>{1, 1, 1, 1}));
    EXPECT_EQ(y.data, (std::vector<float>{1 + 5 - 4}));
}

TEST(Executor, BatchNormMaxPoolFlattenReshape) {
    const Tensor x({1, 2, 2, 2}, {1, 2, 3, 4, 10, 20, 30, 40});
    auto y = run1(x, [&](GraphBuilder& b, std::string in) {
        const std::string bn = b.node(
            "BatchNormalization",
            {in, b.initializer("s", Tensor({2}, {2, -1})), b.initializer("b", Tensor({2}, {1, 0})),
             b.initializer("m", Tensor({2}, {2, 20})), b.initializer("v", Tensor({2}, {4, 100}))},
            {{"epsilon", Attribute::of_float(0.0f)}});
        const std::string pool =
            b.node("MaxPool", {bn}, {{"kernel_shape", Attribute::of_ints({2, 2})}});
        return b.node("Flatten", {pool});
    });
    // ch0: 2*(x-2)/2+1 = x-1 -> max 3; ch1: -(x-20)/10 -> max 1.
    EXPECT_EQ(y.shape, (std::vector<int64_t>{1, 2}));
    EXPECT_FLOAT_EQ(y.data[0], 3.0f);
    EXPECT_FLOAT_EQ(y.data[1], 1.0f);
    y = run1(x, [&](GraphBuilder& b, std::string in) {
        const auto shape = b.initializer("shape", Tensor({2}, {0, -1}, qonnx::ElemType::Int64));
        return b.node("Reshape", {in, shape});
    });
    EXPECT_EQ(y.shape, (std::vector<int64_t>{1, 8}));
}

TEST(Executor, BroadcastAddMul) {
    const Tensor x({2, 3}, {1, 2, 3, 4, 5, 6});
    auto y = run1(x, [&](GraphBuilder& b, std::string in) {
        const std::string m = b.node("Mul", {in, b.initializer("a", Tensor({3}, {1, 10, 100}))});
        return b.node("Add", {m, b.initializer("c", Tensor({2, 1}, {0.5f, -0.5f}))});
    });
    EXPECT_EQ(y.data, (std::vector<float>{1.5f, 20.5f, 300.5f, 3.5f, 49.5f, 599.5f}));
}

TEST(Executor, QonnxQuantizers) {
    const Tensor x({1, 5}, {-1.0f, -0.5f, 0.0f, 0.5f, 0.7f});
    auto y = run1(x, [&](GraphBuilder& b, std::string in) {
        return b.node("BipolarQuant", {in, b.initializer("s", Tensor::scalar(1))}, {}, Q);
    });
    EXPECT_EQ(y.data, (std::vector<float>{-1, -1, 1, 1, 1}));
    y = run1(x, [&](GraphBuilder& b, std::string in) {
        return b.node("Quant",
                      {in, b.initializer("s", Tensor::scalar(1)),
                       b.initializer("z", Tensor::scalar(0)),
                       b.initializer("bw", Tensor::scalar(2))},
                      {{"signed", Attribute::of_int(1)}, {"narrow", Attribute::of_int(1)}}, Q);
    });
    EXPECT_EQ(y.data, (std::vector<float>{-1, 0, 0, 0, 1}));
    // Legacy domain names are accepted.
    y = run1(x, [&](GraphBuilder& b, std::string in) {
        return b.node("BipolarQuant", {in, b.initializer("s", Tensor::scalar(2))}, {},
                      "finn.custom_op.general");
    });
    EXPECT_EQ(y.data, (std::vector<float>{-2, -2, 2, 2, 2}));
}

TEST(Executor, MultiThresholdPerChannel) {
    // NCHW [1, 2, 1, 2]; channel 0 thresholds {0, 1}, channel 1 {5, 6}; out = 2*count - 1.
    const Tensor x({1, 2, 1, 2}, {0.0f, 1.5f, 4.0f, 6.0f});
    auto y = run1(x, [&](GraphBuilder& b, std::string in) {
        return b.node("MultiThreshold", {in, b.initializer("t", Tensor({2, 2}, {0, 1, 5, 6}))},
                      {{"out_dtype", Attribute::of_string("INT2")},
                       {"out_scale", Attribute::of_float(2.0f)},
                       {"out_bias", Attribute::of_float(-1.0f)}},
                      Q);
    });
    EXPECT_EQ(y.data, (std::vector<float>{1, 3, -1, 3}));
}

TEST(Executor, MultiThresholdChannelAxisAsQonnx) {
    // QONNX's MultiThreshold: 2-D and 4-D NCHW inputs count along axis 1, NHWC and other ranks
    // along the last axis (so [N, C, 1] after an Unsqueeze has one channel).
    auto mt = [](const Tensor& x, const Tensor& t, const char* layout) {
        return run1(x, [&](GraphBuilder& b, std::string in) {
            return b.node("MultiThreshold", {in, b.initializer("t", t)},
                          {{"data_layout", Attribute::of_string(layout)}}, Q);
        });
    };
    const Tensor nhwc({1, 1, 2, 2}, {0, 5, 5, 0}); // H = 1, W = 2, C = 2
    EXPECT_EQ(mt(nhwc, Tensor({2, 1}, {1, 6}), "NHWC").data, (std::vector<float>{0, 0, 1, 0}));
    const Tensor three({1, 2, 1}, {3, 3});
    EXPECT_EQ(mt(three, Tensor({1, 1}, {2}), "NCHW").data, (std::vector<float>{1, 1}));
    EXPECT_THROW(mt(three, Tensor({2, 1}, {2, 4}), "NCHW"), qonnx::QonnxError);
}

TEST(Executor, TransposeUnsqueezeSqueezeDropout) {
    const Tensor x({1, 2, 3}, {1, 2, 3, 4, 5, 6});
    auto y = run1(x, [&](GraphBuilder& b, std::string in) {
        return b.node("Transpose", {in}, {{"perm", Attribute::of_ints({0, 2, 1})}});
    });
    EXPECT_EQ(y.shape, (std::vector<int64_t>{1, 3, 2}));
    EXPECT_EQ(y.data, (std::vector<float>{1, 4, 2, 5, 3, 6}));
    y = run1(x, [&](GraphBuilder& b, std::string in) { // default perm: reversed axes
        return b.node("Transpose", {in});
    });
    EXPECT_EQ(y.shape, (std::vector<int64_t>{3, 2, 1}));
    y = run1(x, [&](GraphBuilder& b, std::string in) {
        const std::string axes = b.initializer("a", Tensor({2}, {1, -1}, qonnx::ElemType::Int64));
        const std::string u = b.node("Unsqueeze", {in, axes});
        return b.node("Dropout", {u});
    });
    EXPECT_EQ(y.shape, (std::vector<int64_t>{1, 1, 2, 3, 1}));
    EXPECT_EQ(y.data, x.data);
    y = run1(Tensor({1, 2, 1, 3, 1}, x.data), [&](GraphBuilder& b, std::string in) {
        return b.node("Squeeze", {in}, {{"axes", Attribute::of_ints({2, -1})}}); // opset 11
    });
    EXPECT_EQ(y.shape, (std::vector<int64_t>{1, 2, 3}));
    EXPECT_THROW(run1(x,
                      [&](GraphBuilder& b, std::string in) {
                          return b.node("Squeeze", {in}, {{"axes", Attribute::of_ints({1})}});
                      }),
                 qonnx::QonnxError);
}

TEST(Executor, ArgMaxAndTopKPickTheFirstOfEqualMaxima) {
    const Tensor x({2, 4}, {1, 7, 7, 2, -1, -3, -1, -2});
    auto y = run1(x, [&](GraphBuilder& b, std::string in) {
        return b.node("ArgMax", {in}, {{"axis", Attribute::of_int(1)}});
    });
    EXPECT_EQ(y.shape, (std::vector<int64_t>{2, 1}));
    EXPECT_EQ(y.data, (std::vector<float>{1, 0}));
    EXPECT_EQ(y.type, qonnx::ElemType::Int64);
    // TopK: outputs Values and Indices, sorted, lower index first among equals.
    GraphBuilder b("t");
    const std::string in = b.input("x", {2, 4});
    qonnx::Graph g = b.finish();
    qonnx::Node top;
    top.name = "top";
    top.op_type = "TopK";
    top.inputs = {in, "k"};
    top.outputs = {"v", "i"};
    g.initializers["k"] = Tensor({1}, {2}, qonnx::ElemType::Int64);
    g.nodes.push_back(top);
    g.outputs.resize(2);
    g.outputs[0].name = "v";
    g.outputs[1].name = "i";
    const auto out = qonnx::Executor(g).run({{"x", x}});
    EXPECT_EQ(out.at("v").data, (std::vector<float>{7, 7, -1, -1}));
    EXPECT_EQ(out.at("i").data, (std::vector<float>{1, 2, 0, 2}));
}

TEST(Executor, ConstantNodesAreComputedOnce) {
    // A weight quantizer and a Transpose of the weights (as Brevitas exports them) give the
    // same result as the quantized weights themselves.
    const Tensor x({1, 2}, {1, 2});
    const Tensor latent({3, 2}, {0.2f, -0.7f, -0.1f, 0.3f, 0.9f, 0.4f});
    const Tensor y = run1(x, [&](GraphBuilder& b, std::string in) {
        std::string w =
            b.node("BipolarQuant",
                   {b.initializer("w", latent), b.initializer("s", Tensor::scalar(1))}, {}, Q);
        w = b.node("Transpose", {w}, {{"perm", Attribute::of_ints({1, 0})}});
        return b.node("MatMul", {in, w});
    });
    EXPECT_EQ(y.data, (std::vector<float>{1 - 2, -1 + 2, 1 + 2}));
}

TEST(Executor, InputShapeIsChecked) {
    GraphBuilder b("t");
    b.output(b.node("Identity", {b.input("x", {-1, 3})}), {-1, 3});
    qonnx::Executor e(b.finish());
    EXPECT_NO_THROW(e.run(Tensor::zeros({7, 3})));
    EXPECT_THROW(e.run(Tensor::zeros({7, 4})), qonnx::QonnxError);
}

} // namespace
