// Models as Brevitas and FINN write them compile, and the compiled program (the reference
// executor: the sw/nn runtime with an exact crossbar) predicts exactly what `cimx eval`
// predicts (the host executor, the model's own float semantics, its input scale), image by
// image: every hand-built form on two mappings, and our shipped MLPs rewritten in Brevitas'
// and FINN's forms - which also predict exactly what the originals predict.
#include "tests/compiler/compile_helpers.h"
#include "compiler/import/import_qonnx.h"
#include "compiler/ir/error.h"
#include "tests/compiler/model_forms.h"
#include "compiler/qonnx/onnx_io.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace compilertest {
namespace {

cimc::Network compile_form(const qonnx::Graph& g, const std::string& mapping,
                           const std::string& input_scale, bool first_layer_xbar = false) {
    cimc::Network net = cimc::import_graph(g, g.name + ".onnx", input_scale);
    cimc::compile_network(net, options_for(mapping, first_layer_xbar, 16, 16));
    return net;
}

int classes_seen(const std::vector<uint16_t>& p) {
    std::vector<int> seen(65536, 0);
    int n = 0;
    for (uint16_t c : p) n += seen[c]++ == 0;
    return n;
}

int differ(const std::vector<uint16_t>& a, const std::vector<uint16_t>& b) {
    int n = 0;
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) n += a[i] != b[i];
    return n + int(a.size() > b.size() ? a.size() - b.size() : b.size() - a.size());
}

class HandBuilt : public testing::TestWithParam<std::string> {};

TEST_P(HandBuilt, ReferenceEqualsCimxEvalOnEveryImage) {
    const FormModel m = hand_built_form(GetParam());
    const Images images = form_images(m, 200);
    const auto want = eval_predictions(m.graph, images, m.input_scale);
    EXPECT_GE(classes_seen(want), 3) << "degenerate test model: predictions hardly vary";
    for (const char* mapping : m.ternary ? std::vector<const char*>{"TNN_I", "TNN_IV"}
                                         : std::vector<const char*>{"BNN_I", "BNN_V"}) {
        const cimc::Network net = compile_form(m.graph, mapping, m.input_scale);
        EXPECT_EQ(differ(reference_predictions(net, images), want), 0)
            << m.name << " on " << mapping << " (" << m.forms << ")";
    }
}

TEST_P(HandBuilt, FirstLayerBitSlicedToo) {
    const FormModel m = hand_built_form(GetParam());
    const Images images = form_images(m, 100);
    const cimc::Network net =
        compile_form(m.graph, m.ternary ? "TNN_III" : "BNN_II", m.input_scale, true);
    EXPECT_EQ(differ(reference_predictions(net, images),
                     eval_predictions(m.graph, images, m.input_scale)),
              0);
}

INSTANTIATE_TEST_SUITE_P(Forms, HandBuilt, testing::ValuesIn(hand_built_form_names()),
                         [](const auto& info) { return info.param; });

// models/bnn-mlp.onnx and tnn-mlp.onnx in Brevitas' and FINN's forms.
class Shipped : public testing::TestWithParam<const char*> {};

TEST_P(Shipped, BrevitasAndFinnFormsPredictWhatTheOriginalPredicts) {
    const std::string path = std::string(CIMVP_SOURCE_DIR) + "/models/" + GetParam() + ".onnx";
    const qonnx::Graph ours = qonnx::read_model(path);
    const bool ternary = std::string(GetParam()).rfind("tnn", 0) == 0;
    const Images images = test_images(2000);
    const auto want = eval_predictions(ours, images, "");
    const qonnx::Graph brevitas = brevitas_form(ours, 7), finn = finn_form(ours);
    EXPECT_EQ(differ(eval_predictions(brevitas, images, ""), want), 0) << "Brevitas form";
    EXPECT_EQ(differ(eval_predictions(finn, images, "1"), want), 0) << "FINN form";
    const Images few = test_images(300);
    const auto few_want = eval_predictions(ours, few, "");
    const char* mapping = ternary ? "TNN_I" : "BNN_I";
    EXPECT_EQ(differ(reference_predictions(compile_form(brevitas, mapping, ""), few), few_want), 0);
    EXPECT_EQ(differ(reference_predictions(compile_form(finn, mapping, "1"), few), few_want), 0);
}

INSTANTIATE_TEST_SUITE_P(Models, Shipped, testing::Values("bnn-mlp", "tnn-mlp"));

} // namespace
} // namespace compilertest
