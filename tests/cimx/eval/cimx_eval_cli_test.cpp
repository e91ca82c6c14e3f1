// `cimx eval` (and `cimx train`'s argument handling) from the outside: a hand-built QONNX
// model with known outputs on hand-written IDX files, the JSON report, and one-line errors.
#include "compiler/qonnx/graph_builder.h"
#include "compiler/qonnx/onnx_io.h"
#include "tests/common/subprocess.h"
#include "tests/common/test_files.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace {

using modeltest::idx_bytes;
using qonnx::Tensor;

// 2x2 images; the model scores class k = sum of pixels weighted by row k of W, so image i
// with pixel i bright is predicted class i % 3 ... (see the table in make_files).
class CimxEval : public ::testing::Test {
  protected:
    void SetUp() override {
        // Model: input [N,1,2,2] -> Flatten -> BipolarQuant(W) -> MatMul -> Mul(scale).
        // W [4, 3]: pixel p votes +1 for class p % 3, -1 for the others.
        qonnx::GraphBuilder b("hand");
        const std::string flat = b.node("Flatten", {b.input("input", {-1, 1, 2, 2})});
        std::vector<float> w;
        for (int p = 0; p < 4; ++p)
            for (int c = 0; c < 3; ++c) w.push_back(p % 3 == c ? 0.7f : -0.2f); // signs: +1 / -1
        const std::string wq =
            b.node("BipolarQuant",
                   {b.initializer("w", Tensor({4, 3}, w)), b.initializer("s", Tensor::scalar(1))},
                   {}, qonnx::kQonnxDomain);
        const std::string mm = b.node("MatMul", {flat, wq});
        b.output(b.node("Mul", {mm, b.initializer("k", Tensor({3}, {1, 1, 1}))}), {-1, 3});
        qonnx::write_model(b.finish(), dir.path("hand.onnx"));
        // Image i lights pixel i (255), others 0 -> predicted class i % 3: 0, 1, 2, 0.
        std::vector<uint8_t> px(4 * 4, 0);
        for (int i = 0; i < 4; ++i) px[size_t(i * 4 + i)] = 255;
        modeltest::write_gzip(dir.path("img.gz"), idx_bytes({4, 2, 2}, px));
        modeltest::write_file(dir.path("lab"), idx_bytes({4}, {0, 1, 1, 0})); // 3 of 4 right
    }

    testutil::ProcessResult eval(std::vector<std::string> extra) {
        std::vector<std::string> argv = {
            CIMX_PATH,          "eval",          dir.path("hand.onnx"), "--images-file",
            dir.path("img.gz"), "--labels-file", dir.path("lab")};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return testutil::run_process(argv, 60);
    }

    modeltest::TempDir dir;
};

TEST_F(CimxEval, PrintsTop1AndWritesJson) {
    const auto r = eval({"--json", dir.path("out.json")});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    EXPECT_NE(r.out.find("top-1 0.7500 (3/4 images)"), std::string::npos) << r.out;
    const auto j = nlohmann::json::parse(modeltest::read_file(dir.path("out.json")));
    EXPECT_EQ(j["model"], dir.path("hand.onnx"));
    EXPECT_EQ(j["images"], 4);
    EXPECT_DOUBLE_EQ(j["top1"].get<double>(), 0.75);
    EXPECT_EQ(j["predictions"], (std::vector<int>{0, 1, 2, 0}));
}

TEST_F(CimxEval, ImagesOptionEvaluatesAPrefix) {
    const auto r =
        eval({"--images", "2", "--json", dir.path("out.json"), "--threads", "1", "--batch", "1"});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    const auto j = nlohmann::json::parse(modeltest::read_file(dir.path("out.json")));
    EXPECT_EQ(j["images"], 2);
    EXPECT_DOUBLE_EQ(j["top1"].get<double>(), 1.0);
}

