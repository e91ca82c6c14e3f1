// cimc --adc-calibration from the outside: on the VP, `max` (the automatic range programmed by
// the firmware with SET_ADC_RANGE, streamed tiles included) predicts exactly what `none` does,
// while profiled ranges change the predictions; the calibration images are the file given, by
// default the training set (never the test set); bad values are one error line.
#include "tests/compiler/cli_helpers.h"
#include "tests/compiler/compile_helpers.h"
#include "compiler/passes/adc_calibration.h"
#include "compiler/qonnx/onnx_io.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace compilertest {
namespace {

constexpr uint32_t kImages = 32;

// The cell currents the ranges are computed with, pinned so that the nA values stay exact.
const std::vector<std::string> kCells = {"--xbar.i_hrs", "2", "--xbar.i_lrs", "20"};

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The ADC ranges of model_data.c's tiles, {lo, hi} in nA, in layer and tile order: the last
// two fields of the nn_tile initialisers "{lL_tT_w, out0, outputs, in0, inputs, xbar, streamed,
// lo, hi},".
std::vector<std::pair<long long, long long>> emitted_ranges(const std::string& model_data_c) {
    std::vector<std::pair<long long, long long>> out;
    std::istringstream lines(read_text(model_data_c));
    for (std::string line; std::getline(lines, line);) {
        const size_t open = line.find("{l");
        if (open == std::string::npos || line.find("_w, ", open) == std::string::npos) continue;
        std::vector<long long> fields;
        std::istringstream f(line.substr(line.find("_w, ", open) + 4));
        for (std::string v; std::getline(f, v, ',');) fields.push_back(std::atoll(v.c_str()));
        EXPECT_EQ(fields.size(), 8u) << line;
        if (fields.size() >= 8) out.emplace_back(fields[6], fields[7]);
    }
    return out;
}

std::vector<std::pair<long long, long long>> tile_ranges(const cimc::Network& net) {
    std::vector<std::pair<long long, long long>> out;
    for (const cimc::Layer& l : net.layers)
        for (const cimc::Tile& t : l.tiles) out.emplace_back(t.adc_lo_na, t.adc_hi_na);
    return out;
}

struct Case {
    const char* name;
    bool cnn, ternary;
    const char* mapping;
    const char* crossbars;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class Calibrated : public testing::TestWithParam<Case> {};

// 3-bit ADC, alpha 0.5, and fewer crossbars than tiles: tiles of different input counts take
// turns on one crossbar, so each must set its own range after every programming.
TEST_P(Calibrated, MaxEqualsNoneBitForBitOnTheVpAndProfileTakesEffect) {
    const Case& c = GetParam();
    Scratch dir;
    ModelSpec s;
    s.cnn = c.cnn, s.ternary = c.ternary, s.seed = 23;
    s.hidden = {48, 200}; // BNN_I on 256x256: tiles of 48 (one) and 200 (two) inputs
    qonnx::write_model(make_model(s), dir.path("model.onnx"));
    write_idx(test_images(kImages), dir.path("images.idx"));
    write_idx(training_images(64), dir.path("calibration.idx"));
    const std::vector<std::string> target = concat(
        {"--xbar.mapping", c.mapping, "--xbar.count", c.crossbars, "--xbar.adc_alpha", "0.5"},
        kCells);
    const std::vector<std::string> vp = concat(target, {"--xbar.adc_bits", "3"});
    std::map<std::string, std::vector<std::string>> preds;
    for (const char* mode : {"none", "max", "profile"}) {
        auto args = concat({dir.path("model.onnx"), "-q", "--batch", "8", "--adc-calibration", mode,
                            "--calibration-data", dir.path("calibration.idx"),
                            "--calibration-images", "64", "-o", dir.path(mode)},
                           target);
        auto build = run_cimc(args);
        ASSERT_EQ(build.exit_code, 0) << mode << ": " << testutil::describe(build);
        auto r =
            run_cimvp(vp, dir.path(std::string(mode) + "/firmware.elf"), {dir.path("images.idx")});
        ASSERT_EQ(r.exit_code, 0) << mode << ": " << testutil::describe(r);
        preds[mode] = prediction_lines(r.out);
        ASSERT_EQ(preds[mode].size(), kImages) << mode;
        if (std::string(mode) == "none") {
            EXPECT_GT(stat_value(r.out, "xbar_programs"), 0) << "no streamed tiles";
        }
    }
    auto ref = run_cimc(concat(
        {dir.path("model.onnx"), "-q", "--batch", "8", "--reference", dir.path("images.idx")},
        target));
    ASSERT_EQ(ref.exit_code, 0) << testutil::describe(ref);
    EXPECT_NE(preds["none"], prediction_lines(ref.out)) << "the 3-bit ADC changes nothing";
    EXPECT_EQ(preds["max"], preds["none"]);
    EXPECT_NE(preds["profile"], preds["none"]);
    const auto none = emitted_ranges(dir.path("none/model_data.c"));
    const auto max = emitted_ranges(dir.path("max/model_data.c"));
    ASSERT_FALSE(none.empty());
    ASSERT_EQ(max.size(), none.size());
    for (const auto& r : none) EXPECT_EQ(r, std::make_pair(0LL, 0LL));
    for (const auto& r : max) EXPECT_LT(r.first, r.second);
}

const Case cases[] = {
    {"BnnMlp_BNN_I", false, false, "BNN_I", "2"}, // one resident tile, two streamed
    {"TnnCnn_TNN_IV", true, true, "TNN_IV", "1"}, // all streamed
};

INSTANTIATE_TEST_SUITE_P(AdcCalibration, Calibrated, testing::ValuesIn(cases),
                         [](const auto& info) { return std::string(info.param.name); });

// The profile's ranges as the pass computes them in-process from `images` [first, first+count).
std::vector<std::pair<long long, long long>> profiled(const std::string& model,
                                                      const std::string& mapping,
                                                      const cimc::ImageSet& images, uint32_t first,
                                                      uint32_t count) {
    cimc::CompileOptions o = options_for(mapping, true); // cimc's default: --first-layer xbar
    cimc::Network net = cimc::compile_model(model, o);
    cimc::AdcCalibration cal;
    cal.mode = cimc::AdcCalibrationMode::profile;
    cimc::calibrate_adc(net, o.xbar, cal, &images, {first, count});
    return tile_ranges(net);
}

TEST(AdcCalibration, DefaultCalibrationImagesAreTheLastOfTheTrainingSet) {
    const std::string train = training_file();
    if (train.empty()) GTEST_SKIP() << "Fashion-MNIST not installed";
    Scratch dir;
    ModelSpec s;
    s.ternary = true, s.seed = 41;
    qonnx::write_model(make_model(s), dir.path("model.onnx"));
    auto r = run_cimc({dir.path("model.onnx"), "--xbar.mapping", "TNN_IV", "--adc-calibration",
                       "profile", "--calibration-images", "100", "--no-firmware", "-o",
                       dir.path("out")});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    EXPECT_NE(r.err.find("images 59900..59999 of " + train), std::string::npos) << r.err;
    const auto emitted = emitted_ranges(dir.path("out/model_data.c"));
    const cimc::ImageSet train_set = cimc::read_images(train);
    EXPECT_EQ(emitted, profiled(dir.path("model.onnx"), "TNN_IV", train_set, 59900, 100));
    // Not the test set's images (the same count from its end or its start).
    const cimc::ImageSet test_set = cimc::read_images(train.substr(0, train.find("train-images")) +
                                                      "t10k-images-idx3-ubyte.gz");
    EXPECT_NE(emitted, profiled(dir.path("model.onnx"), "TNN_IV", test_set, 9900, 100));
    EXPECT_NE(emitted, profiled(dir.path("model.onnx"), "TNN_IV", test_set, 0, 100));
}

TEST(AdcCalibration, CalibrationDataIsTheFileRead) {
    Scratch dir;
    ModelSpec s;
    s.seed = 43;
    qonnx::write_model(make_model(s), dir.path("model.onnx"));
    Images a = test_images(50), b = a;
    for (uint8_t& p : b.pixels) p = uint8_t(255 - p); // other images, other signals
    write_idx(a, dir.path("a.idx"));
    write_idx(b, dir.path("b.idx"));
    std::vector<std::vector<std::pair<long long, long long>>> got;
    for (const char* file : {"a.idx", "b.idx"}) {
        auto r = run_cimc({dir.path("model.onnx"), "--adc-calibration", "profile",
                           "--calibration-images", "20", "--calibration-data", dir.path(file),
                           "--no-firmware", "-o", dir.path(file) + ".out"});
        ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
        EXPECT_NE(r.err.find("images 30..49 of " + dir.path(file)), std::string::npos) << r.err;
        got.push_back(emitted_ranges(dir.path(file) + ".out/model_data.c"));
        EXPECT_EQ(got.back(), profiled(dir.path("model.onnx"), "BNN_I",
                                       cimc::read_images(dir.path(file)), 30, 20));
    }
    EXPECT_NE(got[0], got[1]);
}

// Exit code 1 and exactly one line on stderr: "cimc: error: ...<needle>...".
void expect_error(const testutil::ProcessResult& r, const std::string& needle) {
    EXPECT_EQ(r.exit_code, 1) << testutil::describe(r);
    EXPECT_EQ(r.err.rfind("cimc: error: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
}

TEST(AdcCalibration, BadValuesAreOneErrorLine) {
    Scratch dir;
    ModelSpec s;
    s.hidden = {16, 8};
    qonnx::write_model(make_model(s), dir.path("model.onnx"));
    write_idx(test_images(10), dir.path("ten.idx"));
    Images small = test_images(3);
    small.rows = small.cols = 10;
    small.pixels.resize(3 * 100);
    write_idx(small, dir.path("small.idx"));
    const std::string model = dir.path("model.onnx"), out = dir.path("out");
    auto cimc = [&](std::vector<std::string> extra) {
        return run_cimc(concat({model, "--no-firmware", "-o", out}, extra));
    };
    expect_error(cimc({"--adc-calibration", "maximum"}),
                 "--adc-calibration must be none, max or profile, not 'maximum'");
    expect_error(cimc({"--adc-calibration", "profile", "--adc-percentile", "0"}),
                 "--adc-percentile must be in (0, 100], not 0");
    expect_error(cimc({"--adc-calibration", "profile", "--adc-percentile", "100.5"}),
                 "--adc-percentile must be in (0, 100], not 100.5");
    expect_error(cimc({"--adc-calibration", "profile", "--calibration-images", "0"}),
                 "--calibration-images must be at least 1, not 0");
    expect_error(cimc({"--adc-calibration", "profile", "--calibration-images=-2"}),
                 "--calibration-images must be at least 1, not -2");
    expect_error(
        cimc({"--adc-calibration", "profile", "--calibration-data", dir.path("missing.idx")}),
        "missing.idx");
    expect_error(cimc({"--adc-calibration", "profile", "--calibration-data", dir.path("ten.idx"),
                       "--calibration-images", "11"}),
                 "ten.idx: has 10 images, --calibration-images asks for 11");
    expect_error(cimc({"--adc-calibration", "profile", "--calibration-data", dir.path("small.idx"),
                       "--calibration-images", "2"}),
                 "small.idx: images of shape [10,10] do not fit " + model +
                     ", whose input takes [1,28,28] per image");
}

} // namespace
} // namespace compilertest
