// QONNX files written and read back give the same graph: nodes, attributes of every kind,
// initializers of every element type, graph inputs/outputs with symbolic dimensions, opsets.
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/executor.h"
#include "compiler/qonnx/graph_builder.h"
#include "compiler/qonnx/input_scale.h"
#include "compiler/qonnx/onnx_io.h"
#include "tests/common/test_files.h"
#include "cimx/train/adam.h"
#include "cimx/train/architectures.h"
#include "cimx/train/trainer.h"

#include <gtest/gtest.h>

namespace {

using qonnx::Attribute;
using qonnx::Tensor;

qonnx::Graph sample_graph() {
    qonnx::GraphBuilder b("sample");
    const std::string x = b.input("x", {-1, 4});
    const std::string wq =
        b.node("Quant",
               {b.initializer("w", Tensor({4, 3}, {1, -1, 0, 1, 0, -1, -1, 1, 1, 0, 0, 1})),
                b.initializer("s", Tensor::scalar(1)), b.initializer("z", Tensor::scalar(0)),
                b.initializer("bw", Tensor::scalar(2))},
               {{"signed", Attribute::of_int(1)},
                {"narrow", Attribute::of_int(1)},
                {"rounding_mode", Attribute::of_string("ROUND")}},
               qonnx::kQonnxDomain);
    const std::string mm = b.node("MatMul", {x, wq});
    const std::string mt =
        b.node("MultiThreshold", {mm, b.initializer("t", Tensor({1, 2}, {-0.5f, 0.5f}))},
               {{"out_dtype", Attribute::of_string("INT2")},
                {"out_scale", Attribute::of_float(1.0f)},
                {"out_bias", Attribute::of_float(-1.0f)}},
               qonnx::kQonnxDomain);
    const std::string shape = b.initializer("shape", Tensor({2}, {0, -1}, qonnx::ElemType::Int64));
    const std::string r = b.node("Reshape", {mt, shape});
    const std::string c = b.node(
        "Conv",
        {b.node("Reshape",
                {r, b.initializer("s4", Tensor({4}, {-1, 1, 1, 3}, qonnx::ElemType::Int64))}),
         b.initializer("cw", Tensor({2, 1, 1, 1}, {1, -1}))},
        {{"kernel_shape", Attribute::of_ints({1, 1})},
         {"pads", Attribute::of_ints({0, 0, 0, 0})},
         {"dilations", Attribute::of_ints({1, 1})}});
    b.output(c, {-1, 2, 1, 3});
    qonnx::Graph g = b.finish();
    g.initializers["d"] = Tensor({2}, {0.25f, -3.0f}, qonnx::ElemType::Double);
    g.initializers["i32"] = Tensor({1}, {7}, qonnx::ElemType::Int32);
    g.nodes[1].attributes["floats"] = Attribute::of_floats({0.5f, 1.5f});
    g.doc_string = "round trip";
    return g;
}

void expect_same(const qonnx::Graph& a, const qonnx::Graph& b) {
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.doc_string, b.doc_string);
    ASSERT_EQ(a.nodes.size(), b.nodes.size());
    for (size_t i = 0; i < a.nodes.size(); ++i) {
        SCOPED_TRACE(a.nodes[i].name);
        EXPECT_EQ(a.nodes[i].name, b.nodes[i].name);
        EXPECT_EQ(a.nodes[i].op_type, b.nodes[i].op_type);
        EXPECT_EQ(a.nodes[i].domain, b.nodes[i].domain);
        EXPECT_EQ(a.nodes[i].inputs, b.nodes[i].inputs);
        EXPECT_EQ(a.nodes[i].outputs, b.nodes[i].outputs);
        EXPECT_TRUE(a.nodes[i].attributes == b.nodes[i].attributes);
    }
    ASSERT_EQ(a.initializers.size(), b.initializers.size());
    for (const auto& [name, t] : a.initializers) {
        ASSERT_TRUE(b.initializer(name)) << name;
        EXPECT_EQ(t.shape, b.initializer(name)->shape) << name;
        EXPECT_EQ(t.data, b.initializer(name)->data) << name;
        EXPECT_EQ(t.type, b.initializer(name)->type) << name;
    }
    ASSERT_EQ(a.inputs.size(), b.inputs.size());
    for (size_t i = 0; i < a.inputs.size(); ++i) {
        EXPECT_EQ(a.inputs[i].name, b.inputs[i].name);
        EXPECT_EQ(a.inputs[i].shape, b.inputs[i].shape);
        EXPECT_EQ(a.inputs[i].dim_params, b.inputs[i].dim_params);
    }
    ASSERT_EQ(a.outputs.size(), b.outputs.size());
    EXPECT_EQ(a.outputs[0].shape, b.outputs[0].shape);
}

