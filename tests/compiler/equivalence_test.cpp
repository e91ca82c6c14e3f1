// The compiled program, run by the host reference executor (the sw/nn runtime with an exact
// crossbar), predicts exactly what qonnx::Executor predicts, image by image: MLP and CNN, BNN
// and TNN, every accepted graph variant, first layer on the CPU and bit-sliced on the
// crossbars, mappings with one and two rows per input, tiny crossbars (many tiles, padding
// and re-programming), and the shipped models in models/.
#include "tests/compiler/compile_helpers.h"
#include "compiler/driver/compile.h"
#include "compiler/import/import_qonnx.h"
#include "compiler/ir/error.h"
#include "compiler/qonnx/onnx_io.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace compilertest {
namespace {

struct Case {
    const char* name;
    ModelSpec spec;
    const char* mapping;
    bool first_layer_xbar;
    int rows_cols; // crossbar size (0: default 256)
};

ModelSpec spec(bool cnn, bool ternary, bool variants, uint64_t seed) {
    ModelSpec s;
    s.cnn = cnn, s.ternary = ternary, s.variants = variants, s.seed = seed;
    return s;
}

const Case cases[] = {
    {"BnnMlp", spec(false, false, false, 1), "BNN_I", false, 0},
    {"BnnMlpVariants", spec(false, false, true, 2), "BNN_V", false, 0},
    {"TnnMlp", spec(false, true, false, 3), "TNN_I", false, 0},
    {"TnnMlpVariants", spec(false, true, true, 4), "TNN_IV", false, 0},
    {"BnnCnn", spec(true, false, false, 5), "BNN_III", false, 0},
    {"BnnCnnVariantsPaddedHiddenConv", spec(true, false, true, 6), "BNN_VI", false, 0},
    {"TnnCnn", spec(true, true, false, 7), "TNN_II", false, 0},
    {"TnnCnnVariants", spec(true, true, true, 18), "TNN_V", false, 0},
    {"BnnMlpBitsliced", spec(false, false, false, 9), "BNN_II", true, 0},
    {"TnnCnnBitsliced", spec(true, true, true, 10), "TNN_III", true, 0},
    {"BnnCnnBitslicedSmallCrossbars", spec(true, false, true, 13), "BNN_IV", true, 32},
    {"BnnMlpSmallCrossbars", spec(false, false, true, 12), "BNN_I", false, 24},
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class Equivalence : public testing::TestWithParam<Case> {};

TEST_P(Equivalence, ReferenceEqualsExecutorOnEveryImage) {
    const Case& c = GetParam();
    const Images images = test_images(c.spec.cnn ? 200 : 400);
    const qonnx::Graph g = make_model(c.spec);
    cimc::CompileOptions o = options_for(c.mapping, c.first_layer_xbar, 16, 24);
    if (c.rows_cols) o.xbar.rows = o.xbar.cols = c.rows_cols, o.xbar.crossbars = 3;
    const cimc::Network net = compile_graph(g, o);
    const auto want = executor_predictions(g, images);
    const auto got = reference_predictions(net, images);
    ASSERT_EQ(got.size(), want.size());
    int differ = 0, classes_seen = 0;
    std::vector<int> hist(10, 0);
    for (size_t i = 0; i < got.size(); ++i) {
        differ += got[i] != want[i];
        ++hist[want[i] % 10];
    }
    for (int h : hist) classes_seen += h > 0;
    EXPECT_EQ(differ, 0) << "of " << got.size() << " images";
    EXPECT_GE(classes_seen, 2) << "degenerate test model: predictions hardly vary";
}

INSTANTIATE_TEST_SUITE_P(Models, Equivalence, testing::ValuesIn(cases),
                         [](const auto& info) { return std::string(info.param.name); });

// Every model shipped in models/ (skipped while there are none).
TEST(Equivalence, ShippedModels) {
    const std::filesystem::path dir = std::filesystem::path(CIMVP_SOURCE_DIR) / "models";
    std::vector<std::filesystem::path> models;
    if (std::filesystem::exists(dir))
        for (const auto& e : std::filesystem::directory_iterator(dir))
            if (e.path().extension() == ".onnx") models.push_back(e.path());
    if (models.empty()) GTEST_SKIP() << "no models in " << dir;
    const Images images = test_images(300);
    for (const auto& path : models) {
        const qonnx::Graph g = qonnx::read_model(path.string());
        cimc::Network net;
        try { // a BNN model compiles for a BNN mapping; a TNN model needs a TNN one
            net = compile_graph(g, options_for("BNN_I", false, 16, 32));
        } catch (const cimc::CompileError&) {
            net = compile_graph(g, options_for("TNN_I", false, 16, 32));
        }
        EXPECT_EQ(reference_predictions(net, images), executor_predictions(g, images)) << path;
    }
}

} // namespace
} // namespace compilertest