TEST_F(CimxEval, MissingModelIsOneLineError) {
    const auto r = testutil::run_process({CIMX_PATH, "eval", dir.path("nope.onnx"), "--images-file",
                                          dir.path("img.gz"), "--labels-file", dir.path("lab")});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("nope.onnx"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(CimxEval, UnsupportedNodeIsNamed) {
    qonnx::GraphBuilder b("bad");
    b.output(b.node("Softmax", {b.node("Flatten", {b.input("input", {-1, 1, 2, 2})})}, {}, "",
                    "the_softmax"),
             {-1, 4});
    qonnx::write_model(b.finish(), dir.path("hand.onnx"));
    const auto r = eval({});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("'the_softmax'"), std::string::npos) << r.err;
}

TEST_F(CimxEval, BadDatasetFileIsNamed) {
    modeltest::write_file(dir.path("lab"), idx_bytes({3}, {0, 1, 1})); // 4 images, 3 labels
    auto r = eval({});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("4 images but"), std::string::npos) << r.err;
    modeltest::write_file(dir.path("lab"), "garbage!");
    r = eval({});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find(dir.path("lab") + ": neither an IDX nor a .npy file"), std::string::npos)
        << r.err;
}

TEST_F(CimxEval, ModelThatDoesNotFitTheImagesIsAnError) {
    qonnx::GraphBuilder b("wide");
    b.output(b.node("Flatten", {b.input("input", {-1, 1, 28, 28})}), {-1, 784});
    qonnx::write_model(b.finish(), dir.path("hand.onnx"));
    const auto r = eval({});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("images of shape [2,2] do not fit " + dir.path("hand.onnx") +
                         ", whose input takes [1,28,28] per image"),
              std::string::npos)
        << r.err;
}

TEST_F(CimxEval, InputScaleOptionAndBadValues) {
    // --input-scale 1/510 halves every input: the predictions stay (the scale is positive);
    // the JSON says which scale and where it came from; a bad value is a usage error.
    auto r = eval({"--input-scale", "1/510", "--json", dir.path("r.json")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(modeltest::read_file(dir.path("r.json")));
    EXPECT_EQ(j["input_scale"], "1/510");
    EXPECT_EQ(j["input_scale_source"], "--input-scale");
    EXPECT_EQ(j["correct"], 3);
    r = eval({"--input-scale", "-2"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("cimx eval: error: --input-scale: input scale '-2' is not a positive "
                         "number"),
              std::string::npos)
        << r.err;
}

TEST(CimxTrainMetadata, WritesTheInputScaleIntoTheModel) {
    const std::string data = "/usr/share/datasets/fashion-mnist";
    if (!std::ifstream(data + "/train-images-idx3-ubyte.gz"))
        GTEST_SKIP() << "dataset-fashion-mnist is not installed";
    modeltest::TempDir dir;
    const auto r =
        testutil::run_process({CIMX_PATH, "train", "--hidden", "8", "--epochs", "1",
                               "--train-limit", "200", "--threads", "1", "-o", dir.path("m.onnx")},
                              120);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(qonnx::read_model(dir.path("m.onnx")).metadata.at("cimvp.input_scale"), "1/255");
}

TEST(CimxCli, UsageErrorsExitWithTwo) {
    EXPECT_EQ(testutil::run_process({CIMX_PATH}).exit_code, 2);
    EXPECT_EQ(testutil::run_process({CIMX_PATH, "frobnicate"}).exit_code, 2);
    EXPECT_EQ(testutil::run_process({CIMX_PATH, "eval", "m.onnx", "--no-such-option"}).exit_code,
              2);
    EXPECT_EQ(testutil::run_process({CIMX_PATH, "train", "--arch", "mlp"}).exit_code, 2); // no -o
    const auto r = testutil::run_process(
        {CIMX_PATH, "train", "--arch", "rnn", "-o", "/tmp/x.onnx", "--dataset", "/nonexistent"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_EQ(testutil::run_process({CIMX_PATH, "eval", "--help"}).exit_code, 0);
}

} // namespace
