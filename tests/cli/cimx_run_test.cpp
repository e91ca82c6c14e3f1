// cimx run end to end on a shipped model: compile with cimc, run on cimvp,
// compare with the reference executor. In digital mode the VP's predictions
// must equal the ideal-crossbar baseline image for image; the JSON record
// carries what the issue asks for; bad input is one error line.
#include "subprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace {

class CimxRun : public testing::Test {
  protected:
    std::string dir;
    void SetUp() override {
        char tmpl[] = "/tmp/cimx-run-test-XXXXXX";
        dir = mkdtemp(tmpl);
    }
    void TearDown() override { std::system(("rm -rf " + dir).c_str()); }
    testutil::ProcessResult cimx(std::vector<std::string> args) {
        args.insert(args.begin(), {CIMX_PATH, "run"});
        args.insert(args.end(), {"--cache", dir + "/cache"});
        return testutil::run_process(args, 300);
    }
};

TEST_F(CimxRun, DigitalModeEqualsTheReferenceImageForImage) {
    const std::pair<const char*, const char*> cases[] = {{"bnn-mlp.onnx", "BNN_V"},
                                                         {"tnn-cnn.onnx", "TNN_IV"}};
    for (const auto& [model, mapping] : cases) {
        std::string json = dir + "/run.json";
        auto r = cimx({CIMVP_SOURCE_DIR "/models/" + std::string(model), "--images", "12",
                       "--xbar.mode", "digital", "--xbar.mapping", mapping, "--json", json});
        ASSERT_EQ(r.exit_code, 0) << model << ": " << testutil::describe(r);
        nlohmann::json j = nlohmann::json::parse(std::ifstream(json));
        EXPECT_EQ(j["images"], 12);
        ASSERT_EQ(j["predictions"].size(), 12u);
        EXPECT_EQ(j["predictions"], j["baseline_predictions"]) << model;
        EXPECT_DOUBLE_EQ(j["top1"].get<double>(), j["baseline_top1"].get<double>());
        EXPECT_GE(j["top1"].get<double>(), 0.5) << model; // a trained model, not chance
        EXPECT_GT(j["latency_s"].get<double>(), 0);
        EXPECT_GT(j["energy_j"].get<double>(), 0);
        EXPECT_GT(j["mips"].get<double>(), 0);
        EXPECT_GT(j["host_s"].get<double>(), 0);
        EXPECT_TRUE(j.contains("params"));
        EXPECT_NE(r.out.find("top1 "), std::string::npos) << r.out;
    }
}

TEST_F(CimxRun, AnalogNoiseIsSeeded) {
    // 4 bits: a 2-bit mid-tread ADC over the full range of a 256-input tile reads every column
    // signal of this model as 0, so no seed could change a prediction.
    std::vector<std::string> noisy = {CIMVP_SOURCE_DIR "/models/bnn-mlp.onnx",
                                      "--images",
                                      "40",
                                      "--xbar.sigma_lrs",
                                      "6",
                                      "--xbar.adc_bits",
                                      "4"};
    auto run = [&](const char* seed) {
        auto args = noisy;
        std::string json = dir + "/s" + seed + ".json";
        args.insert(args.end(), {"--seed", seed, "--json", json});
        auto r = cimx(args);
        EXPECT_EQ(r.exit_code, 0) << testutil::describe(r);
        return nlohmann::json::parse(std::ifstream(json))["predictions"];
    };
    auto a = run("3"), b = run("3"), c = run("4");
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
}

TEST_F(CimxRun, MissingModelIsOneErrorLine) {
    auto r = cimx({dir + "/nope.onnx"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("cimx run: error: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nope.onnx"), std::string::npos) << r.err;
}

} // namespace