TEST(QonnxRoundTrip, WriteThenReadGivesTheSameGraph) {
    modeltest::TempDir dir;
    const qonnx::Graph g = sample_graph();
    qonnx::write_model(g, dir.path("m.onnx"));
    const qonnx::Graph back = qonnx::read_model(dir.path("m.onnx"));
    expect_same(g, back);
    EXPECT_EQ(back.opsets.at(""), qonnx::kOnnxOpset);
    EXPECT_EQ(back.opsets.at(qonnx::kQonnxDomain), 1);
    // Writing what we read gives identical bytes.
    EXPECT_EQ(qonnx::serialize_model(back), qonnx::serialize_model(g));
    // And it still runs: x = [1, 0, 0, 0] picks W's first row (1, -1, 0).
    const Tensor y = qonnx::Executor(back).run(Tensor({1, 4}, {1, 0, 0, 0}));
    EXPECT_EQ(y.shape, (std::vector<int64_t>{1, 2, 1, 3}));
    EXPECT_EQ(y.data, (std::vector<float>{1, -1, 0, -1, 1, 0}));
}

TEST(QonnxRoundTrip, MetadataAndQuantizationAnnotations) {
    modeltest::TempDir dir;
    qonnx::Graph g = sample_graph();
    g.metadata[qonnx::kInputScaleKey] = "1/255";
    g.metadata["author"] = "test";
    g.annotations["w"]["finn_datatype"] = "BIPOLAR";
    g.annotations["x"]["finn_datatype"] = "UINT8";
    qonnx::write_model(g, dir.path("m.onnx"));
    const qonnx::Graph back = qonnx::read_model(dir.path("m.onnx"));
    EXPECT_EQ(back.metadata, g.metadata);
    EXPECT_EQ(back.annotations, g.annotations);
    EXPECT_EQ(back.finn_datatype("w"), "BIPOLAR");
    EXPECT_EQ(back.finn_datatype("nothing"), "");
    EXPECT_EQ(qonnx::resolve_input_scale(back, "", "m.onnx").source, "model metadata");
}

TEST(InputScale, ParsedAndResolved) {
    EXPECT_EQ(qonnx::parse_input_scale("1/255", "o"), 1.0f / 255.0f);
    EXPECT_EQ(qonnx::parse_input_scale("1", "o"), 1.0f);
    EXPECT_EQ(qonnx::parse_input_scale("0.00390625", "o"), 1.0f / 256.0f);
    EXPECT_EQ(qonnx::parse_input_scale("2/4", "o"), 0.5f);
    for (const char* bad : {"", "0", "-1", "1/0", "abc", "1/255x", " 1", "1e99", "nan"})
        EXPECT_THROW(qonnx::parse_input_scale(bad, "o"), qonnx::QonnxError) << bad;
    qonnx::Graph g;
    EXPECT_EQ(qonnx::resolve_input_scale(g, "", "m").text, "1/255");
    EXPECT_EQ(qonnx::resolve_input_scale(g, "", "m").source, "default");
    g.metadata[qonnx::kInputScaleKey] = "1";
    EXPECT_EQ(qonnx::resolve_input_scale(g, "", "m").value, 1.0f);
    EXPECT_EQ(qonnx::resolve_input_scale(g, "1/2", "m").value, 0.5f); // the option wins
    g.metadata[qonnx::kInputScaleKey] = "zero";
    try {
        qonnx::resolve_input_scale(g, "", "m.onnx");
        FAIL();
    } catch (const qonnx::QonnxError& e) {
        EXPECT_NE(std::string(e.what()).find("m.onnx: metadata cimvp.input_scale: input scale "
                                             "'zero' is not a positive number"),
                  std::string::npos)
            << e.what();
    }
}

// A trained network's export reads back and computes what the trainer computes.
TEST(QonnxRoundTrip, ExportedNetworkMatchesTrainerInference) {
    for (const char* arch : {"mlp", "cnn"})
        for (auto q : {cimx::train::QuantKind::binary, cimx::train::QuantKind::ternary}) {
            SCOPED_TRACE(std::string(arch) + " " + cimx::train::quant_kind_name(q));
            cimx::train::ArchSpec spec;
            spec.arch = arch;
            spec.quant = q;
            spec.hidden = 16;
            spec.channels = {4, 6, 8};
            cimx::train::Rng rng(7);
            auto net = cimx::train::build_network(spec, 16, 16, 5, rng);
            // A few training steps so batch-norm statistics are not trivial.
            cimx::train::Adam adam;
            cimx::train::Act x;
            x.h = x.w = 16;
            x.m.resize(8 * 256, 1);
            for (int64_t i = 0; i < x.m.size(); ++i) x.m.data()[i] = rng.uniform();
            for (int s = 0; s < 3; ++s)
                cimx::train::train_step(net, x, {0, 1, 2, 3, 4, 0, 1, 2}, adam, 0.01f);
            const auto expected = net.forward(x, false).m;

            modeltest::TempDir dir;
            qonnx::write_model(net.export_qonnx("t", 16, 16, 5, "doc"), dir.path("n.onnx"));
            const qonnx::Executor ex(qonnx::read_model(dir.path("n.onnx")));
            const Tensor y = ex.run(
                Tensor({8, 1, 16, 16}, std::vector<float>(x.m.data(), x.m.data() + x.m.size())));
            ASSERT_EQ(y.shape, (std::vector<int64_t>{8, 5}));
            for (int64_t i = 0; i < 8 * 5; ++i)
                EXPECT_NEAR(y.data[size_t(i)], expected.data()[i], 1e-3f);
        }
}

} // namespace
