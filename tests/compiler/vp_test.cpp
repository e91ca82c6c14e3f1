// The firmware cimc builds, run on cimvp, predicts exactly what the host reference executor
// predicts, in digital mode and in ideal analog mode, for four mappings (one and two rows per
// input, one and two phases), with an MLP and a CNN, BNN and TNN, on both paths (the default
// command list with the periphery and a bit-sliced first layer, and --postprocess cpu
// --first-layer cpu), and for the four shipped models; with analog non-idealities
// the result differs but is reproducible for a seed. Re-programming (more tiles than
// crossbars) shows in the timing.
#include "tests/compiler/cli_helpers.h"
#include "compiler/qonnx/onnx_io.h"

#include <gtest/gtest.h>

#include <fstream>

namespace compilertest {
namespace {

constexpr uint32_t kImages = 24;

struct VpCase {
    const char* name;
    bool cnn, ternary;
    const char* mapping;
};

void PrintTo(const VpCase& c, std::ostream* os) { *os << c.name; }

class Firmware {
  public:
    Firmware(const VpCase& c, std::vector<std::string> extra = {}) {
        ModelSpec s;
        s.cnn = c.cnn, s.ternary = c.ternary, s.variants = c.cnn, s.seed = 21;
        s.hidden = {48, 32};
        qonnx::write_model(make_model(s), dir.path("model.onnx"));
        write_idx(test_images(kImages), dir.path("images.idx"));
        std::vector<std::string> args = {
            dir.path("model.onnx"), "-q", "--xbar.mapping", c.mapping, "--batch", "8"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto opts = args;
        opts.push_back("-o");
        opts.push_back(dir.path("out"));
        build = run_cimc(opts);
        args.push_back("--reference");
        args.push_back(dir.path("images.idx"));
        reference = run_cimc(args);
    }
    testutil::ProcessResult run(std::vector<std::string> vp_args) const {
        return run_cimvp(vp_args, dir.path("out/firmware.elf"), {dir.path("images.idx")});
    }

    Scratch dir;
    testutil::ProcessResult build, reference;
};

const VpCase vp_cases[] = {
    {"BnnMlp_BNN_I", false, false, "BNN_I"},
    {"BnnCnn_BNN_V", true, false, "BNN_V"},
    {"TnnMlp_TNN_I", false, true, "TNN_I"},
    {"TnnCnn_TNN_IV", true, true, "TNN_IV"},
};

class OnTheVp : public testing::TestWithParam<VpCase> {};

void equals_reference(const VpCase& c, std::vector<std::string> path) {
    Firmware fw(c, path);
    ASSERT_EQ(fw.build.exit_code, 0) << testutil::describe(fw.build);
    ASSERT_EQ(fw.reference.exit_code, 0) << testutil::describe(fw.reference);
    const auto want = prediction_lines(fw.reference.out);
    ASSERT_EQ(want.size(), kImages);
    for (const char* mode : {"digital", "analog"}) {
        auto r = fw.run({"--xbar.mapping", c.mapping, "--xbar.mode", mode});
        ASSERT_EQ(r.exit_code, 0) << mode << ": " << testutil::describe(r);
        EXPECT_EQ(prediction_lines(r.out), want) << mode;
        EXPECT_EQ(stat_value(r.out, "images"), kImages);
        EXPECT_EQ(stat_value(r.out, "latency_images"), kImages); // all, without LATENCY_COUNT
        EXPECT_GT(stat_value(r.out, "latency_total_ns"), 0);
        EXPECT_GT(stat_value(r.out, "inference_ns"), 0);
    }
}

TEST_P(OnTheVp, DigitalAndIdealAnalogEqualTheReference) { equals_reference(GetParam(), {}); }
TEST_P(OnTheVp, CpuPathEqualsTheReference) {
    equals_reference(GetParam(), {"--postprocess", "cpu", "--first-layer", "cpu"});
}
TEST_P(OnTheVp, CommandListAfterACpuFirstLayerEqualsTheReference) {
    equals_reference(GetParam(), {"--first-layer", "cpu"});
}

// The shipped models on Fashion-MNIST test images, both paths, digital and ideal analog.
class ShippedOnTheVp : public testing::TestWithParam<const char*> {};

TEST_P(ShippedOnTheVp, BothPathsEqualTheReference) {
    const std::string images = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
    if (!std::ifstream(images)) GTEST_SKIP() << "Fashion-MNIST not installed";
    const std::string name = GetParam();
    const std::string model = std::string(CIMVP_SOURCE_DIR) + "/models/" + name + ".onnx";
    const std::string mapping = name.rfind("tnn", 0) == 0 ? "TNN_I" : "BNN_I";
    const std::vector<std::vector<std::string>> paths = {
        {}, {"--postprocess", "cpu", "--first-layer", "cpu"}};
    for (const auto& path : paths) {
        Scratch dir;
        std::vector<std::string> args = {model, "-q", "--xbar.mapping", mapping};
        args.insert(args.end(), path.begin(), path.end());
        auto build = args;
        build.insert(build.end(), {"-o", dir.path("out"), "--images", images, "--count", "12"});
        auto b = run_cimc(build);
        ASSERT_EQ(b.exit_code, 0) << testutil::describe(b);
        args.insert(args.end(), {"--reference", images, "--count", "12"});
        auto ref = run_cimc(args);
        ASSERT_EQ(ref.exit_code, 0) << testutil::describe(ref);
        const auto want = prediction_lines(ref.out);
        ASSERT_EQ(want.size(), 12u);
        for (const char* mode : {"digital", "analog"}) {
            auto r = run_cimvp({"--xbar.mapping", mapping, "--xbar.mode", mode},
                               dir.path("out/firmware.elf"),
                               {dir.path("out/images.idx"), "12", "0", "2"});
            ASSERT_EQ(r.exit_code, 0) << mode << ": " << testutil::describe(r);
            EXPECT_EQ(prediction_lines(r.out), want) << name << " " << mode << " " << path.size();
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Compiler, ShippedOnTheVp,
                         testing::Values("bnn-mlp", "tnn-mlp", "bnn-cnn", "tnn-cnn"),
                         [](const auto& info) {
                             std::string s = info.param;
                             for (char& ch : s)
                                 if (ch == '-') ch = '_';
                             return s;
                         });

INSTANTIATE_TEST_SUITE_P(Compiler, OnTheVp, testing::ValuesIn(vp_cases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(OnTheVp, AnalogNonIdealitiesAreSeededAndReproducible) {
    Firmware fw({"BnnMlp", false, false, "BNN_I"});
    ASSERT_EQ(fw.build.exit_code, 0) << testutil::describe(fw.build);
    auto noisy = [&](const char* seed) {
        auto r = fw.run({"--xbar.sigma_lrs", "12", "--xbar.sigma_hrs", "6", "--xbar.adc_bits", "2",
                         "--seed", seed});
        EXPECT_EQ(r.exit_code, 0) << testutil::describe(r);
        return prediction_lines(r.out);
    };
    const auto a = noisy("5"), b = noisy("5"), c = noisy("6");
    EXPECT_EQ(a, b);
    EXPECT_NE(a, prediction_lines(fw.reference.out))
        << "2-bit ADC and variability should change predictions";
    EXPECT_NE(a, c);
}

TEST(OnTheVp, FirstLayerBitSlicedOnTheCrossbars) {
    Firmware fw({"BnnCnn", true, false, "BNN_II"}, {"--first-layer", "xbar"});
    ASSERT_EQ(fw.build.exit_code, 0) << testutil::describe(fw.build);
    auto r = fw.run({"--xbar.mapping", "BNN_II", "--xbar.mode", "digital"});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    EXPECT_EQ(prediction_lines(r.out), prediction_lines(fw.reference.out));
}

TEST(OnTheVp, ReprogrammingWhenTilesOutnumberCrossbarsCostsTime) {
    const VpCase c = {"BnnMlp", false, false, "BNN_I"};
    const std::vector<std::string> small = {"--xbar.rows", "32", "--xbar.cols", "32"};
    auto few = small, many = small;
    few.insert(few.end(), {"--xbar.count", "2"});
    many.insert(many.end(), {"--xbar.count", "64"});
    Firmware streamed(c, few), resident(c, many);
    ASSERT_EQ(streamed.build.exit_code, 0) << testutil::describe(streamed.build);
    ASSERT_EQ(resident.build.exit_code, 0) << testutil::describe(resident.build);
    few.insert(few.end(), {"--xbar.mode", "digital"});
    many.insert(many.end(), {"--xbar.mode", "digital"});
    auto s = streamed.run(few), r = resident.run(many);
    ASSERT_EQ(s.exit_code, 0) << testutil::describe(s);
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    EXPECT_EQ(prediction_lines(s.out), prediction_lines(streamed.reference.out));
    EXPECT_EQ(prediction_lines(s.out), prediction_lines(r.out));
    EXPECT_GT(stat_value(s.out, "xbar_programs"), stat_value(r.out, "xbar_programs"));
    EXPECT_GT(stat_value(s.out, "inference_ns"), stat_value(r.out, "inference_ns"));
}

TEST(OnTheVp, FirmwareRefusesAnAcceleratorItWasNotCompiledFor) {
    Firmware fw({"BnnMlp", false, false, "BNN_I"});
    ASSERT_EQ(fw.build.exit_code, 0) << testutil::describe(fw.build);
    auto r = fw.run({"--xbar.mapping", "BNN_V"});
    EXPECT_EQ(r.exit_code, 3) << testutil::describe(r);
    EXPECT_TRUE(prediction_lines(r.out).empty());
    EXPECT_NE(r.err.find("cimc-fw: error:"), std::string::npos) << r.err;
}

} // namespace
} // namespace compilertest
