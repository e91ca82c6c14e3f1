// cimx run's command line: options reach the tool that owns them (and an unknown one is an
// error naming it), its own options are listed for cimx sweep, a missing or malformed firmware
// statistic is an error naming it, the mapping comes from the model when none is given, and
// --images beyond the dataset is an error rather than a silently shorter run.
#include "tests/cimx/run/cimx_run_fixture.h"

#include <algorithm>
#include <filesystem>

namespace {

using cimxtest::CimxRun;
using cimxtest::model;

TEST_F(CimxRun, OptionsGoToTheToolThatOwnsThem) {
    auto j = run_json({model("bnn-mlp.onnx"), "--images", "4", "--latency-images", "1",
                       "--xbar.buffer_size", "128K", "--xbar.mapping=BNN_V", "--seed", "9"});
    const auto cimc = j["params"]["cimc_options"], vp = j["params"]["cimvp_options"];
    auto has = [](const nlohmann::json& list, const std::string& token) {
        for (const auto& t : list)
            if (t == token) return true;
        return false;
    };
    EXPECT_TRUE(has(vp, "--xbar.buffer_size") && has(vp, "128K")) << vp; // cimvp only
    EXPECT_FALSE(has(cimc, "--xbar.buffer_size")) << cimc;
    EXPECT_TRUE(has(vp, "--xbar.mapping=BNN_V") && has(cimc, "--xbar.mapping=BNN_V")); // both
    EXPECT_TRUE(has(vp, "--seed") && !has(cimc, "--seed"));
    EXPECT_EQ(j["vp_stats"]["seed"], 9);
}

// cimc's ADC calibration options go to cimc only; without --calibration-data, cimc gets the
// training images next to --dataset's test images (never the test set), and the record says so.
TEST_F(CimxRun, CalibrationOptionsGoToCimcWithTheTrainingSetOfDataset) {
    const std::string data = dir + "/data", src = "/usr/share/datasets/fashion-mnist/";
    std::filesystem::create_directories(data);
    for (const char* f :
         {"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz"})
        std::filesystem::create_symlink(src + f, data + "/" + f);
    auto j = run_json({model("bnn-mlp.onnx"), "--images", "4", "--latency-images", "1", "--dataset",
                       data, "--adc-percentile", "98"});
    const std::vector<std::string> cimc = j["params"]["cimc_options"],
                                   vp = j["params"]["cimvp_options"];
    auto has = [&](const std::vector<std::string>& pair) {
        return std::search(cimc.begin(), cimc.end(), pair.begin(), pair.end()) != cimc.end();
    };
    EXPECT_TRUE(has({"--adc-percentile", "98"})) << j["params"];
    EXPECT_TRUE(has({"--calibration-data", data + "/train-images-idx3-ubyte.gz"})) << j["params"];
    for (const std::string& t : vp) EXPECT_EQ(t.find("calibration"), std::string::npos) << t;
    EXPECT_EQ(std::find(vp.begin(), vp.end(), "--adc-percentile"), vp.end());
}

// The options cimx run lists for cimx sweep: its own, in the --list-options format of cimc and
// cimvp (name, then " VALUE" when it takes one); not the hidden option itself.
TEST_F(CimxRun, ListsItsOwnOptionsInTheToolsFormat) {
    auto r = cimx({"--list-options"}, "");
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    for (const char* line : {"\nimages VALUE\n", "\nlatency-images VALUE\n", "\nno-cache\n",
                             "\nquiet\n", "\ndataset VALUE\n"})
        EXPECT_NE(("\n" + r.out).find(line), std::string::npos) << line << r.out;
    EXPECT_EQ(r.out.find("list-options"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("xbar."), std::string::npos) << "the tools' options are theirs";
}

TEST_F(CimxRun, AnUnknownOptionIsAnErrorNamingIt) {
    auto r = cimx({model("bnn-mlp.onnx"), "--images", "4", "--xbar.bogus", "3"});
    EXPECT_EQ(r.exit_code, 2) << testutil::describe(r);
    EXPECT_NE(r.err.find("cimx run: error: unknown option --xbar.bogus"), std::string::npos)
        << r.err;
    auto s = cimx({model("bnn-mlp.onnx"), "--stats-json", dir + "/x.json"});
    EXPECT_EQ(s.exit_code, 2) << testutil::describe(s);
    EXPECT_NE(s.err.find("--stats-json: cimx run sets this option of cimvp itself"),
              std::string::npos)
        << s.err;
    auto v = cimx({model("bnn-mlp.onnx"), "--xbar.adc_bits"});
    EXPECT_EQ(v.exit_code, 2) << testutil::describe(v);
    EXPECT_NE(v.err.find("--xbar.adc_bits needs a value"), std::string::npos) << v.err;
}

// A cimvp that passes everything through but edits the firmware's output with sed.
std::string edited_cimvp(const std::string& dir, const std::string& sed) {
    const std::string path = dir + "/cimvp-edit";
    std::ofstream(path) << "#!/bin/sh\n\"" CIMVP_PATH "\" \"$@\" > \"" << dir
                        << "/out.txt\"\nrc=$?\nsed '" << sed << "' \"" << dir
                        << "/out.txt\"\nexit $rc\n";
    std::system(("chmod +x " + path).c_str());
    return path;
}

TEST_F(CimxRun, AMissingFirmwareStatisticIsAnErrorNamingIt) {
    const std::string vp = edited_cimvp(dir, "/^stat xbar_energy_fj /d");
    auto r = cimx({model("bnn-mlp.onnx"), "--images", "4", "--latency-images", "1"},
                  CIMX_TEST_CACHE, {"CIMX_CIMVP=" + vp});
    EXPECT_EQ(r.exit_code, 1) << testutil::describe(r);
    EXPECT_NE(r.err.find("firmware output has no 'stat xbar_energy_fj' line"), std::string::npos)
        << r.err;
    EXPECT_EQ(r.out.find("energy"), std::string::npos) << "no figures from a broken record";
}

TEST_F(CimxRun, AMalformedFirmwareStatisticIsAnErrorNamingIt) {
    const std::string vp = edited_cimvp(dir, "s/^stat setup_ns \\([0-9]*\\)/stat setup_ns \\1x/");
    auto r = cimx({model("bnn-mlp.onnx"), "--images", "4", "--latency-images", "1"},
                  CIMX_TEST_CACHE, {"CIMX_CIMVP=" + vp});
    EXPECT_EQ(r.exit_code, 1) << testutil::describe(r);
    EXPECT_NE(r.err.find("malformed statistic 'stat setup_ns"), std::string::npos) << r.err;
}

TEST_F(CimxRun, TheMappingComesFromTheModelWhenNoneIsGiven) {
    auto tnn = cimx({model("tnn-mlp.onnx"), "--images", "4", "--latency-images", "1", "--json",
                     dir + "/tnn.json"});
    ASSERT_EQ(tnn.exit_code, 0) << testutil::describe(tnn);
    EXPECT_NE(tnn.err.find("no xbar.mapping given: using TNN_I"), std::string::npos) << tnn.err;
    auto j = nlohmann::json::parse(std::ifstream(dir + "/tnn.json"));
    EXPECT_EQ(j["predictions"], j["baseline_predictions"]) << "TNN_I's ideal crossbar is exact";
    auto bnn = cimx({model("bnn-mlp.onnx"), "--images", "4", "--latency-images", "1"});
    ASSERT_EQ(bnn.exit_code, 0) << testutil::describe(bnn);
    EXPECT_NE(bnn.err.find("no xbar.mapping given: using BNN_I"), std::string::npos) << bnn.err;
    auto given = cimx({model("tnn-mlp.onnx"), "--images", "4", "--latency-images", "1",
                       "--xbar.mapping", "TNN_III"});
    ASSERT_EQ(given.exit_code, 0) << testutil::describe(given);
    EXPECT_EQ(given.err.find("no xbar.mapping given"), std::string::npos) << given.err;
}

TEST_F(CimxRun, ImagesBeyondTheDatasetAreAnError) {
    auto r = cimx({model("bnn-mlp.onnx"), "--first", "9990", "--images", "20"});
    EXPECT_EQ(r.exit_code, 2) << testutil::describe(r);
    EXPECT_NE(r.err.find("--images 20 from --first 9990 goes beyond the 10000 test images"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.out, "");
}

} // namespace
