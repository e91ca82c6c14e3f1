// cimc on bad input: a missing or unreadable model, unsupported operators and patterns,
// shapes that do not match, a model too large for the firmware's RAM, bad options - one
// "cimc: error:" line naming the file or node, exit code 1, never a crash. The firmware
// reports a missing image file the same way.
#include "tests/compiler/cli_helpers.h"
#include "compiler/qonnx/graph_builder.h"
#include "compiler/qonnx/onnx_io.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>

namespace compilertest {
namespace {

using qonnx::Attribute;

// Exit code 1 and exactly one line on stderr: "cimc: error: ...<needle>...".
void expect_error(const testutil::ProcessResult& r, const std::string& needle) {
    EXPECT_EQ(r.exit_code, 1) << testutil::describe(r);
    EXPECT_EQ(r.err.rfind("cimc: error: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
}

// A valid MLP with one node changed by `edit`.
std::string edited_model(const Scratch& dir, const std::function<void(qonnx::Graph&)>& edit) {
    ModelSpec s;
    s.hidden = {16, 8};
    qonnx::Graph g = make_model(s);
    edit(g);
    const std::string path = dir.path("model.onnx");
    qonnx::write_model(g, path);
    return path;
}

qonnx::Node& node_named(qonnx::Graph& g, const std::string& name) {
    for (auto& n : g.nodes)
        if (n.name == name) return n;
    throw std::runtime_error("no node " + name);
}

TEST(CimcErrors, MissingModelFile) {
    Scratch dir;
    expect_error(run_cimc({dir.path("nope.onnx"), "-o", dir.path("out")}), "nope.onnx");
}

TEST(CimcErrors, NotAnOnnxFile) {
    Scratch dir;
    std::ofstream(dir.path("junk.onnx")) << "this is not protobuf";
    expect_error(run_cimc({dir.path("junk.onnx"), "-o", dir.path("out")}), "junk.onnx");
}

TEST(CimcErrors, GroupedConvolution) {
    Scratch dir;
    ModelSpec s;
    s.cnn = true;
    qonnx::Graph g = make_model(s);
    node_named(g, "conv1").attributes["group"] = Attribute::of_int(2);
    qonnx::write_model(g, dir.path("cnn.onnx"));
    expect_error(run_cimc({dir.path("cnn.onnx"), "-o", dir.path("out")}),
                 "cnn.onnx: node 'conv1' (Conv): group=2 is not supported");
}

TEST(CimcErrors, UnsupportedOperatorInTheChain) {
    Scratch dir;
    const std::string m =
        edited_model(dir, [](qonnx::Graph& g) { node_named(g, "bn0").op_type = "Relu"; });
    expect_error(run_cimc({m, "-o", dir.path("out")}), "node 'bn0' (Relu)");
}

TEST(CimcErrors, WeightShapeMismatch) {
    Scratch dir;
    const std::string m = edited_model(dir, [](qonnx::Graph& g) {
        qonnx::Tensor& w = g.initializers.at("dense1_w");
        w = qonnx::Tensor::zeros({17, 8}); // the layer's input has 16 features
    });
    expect_error(run_cimc({m, "-o", dir.path("out")}), "node 'dense1' (MatMul)");
}

TEST(CimcErrors, RealValuedHiddenWeights) {
    Scratch dir;
    const std::string m = edited_model(dir, [](qonnx::Graph& g) {
        auto& n = node_named(g, "dense1");
        n.inputs[1] = "dense1_w"; // skip the weight quantizer: raw float weights
    });
    expect_error(run_cimc({m, "-o", dir.path("out")}),
                 "node 'dense1' (MatMul): weights are not binary/ternary");
}

TEST(CimcErrors, TernaryModelOnABinaryMapping) {
    Scratch dir;
    ModelSpec s;
    s.ternary = true;
    s.hidden = {16, 8};
    qonnx::write_model(make_model(s), dir.path("tnn.onnx"));
    expect_error(
        run_cimc({dir.path("tnn.onnx"), "--xbar.mapping", "BNN_III", "-o", dir.path("out")}),
        "need a TNN mapping");
}

TEST(CimcErrors, ModelTooLargeForRam) {
    Scratch dir;
    ModelSpec s;
    s.cnn = true;
    qonnx::write_model(make_model(s), dir.path("cnn.onnx"));
    expect_error(run_cimc({dir.path("cnn.onnx"), "--batch", "60000", "-o", dir.path("out")}),
                 "too large");
}

TEST(CimcErrors, BadOptions) {
    Scratch dir;
    const std::string m = edited_model(dir, [](qonnx::Graph&) {});
    expect_error(run_cimc({m, "--xbar.mapping", "BNN_X", "-o", dir.path("out")}), "xbar.mapping");
    expect_error(run_cimc({m, "--no-such-option", "-o", dir.path("out")}), "no-such-option");
    expect_error(run_cimc({m}), "-o OUTDIR");
    expect_error(run_cimc({m, "--first-layer", "gpu", "-o", dir.path("out")}), "--first-layer");
    expect_error(run_cimc({m, "--config", dir.path("none.cfg"), "-o", dir.path("out")}),
                 "none.cfg");
    expect_error(run_cimc({m, "--reference", dir.path("none.idx")}), "none.idx");
    expect_error(run_cimc({m, "--input-scale", "0", "-o", dir.path("out")}),
                 "--input-scale: input scale '0' is not a positive number");
}

TEST(CimcErrors, BrokenCrossCompilerIsReported) {
    Scratch dir;
    const std::string m = edited_model(dir, [](qonnx::Graph&) {});
    expect_error(run_cimc({m, "--riscv-gcc", "/nonexistent/gcc", "-o", dir.path("out")}),
                 "cross compiler");
    expect_error(run_cimc({m, "--source-dir", dir.path("nowhere"), "-o", dir.path("out")}),
                 "source directory");
}

TEST(CimcErrors, FirmwareReportsAMissingImageFile) {
    Scratch dir;
    const std::string m = edited_model(dir, [](qonnx::Graph&) {});
    auto build = run_cimc({m, "-q", "-o", dir.path("out")});
    ASSERT_EQ(build.exit_code, 0) << testutil::describe(build);
    auto r = run_cimvp({}, dir.path("out/firmware.elf"), {dir.path("missing.idx")});
    EXPECT_EQ(r.exit_code, 2) << testutil::describe(r);
    EXPECT_NE(r.err.find("cimc-fw: error: cannot open image file"), std::string::npos) << r.err;
    EXPECT_TRUE(prediction_lines(r.out).empty());
}

} // namespace
} // namespace compilertest
