// cimx run passes cimc's ADC calibration options to cimc (not to cimvp, which does not know
// them): on the shipped tnn-cnn with TNN_IV and a 4-bit ADC, where the automatic range is far
// too wide, profiled ranges bring top-1 back near the ideal-crossbar baseline; `max` predicts
// exactly what the default does. The options are recorded in the JSON record.
#include "tests/common/subprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace {

class CimxRunCalibration : public testing::Test {
  protected:
    std::string dir;
    void SetUp() override {
        char tmpl[] = "/tmp/cimx-run-calibration-XXXXXX";
        dir = mkdtemp(tmpl);
    }
    void TearDown() override { std::system(("rm -rf " + dir).c_str()); }
    nlohmann::json run(const std::string& mode) {
        const std::string json = dir + "/" + mode + ".json";
        auto r = testutil::run_process(
            {CIMX_PATH, "run", CIMVP_SOURCE_DIR "/models/tnn-cnn.onnx", "--images", "100",
             "--xbar.mapping", "TNN_IV", "--xbar.adc_bits", "4", "--adc-calibration", mode,
             "--calibration-images", "300", "--json", json, "--cache", dir + "/cache"},
            600);
        EXPECT_EQ(r.exit_code, 0) << mode << ": " << testutil::describe(r);
        return nlohmann::json::parse(std::ifstream(json));
    }
};

TEST_F(CimxRunCalibration, ProfileRecoversTheAccuracyMaxEqualsNone) {
    const std::string train = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
    if (!std::ifstream(train)) GTEST_SKIP() << "Fashion-MNIST not installed";
    const nlohmann::json none = run("none"), max = run("max"), profile = run("profile");
    const double baseline = none["baseline_top1"].get<double>();
    std::printf("top-1 on 100 test images: none %.2f, max %.2f, profile %.2f, ideal %.2f\n",
                none["top1"].get<double>(), max["top1"].get<double>(),
                profile["top1"].get<double>(), baseline);
    EXPECT_LT(none["top1"].get<double>(), baseline - 0.3); // today's range is far too wide
    EXPECT_EQ(max["predictions"], none["predictions"]);
    EXPECT_GT(profile["top1"].get<double>(), baseline - 0.15);
    EXPECT_EQ(profile["baseline_predictions"], none["baseline_predictions"]);
    const auto& options = profile["params"]["cimc_options"];
    EXPECT_NE(std::find(options.begin(), options.end(), "profile"), options.end()) << options;
}

} // namespace
