// Everything the compiler does not take is one error naming the node, its operator and what
// would make the model compile (docs/compiler.md, "Bringing your own model"): one graph per
// unsupported pattern, built around an otherwise valid binary MLP or CNN.
#include "tests/compiler/compile_helpers.h"
#include "compiler/import/import_qonnx.h"
#include "compiler/ir/error.h"
#include "compiler/qonnx/graph_builder.h"

#include <gtest/gtest.h>

#include <functional>

namespace compilertest {
namespace {

using qonnx::Attribute;
using qonnx::Tensor;

const char* const kQ = "qonnx.custom_op.general";

Tensor signs(std::vector<int64_t> shape, int seed) {
    Tensor t = Tensor::zeros(std::move(shape));
    for (size_t i = 0; i < t.data.size(); ++i)
        t.data[i] = (i * 7 + size_t(seed)) % 3 ? 1.0f : -1.0f;
    return t;
}

// An MLP 784 -> 16 -> 10 whose pieces a case can replace: `input` edits the nodes before
// the first MatMul, `act` the first activation, `tail` what follows the logits.
struct Mlp {
    std::function<std::string(qonnx::GraphBuilder&, std::string)> input, act, tail;
    std::vector<int64_t> shape = {-1, 1, 28, 28};
};

qonnx::Graph mlp(const Mlp& m) {
    qonnx::GraphBuilder b("mlp");
    std::string x = b.input("input", m.shape);
    x = m.input ? m.input(b, x) : b.node("Flatten", {x}, {}, "", "flatten");
    x = b.node("MatMul", {x, b.initializer("w0", signs({784, 16}, 1))}, {}, "", "fc0");
    Tensor one = Tensor::zeros({16});
    for (float& v : one.data) v = 1;
    x = b.node("BatchNormalization",
               {x, b.initializer("g", one), b.initializer("b", Tensor::zeros({16})),
                b.initializer("m", Tensor::zeros({16})), b.initializer("v", one)},
               {}, "", "bn0");
    x = m.act ? m.act(b, x)
              : b.node("BipolarQuant", {x, b.initializer("s1", Tensor::scalar(1))}, {}, kQ, "act0");
    x = b.node("MatMul", {x, b.initializer("w1", signs({16, 10}, 2))}, {}, "", "fc1");
    if (m.tail) x = m.tail(b, x);
    b.output(x, {-1, 10});
    return b.finish();
}

// The model fails to compile with one error that names node `node` (operator `op`) and says
// `why`.
void expect_error(const qonnx::Graph& g, const std::string& node, const std::string& op,
                  const std::string& why, const std::string& input_scale = "") {
    try {
        cimc::Network net = cimc::import_graph(g, "m.onnx", input_scale);
        cimc::compile_network(net, options_for("BNN_I"));
        FAIL() << "compiled; expected an error about " << node;
    } catch (const cimc::CompileError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("m.onnx: node '" + node + "' (" + op + "): "), std::string::npos) << msg;
        EXPECT_NE(msg.find(why), std::string::npos) << msg;
        EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
        EXPECT_EQ(e.node(), node);
        EXPECT_EQ(e.op(), op);
    }
}

TEST(Unsupported, ReluInsteadOfAQuantizer) {
    Mlp m;
    m.act = [](qonnx::GraphBuilder& b, std::string x) {
        return b.node("Relu", {x}, {}, "", "relu0");
    };
    expect_error(mlp(m), "relu0", "Relu", "need a quantizer");
}

TEST(Unsupported, SoftmaxAfterTheLogits) {
    Mlp m;
    m.tail = [](qonnx::GraphBuilder& b, std::string x) {
        return b.node("Softmax", {x}, {{"axis", Attribute::of_int(1)}}, "", "softmax");
    };
    expect_error(mlp(m), "softmax", "Softmax", "remove it (it does not change the class)");
}

TEST(Unsupported, DynamicShapeComputation) {
    Mlp m;
    m.input = [](qonnx::GraphBuilder& b, std::string x) {
        const std::string shape = b.node("Shape", {x}, {}, "", "shape");
        return b.node("Reshape", {x, shape}, {}, "", "reshape");
    };
    expect_error(mlp(m), "shape", "Shape", "fold the shape computation to a constant");
}

TEST(Unsupported, ABranch) {
    Mlp m;
    m.act = [](qonnx::GraphBuilder& b, std::string x) {
        const std::string a =
            b.node("BipolarQuant", {x, b.initializer("s1", Tensor::scalar(1))}, {}, kQ, "act0");
        return b.node("Add", {a, x}, {}, "", "residual");
    };
    expect_error(mlp(m), "residual", "Add", "branching graphs are not supported");
}

TEST(Unsupported, FourLevelActivation) {
    Mlp m;
    m.act = [](qonnx::GraphBuilder& b, std::string x) {
        return b.node("MultiThreshold",
                      {x, b.initializer("t", Tensor({1, 3}, {-0.5f, 0.0f, 0.5f}))}, {}, kQ, "mt0");
    };
    expect_error(mlp(m), "mt0", "MultiThreshold",
                 "takes the values {0, 1, 2, 3}, not {-b, +b} or {-b, 0, +b}");
}

// out_dtype declares the values (FINN sizes its hardware by it): a declaration the
// thresholds break is reported, one that they keep compiles.
TEST(Unsupported, MultiThresholdValuesOutsideItsOutDtype) {
    auto act = [](float scale, float bias, int steps, const char* dtype) {
        return [=](qonnx::GraphBuilder& b, std::string x) {
            const std::vector<float> t =
                steps == 1 ? std::vector<float>{0.0f} : std::vector<float>{-0.5f, 0.5f};
            return b.node("MultiThreshold", {x, b.initializer("t", Tensor({1, steps}, t))},
                          {{"out_scale", Attribute::of_float(scale)},
                           {"out_bias", Attribute::of_float(bias)},
                           {"out_dtype", Attribute::of_string(dtype)}},
                          "finn.custom_op.general", "mt0");
        };
    };
    Mlp m;
    m.act = act(1, 0, 1, "BIPOLAR"); // gives {0, 1}
    expect_error(mlp(m), "mt0", "MultiThreshold",
                 "out_dtype BIPOLAR, but out_bias + out_scale x 0 = 0 + 1 x 0 = 0, not a value "
                 "of BIPOLAR");
    m.act = act(2, -1, 2, "TERNARY"); // gives {-1, 1, 3}
    expect_error(mlp(m), "mt0", "MultiThreshold", "x 2 = -1 + 2 x 2 = 3, not a value of TERNARY");
    m.act = act(1, -1, 2, "INT2"); // {-1, 0, 1}: fits INT2 (and compiles, on a TNN mapping)
    cimc::Network net = cimc::import_graph(mlp(m), "m.onnx", "");
    EXPECT_NO_THROW(cimc::compile_network(net, options_for("TNN_I")));
    m.act = act(1, -1, 2, "UINT2");
    expect_error(mlp(m), "mt0", "MultiThreshold", "= -1, not a value of UINT2");
    m.act = act(0.5f, 0, 1, "INT4"); // 0.5 is not an integer
    expect_error(mlp(m), "mt0", "MultiThreshold", "= 0.5, not a value of INT4");
    m.act = act(2, -1, 1, "FLOAT32"); // not an integer type: not checked
    net = cimc::import_graph(mlp(m), "m.onnx", "");
    EXPECT_NO_THROW(cimc::compile_network(net, options_for("BNN_I")));
}

TEST(Unsupported, ActivationLevelsThatDifferBetweenChannels) {
    Mlp m;
    m.act = [](qonnx::GraphBuilder& b, std::string x) {
        Tensor s = Tensor::zeros({16});
        for (size_t i = 0; i < 16; ++i) s.data[i] = i % 2 ? 1.0f : 0.5f;
        return b.node("BipolarQuant", {x, b.initializer("s", s)}, {}, kQ, "act0");
    };
    expect_error(mlp(m), "act0", "BipolarQuant", "with one b for all channels");
}

TEST(Unsupported, WeightsOfSeveralMagnitudes) {
    Mlp m;
    qonnx::Graph g = mlp(m);
    g.initializers.at("w1").data[3] = 0.5f;
    expect_error(g, "fc1", "MatMul", "weights are not binary/ternary (output 3 has the magnitudes");
}

TEST(Unsupported, BinaryZeroOneWeightsByAnnotation) {
    qonnx::Graph g = mlp(Mlp{});
    g.annotations["w0"]["finn_datatype"] = "BINARY";
    expect_error(g, "fc0", "MatMul", "finn_datatype BINARY means 0/1 weights");
}

TEST(Unsupported, ReshapeThatIsNoFlatten) {
    Mlp m;
    m.input = [](qonnx::GraphBuilder& b, std::string x) {
        x = b.node("Reshape",
                   {x, b.initializer("sh", Tensor({3}, {-1, 14, 56}, qonnx::ElemType::Int64))}, {},
                   "", "reshape");
        return b.node("Flatten", {x}, {}, "", "flatten");
    };
    expect_error(mlp(m), "reshape", "Reshape", "only a flatten to [N, 784]");
}

TEST(Unsupported, TopKOfMoreThanOneClass) {
    Mlp m;
    m.tail = [](qonnx::GraphBuilder& b, std::string x) {
        b.node("TopK", {x, b.initializer("k", Tensor({1}, {3}, qonnx::ElemType::Int64))}, {}, "",
               "topk");
        return std::string("topk_out");
    };
    expect_error(mlp(m), "topk", "TopK", "k must be 1");
}

TEST(Unsupported, ArgMaxOfTheLastIndex) {
    Mlp m;
    m.tail = [](qonnx::GraphBuilder& b, std::string x) {
        return b.node("ArgMax", {x},
                      {{"axis", Attribute::of_int(1)}, {"select_last_index", Attribute::of_int(1)}},
                      "", "argmax");
    };
    expect_error(mlp(m), "argmax", "ArgMax", "ties go to the first class");
}

TEST(Unsupported, QuantizedOutput) {
    Mlp m;
    m.tail = [](qonnx::GraphBuilder& b, std::string x) {
        return b.node("BipolarQuant", {x, b.initializer("s9", Tensor::scalar(1))}, {}, kQ, "out_q");
    };
    try {
        cimc::Network net = cimc::import_graph(mlp(m), "m.onnx");
        FAIL();
    } catch (const cimc::CompileError& e) {
        EXPECT_NE(std::string(e.what()).find("node 'out_q' (BipolarQuant): the graph output is a "
                                             "quantized activation"),
                  std::string::npos)
            << e.what();
    }
}

TEST(Unsupported, InputDividedByItself) {
    Mlp m;
    m.input = [](qonnx::GraphBuilder& b, std::string x) {
        x = b.node("Div", {b.initializer("one", Tensor::scalar(1)), x}, {}, "", "reciprocal");
        return b.node("Flatten", {x}, {}, "", "flatten");
    };
    expect_error(mlp(m), "reciprocal", "Div", "not an affine scaling of the pixels");
}

TEST(Unsupported, InputQuantizerOfMoreThan256Levels) {
    Mlp m;
    m.input = [](qonnx::GraphBuilder& b, std::string x) {
        x = b.node("Flatten", {x}, {}, "", "flatten");
        return b.node("Quant",
                      {x, b.initializer("qs", Tensor::scalar(1.0f / 1023)),
                       b.initializer("qz", Tensor::scalar(0)),
                       b.initializer("qb", Tensor::scalar(10))},
                      {{"signed", Attribute::of_int(0)}}, kQ, "inq");
    };
    expect_error(mlp(m), "inq", "Quant", "the first layer reads at most 256 (8-bit) codes");
}

TEST(Unsupported, GemmWithTransA) {
    Mlp m;
    qonnx::Graph g = mlp(m);
    for (auto& n : g.nodes)
        if (n.name == "fc1") n.op_type = "Gemm", n.attributes["transA"] = Attribute::of_int(1);
    expect_error(g, "fc1", "Gemm", "transA=1 is not supported");
}

// A CNN: conv (pad 1) -> BN -> sign -> [edit] -> pool -> flatten -> dense.
qonnx::Graph cnn(const std::function<std::string(qonnx::GraphBuilder&, std::string)>& input,
                 const std::function<std::string(qonnx::GraphBuilder&, std::string)>& after_act) {
    qonnx::GraphBuilder b("cnn");
    std::string x = b.input("input", {-1, 3, 8, 8});
    if (input) x = input(b, x);
    x = b.node(
        "Conv", {x, b.initializer("w0", signs({4, 3, 3, 3}, 3))},
        {{"kernel_shape", Attribute::of_ints({3, 3})}, {"pads", Attribute::of_ints({1, 1, 1, 1})}},
        "", "conv0");
    x = b.node("BipolarQuant", {x, b.initializer("s1", Tensor::scalar(1))}, {}, kQ, "act0");
    if (after_act) x = after_act(b, x);
    x = b.node(
        "MaxPool", {x},
        {{"kernel_shape", Attribute::of_ints({2, 2})}, {"strides", Attribute::of_ints({2, 2})}}, "",
        "pool0");
    x = b.node("Flatten", {x}, {}, "", "flatten");
    x = b.node("MatMul", {x, b.initializer("w1", signs({64, 10}, 4))}, {}, "", "fc1");
    b.output(x, {-1, 10});
    return b.finish();
}

TEST(Unsupported, PoolingAnNhwcMap) {
    const qonnx::Graph g = cnn(nullptr, [](qonnx::GraphBuilder& b, std::string x) {
        return b.node("Transpose", {x}, {{"perm", Attribute::of_ints({0, 2, 3, 1})}}, "", "nhwc");
    });
    expect_error(g, "pool0", "MaxPool", "in NHWC order (transpose it back first)");
}

TEST(Unsupported, InputScaleThatDiffersBetweenChannels) {
    const qonnx::Graph g = cnn(
        [](qonnx::GraphBuilder& b, std::string x) {
            return b.node("Div", {x, b.initializer("std", Tensor({1, 3, 1, 1}, {50, 60, 70}))}, {},
                          "", "normalize");
        },
        nullptr);
    expect_error(g, "normalize", "Div", "the input's scale factor differs between channels");
}

TEST(Unsupported, InputOffsetBeforeAPaddedConvolution) {
    const qonnx::Graph g = cnn(
        [](qonnx::GraphBuilder& b, std::string x) {
            return b.node("Sub", {x, b.initializer("half", Tensor::scalar(0.5f))}, {}, "",
                          "centre");
        },
        nullptr);
    expect_error(g, "conv0", "Conv", "pads the input with 0, which no pixel value gives");
}

} // namespace
} // namespace compilertest
