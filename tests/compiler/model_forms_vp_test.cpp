// Models in Brevitas' and FINN's forms on the VP: cimc compiles them (images given as NumPy
// .npy, the input scale as --input-scale where the model takes raw pixels), cimvp runs the
// firmware in digital mode, and every prediction equals what `cimx eval` computes on the host
// (the executor with the model's own semantics) - for every hand-built form and for the
// shipped bnn-mlp in both forms.
#include "tests/compiler/cli_helpers.h"
#include "tests/compiler/model_forms.h"
#include "compiler/qonnx/onnx_io.h"

#include <gtest/gtest.h>

namespace compilertest {
namespace {

constexpr uint32_t kImages = 24;

std::vector<std::string> lines_of(const std::vector<uint16_t>& preds) {
    std::vector<std::string> out;
    for (size_t i = 0; i < preds.size(); ++i)
        out.push_back("pred " + std::to_string(i) + " " + std::to_string(preds[i]));
    return out;
}

void expect_vp_equals_eval(const qonnx::Graph& g, const Images& images,
                           const std::string& input_scale, const std::string& mapping) {
    Scratch dir;
    qonnx::write_model(g, dir.path("model.onnx"));
    write_npy(images, dir.path("images.npy"));
    std::vector<std::string> args = {
        dir.path("model.onnx"), "-q", "--xbar.mapping", mapping, "--batch", "8"};
    if (!input_scale.empty()) args.insert(args.end(), {"--input-scale", input_scale});
    auto build = args;
    build.insert(build.end(), {"-o", dir.path("out"), "--images", dir.path("images.npy")});
    const auto built = run_cimc(build);
    ASSERT_EQ(built.exit_code, 0) << testutil::describe(built);
    const auto want = lines_of(eval_predictions(g, images, input_scale));
    const auto vp = run_cimvp({"--xbar.mapping", mapping, "--xbar.mode", "digital"},
                              dir.path("out/firmware.elf"), {dir.path("out/images.idx")});
    ASSERT_EQ(vp.exit_code, 0) << testutil::describe(vp);
    EXPECT_EQ(prediction_lines(vp.out), want) << g.name << " on " << mapping;
    args.insert(args.end(), {"--reference", dir.path("images.npy")});
    const auto ref = run_cimc(args);
    ASSERT_EQ(ref.exit_code, 0) << testutil::describe(ref);
    EXPECT_EQ(prediction_lines(ref.out), want);
}

class FormOnTheVp : public testing::TestWithParam<std::string> {};

TEST_P(FormOnTheVp, DigitalVpEqualsCimxEval) {
    const FormModel m = hand_built_form(GetParam());
    expect_vp_equals_eval(m.graph, form_images(m, kImages), m.input_scale,
                          m.ternary ? "TNN_I" : "BNN_I");
}

INSTANTIATE_TEST_SUITE_P(Forms, FormOnTheVp, testing::ValuesIn(hand_built_form_names()),
                         [](const auto& info) { return info.param; });

TEST(FormOnTheVp, ShippedBnnMlpAsBrevitasAndFinnWriteIt) {
    const qonnx::Graph ours =
        qonnx::read_model(std::string(CIMVP_SOURCE_DIR) + "/models/bnn-mlp.onnx");
    const Images images = test_images(kImages);
    expect_vp_equals_eval(brevitas_form(ours, 7), images, "", "BNN_V");
    expect_vp_equals_eval(finn_form(ours), images, "1", "BNN_I");
}

} // namespace
} // namespace compilertest

namespace compilertest {
namespace {

// The test models are valid ONNX: onnx.checker.check_model of Debian's python3-onnx accepts
// every hand-built form and both rewritten shipped models (skipped without python3-onnx).
TEST(FormOnnxChecker, EveryTestModelPasses) {
    if (testutil::run_process({"/usr/bin/python3", "-c", "import onnx"}, 60).exit_code != 0)
        GTEST_SKIP() << "python3-onnx is not installed (/usr/bin/python3 -c 'import onnx')";
    Scratch dir;
    std::vector<std::string> argv = {
        "/usr/bin/python3", "-c",
        "import onnx, sys\nfor f in sys.argv[1:]: onnx.checker.check_model(onnx.load(f))"};
    for (const std::string& name : hand_built_form_names()) {
        qonnx::write_model(hand_built_form(name).graph, dir.path(name + ".onnx"));
        argv.push_back(dir.path(name + ".onnx"));
    }
    const qonnx::Graph ours =
        qonnx::read_model(std::string(CIMVP_SOURCE_DIR) + "/models/tnn-mlp.onnx");
    qonnx::write_model(brevitas_form(ours, 1), dir.path("brevitas.onnx"));
    qonnx::write_model(finn_form(ours), dir.path("finn.onnx"));
    argv.insert(argv.end(), {dir.path("brevitas.onnx"), dir.path("finn.onnx")});
    const auto r = testutil::run_process(argv, 120);
    EXPECT_EQ(r.exit_code, 0) << testutil::describe(r);
}

} // namespace
} // namespace compilertest
