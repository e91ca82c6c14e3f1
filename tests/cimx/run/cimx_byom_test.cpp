// Bringing your own model and data, end to end: models in Brevitas' and FINN's forms (our
// shipped bnn-mlp rewritten, a hand-built three-channel CNN), datasets as NumPy .npy files,
// the input scale given where the model takes raw pixels. `cimx eval` on the host and
// `cimx run` on the VP in digital mode predict the same class for every image; data the
// firmware cannot read and shapes that do not fit are one error line naming what is wrong.
#include "tests/compiler/model_forms.h"
#include "compiler/qonnx/onnx_io.h"
#include "tests/common/subprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>

namespace {

using compilertest::Images;

// A .npy of int64 labels.
void write_labels(const std::vector<int64_t>& labels, const std::string& path) {
    std::string header = "{'descr': '<i8', 'fortran_order': False, 'shape': (" +
                         std::to_string(labels.size()) + ",), }";
    while ((10 + header.size() + 1) % 64) header += ' ';
    header += '\n';
    std::string out = "\x93NUMPY";
    out += char(1), out += char(0), out += char(header.size() & 0xff),
        out += char(header.size() >> 8);
    out += header;
    for (int64_t v : labels) out.append(reinterpret_cast<const char*>(&v), 8);
    std::ofstream(path, std::ios::binary) << out;
}

class Byom : public testing::Test {
  protected:
    std::string dir;
    void SetUp() override {
        char tmpl[] = "/tmp/cimx-byom-test-XXXXXX";
        dir = mkdtemp(tmpl);
    }
    void TearDown() override { std::system(("rm -rf " + dir).c_str()); }

    testutil::ProcessResult cimx(const std::string& cmd, std::vector<std::string> args) {
        args.insert(args.begin(), {CIMX_PATH, cmd});
        if (cmd == "run") args.insert(args.end(), {"--cache", dir + "/cache"});
        return testutil::run_process(args, 300);
    }

    // Writes the images and labels (from Fashion-MNIST's, or 7 - image % 8) as .npy.
    std::vector<std::string> data(const Images& images) {
        compilertest::write_npy(images, dir + "/images.npy");
        std::vector<int64_t> labels;
        for (uint32_t i = 0; i < images.count; ++i) labels.push_back(int64_t(7 - i % 8));
        write_labels(labels, dir + "/labels.npy");
        return {"--images-file", dir + "/images.npy", "--labels-file", dir + "/labels.npy"};
    }

    // cimx eval and cimx run (digital) on the same data: the same class for every image.
    void expect_same(const qonnx::Graph& g, const Images& images, const std::string& scale,
                     const std::string& mapping) {
        const std::string model = dir + "/" + g.name + ".onnx";
        qonnx::write_model(g, model);
        std::vector<std::string> common = data(images);
        if (!scale.empty()) common.insert(common.end(), {"--input-scale", scale});
        auto eval_args = common, run_args = common;
        eval_args.insert(eval_args.begin(), model);
        eval_args.insert(eval_args.end(), {"--json", dir + "/eval.json"});
        run_args.insert(run_args.begin(), model);
        run_args.insert(run_args.end(), {"--xbar.mode", "digital", "--xbar.mapping", mapping,
                                         "--json", dir + "/run.json", "-q"});
        const auto e = cimx("eval", eval_args);
        ASSERT_EQ(e.exit_code, 0) << testutil::describe(e);
        const auto r = cimx("run", run_args);
        ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
        const auto ej = nlohmann::json::parse(std::ifstream(dir + "/eval.json"));
        const auto rj = nlohmann::json::parse(std::ifstream(dir + "/run.json"));
        EXPECT_EQ(ej["images"], images.count);
        EXPECT_EQ(rj["predictions"], ej["predictions"]) << g.name;
        EXPECT_EQ(rj["baseline_predictions"], ej["predictions"]) << g.name;
        EXPECT_DOUBLE_EQ(rj["top1"].get<double>(), ej["top1"].get<double>());
        EXPECT_EQ(ej["input_scale"], scale.empty() ? "1/255" : scale);
        // cimx run records the scale cimc used, resolved the same way, and the files it ran.
        EXPECT_EQ(rj["params"]["input_scale"], ej["input_scale"]);
        EXPECT_EQ(rj["params"]["input_scale_source"], ej["input_scale_source"]);
        EXPECT_EQ(rj["params"]["images_file"], dir + "/images.npy");
        EXPECT_EQ(rj["params"]["labels_file"], dir + "/labels.npy");
    }
};

TEST_F(Byom, ShippedModelInBrevitasAndFinnFormsEvalEqualsRun) {
    const qonnx::Graph ours =
        qonnx::read_model(std::string(CIMVP_SOURCE_DIR) + "/models/bnn-mlp.onnx");
    const Images images = compilertest::test_images(40);
    expect_same(compilertest::brevitas_form(ours, 3), images, "", "BNN_I");
    expect_same(compilertest::finn_form(ours), images, "1", "BNN_VI");
}

class EveryForm : public Byom, public testing::WithParamInterface<std::string> {};

// Every hand-built form (model_forms.h), on a mapping of its alphabet chosen by its name.
TEST_P(EveryForm, EvalEqualsRun) {
    const compilertest::FormModel m = compilertest::hand_built_form(GetParam());
    const char* bnn[] = {"BNN_II", "BNN_III", "BNN_IV", "BNN_VI"};
    const char* tnn[] = {"TNN_II", "TNN_III", "TNN_V"};
    const size_t k = GetParam().size();
    expect_same(m.graph, compilertest::form_images(m, 24), m.input_scale,
                m.ternary ? tnn[k % 3] : bnn[k % 4]);
}

INSTANTIATE_TEST_SUITE_P(Forms, EveryForm, testing::ValuesIn(compilertest::hand_built_form_names()),
                         [](const auto& info) { return info.param; });

TEST_F(Byom, FloatImagesRunOnTheHostButNotOnTheVp) {
    // float32 images of pixel / 255 (torchvision's ToTensor): cimx eval takes them with
    // --input-scale 1; the firmware reads bytes, so cimx run says what to do instead.
    const Images images = compilertest::test_images(4);
    data(images); // labels.npy
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 28, 28), }";
    while ((10 + header.size() + 1) % 64) header += ' ';
    header += '\n';
    std::string out = "\x93NUMPY";
    out += char(1), out += char(0), out += char(header.size()), out += char(0);
    out += header;
    for (uint8_t p : images.pixels) {
        const float v = float(p) / 255.0f;
        out.append(reinterpret_cast<const char*>(&v), 4);
    }
    std::ofstream(dir + "/float.npy", std::ios::binary) << out;
    const std::string model = std::string(CIMVP_SOURCE_DIR) + "/models/bnn-mlp.onnx";
    const std::vector<std::string> files = {"--images-file", dir + "/float.npy",
                                            "--labels-file", dir + "/labels.npy",
                                            "--input-scale", "1"};
    auto args = files;
    args.insert(args.begin(), model);
    const auto e = cimx("eval", args);
    EXPECT_EQ(e.exit_code, 0) << testutil::describe(e);
    const auto r = cimx("run", args);
    EXPECT_EQ(r.exit_code, 1) << testutil::describe(r);
    EXPECT_NE(r.err.find("cimx run: error: " + dir + "/float.npy: image 0, value "),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("not an integer in 0..255"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

// cimx run caches the firmware, which depends on the model and cimc's options (the input scale
// among them), not on the images: those are written next to it for every run. So another
// images file reuses the build and the run predicts that file's images (as cimx eval does),
// and another --input-scale is another build.
TEST_F(Byom, TheCacheKeyHasTheInputScaleNotTheImages) {
    const std::string model = std::string(CIMVP_SOURCE_DIR) + "/models/bnn-mlp.onnx";
    const Images all = compilertest::test_images(24);
    std::vector<std::string> files;
    for (uint32_t part = 0; part < 2; ++part) {
        Images im = all;
        im.count = 12;
        im.pixels.assign(all.pixels.begin() + part * 12 * 784,
                         all.pixels.begin() + (part + 1) * 12 * 784);
        files.push_back(dir + "/images" + std::to_string(part) + ".npy");
        compilertest::write_npy(im, files.back());
    }
    write_labels(std::vector<int64_t>(12, 0), dir + "/labels.npy");
    auto predictions = [&](const char* cmd, const std::string& images, const std::string& scale,
                           std::string* err) {
        std::vector<std::string> args = {
            model,           "--images-file", images,   "--labels-file", dir + "/labels.npy",
            "--input-scale", scale,           "--json", dir + "/r.json"};
        if (std::string(cmd) == "run")
            args.insert(args.end(), {"--xbar.mode", "digital", "--xbar.mapping", "BNN_I",
                                     "--latency-images", "1"});
        const auto r = cimx(cmd, args);
        EXPECT_EQ(r.exit_code, 0) << testutil::describe(r);
        if (err) *err = r.err;
        return nlohmann::json::parse(std::ifstream(dir + "/r.json"))["predictions"];
    };
    auto compiled = [](const std::string& err) {
        return err.find("cimx run: compiling") != std::string::npos;
    };
    std::string err;
    const auto run0 = predictions("run", files[0], "1/255", &err);
    EXPECT_TRUE(compiled(err)) << err;
    EXPECT_EQ(run0, predictions("eval", files[0], "1/255", nullptr));
    const auto run1 = predictions("run", files[1], "1/255", &err);
    EXPECT_NE(err.find("cimx run: firmware from the cache"), std::string::npos) << err;
    EXPECT_EQ(run1, predictions("eval", files[1], "1/255", nullptr));
    EXPECT_NE(run0, run1) << "the two files' images should give other classes";
    const auto scaled = predictions("run", files[1], "1/128", &err);
    EXPECT_TRUE(compiled(err)) << err;
    EXPECT_EQ(scaled, predictions("eval", files[1], "1/128", nullptr));
    EXPECT_NE(scaled, run1) << "pixel x 1/128 should move some images to another class";
}

// A user's dataset has no training set cimx run knows of: profiled ADC calibration needs the
// calibration images named (here a .npy of training images); without them it is one error.
TEST_F(Byom, ProfiledCalibrationOfAUsersDatasetNeedsItsCalibrationImages) {
    const std::string model = std::string(CIMVP_SOURCE_DIR) + "/models/bnn-mlp.onnx";
    std::vector<std::string> args = data(compilertest::test_images(4));
    args.insert(args.begin(), model);
    args.insert(args.end(), {"--adc-calibration", "profile", "--latency-images", "1"});
    const auto r = cimx("run", args);
    EXPECT_EQ(r.exit_code, 2) << testutil::describe(r);
    EXPECT_NE(r.err.find("cimx run: error: --adc-calibration profile with --images-file needs "
                         "--calibration-data"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    compilertest::write_npy(compilertest::training_images(16), dir + "/train.npy");
    args.insert(args.end(), {"--calibration-data", dir + "/train.npy", "--calibration-images", "16",
                             "--json", dir + "/r.json"});
    const auto ok = cimx("run", args);
    ASSERT_EQ(ok.exit_code, 0) << testutil::describe(ok);
    const auto j = nlohmann::json::parse(std::ifstream(dir + "/r.json"));
    const std::vector<std::string> cimc = j["params"]["cimc_options"];
    EXPECT_NE(std::find(cimc.begin(), cimc.end(), dir + "/train.npy"), cimc.end());
}

TEST_F(Byom, ImagesOfAnotherShapeAreOneErrorNamingBothShapes) {
    const compilertest::FormModel m = compilertest::hand_built_form("color_nhwc_conv");
    Images images = compilertest::form_images(m, 4);
    images.dims = {3, 16, 16}; // the same bytes declared CHW: the model takes [16,16,3]
    const std::string model = dir + "/m.onnx";
    qonnx::write_model(m.graph, model);
    auto args = data(images);
    args.insert(args.begin(), model);
    for (const char* cmd : {"eval", "run"}) {
        const auto r = cimx(cmd, args);
        EXPECT_EQ(r.exit_code, 1) << testutil::describe(r);
        EXPECT_NE(r.err.find(dir + "/images.npy: images of shape [3,16,16] do not fit " + model +
                             ", whose input takes [16,16,3] per image"),
                  std::string::npos)
            << cmd << ": " << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    }
}

} // namespace

namespace {

// cimx inspect: where each layer runs and why, tiles, crossbars needed vs available,
// re-programmings; the node that keeps a model from compiling; the input stage of a FINN model.
class Inspect : public Byom {
  protected:
    nlohmann::json report(std::vector<std::string> args, int want_exit) {
        args.push_back("--json");
        const auto r = cimx("inspect", args);
        EXPECT_EQ(r.exit_code, want_exit) << testutil::describe(r);
        return nlohmann::json::parse(r.out);
    }
};

TEST_F(Inspect, LayersEnginesTilesAndCrossbars) {
    const std::string model = std::string(CIMVP_SOURCE_DIR) + "/models/bnn-mlp.onnx";
    auto j = report({model}, 0);
    ASSERT_EQ(j["layers"].size(), 3u);
    EXPECT_EQ(j["layers"][0]["engine"], "cpu");
    EXPECT_EQ(j["layers"][0]["inputs"], "real (pixels 0..255)");
    EXPECT_EQ(j["layers"][1]["engine"], "crossbar");
    EXPECT_EQ(j["layers"][1]["tiles"]["count"], 8); // 512 x 512 in 128 x 256 tiles (BNN_I)
    EXPECT_EQ(j["layers"][2]["tiles"]["count"], 2);
    EXPECT_EQ(j["layers"][1]["activation"]["alphabet"], "binary");
    EXPECT_EQ(j["crossbars_needed"], 10);
    EXPECT_EQ(j["crossbars_available"], 16);
    EXPECT_EQ(j["tiles_reprogrammed_per_batch"], 0);
    // Four crossbars: three tiles stay, the other seven take turns on the fourth.
    j = report({model, "--xbar.count", "4", "--first-layer", "xbar"}, 0);
    EXPECT_EQ(j["layers"][0]["engine"], "crossbar, bit-sliced");
    EXPECT_EQ(j["crossbars_available"], 4);
    EXPECT_EQ(j["tiles_reprogrammed_per_batch"], j["tiles"].get<int>() - 4 + 1);
    const auto text = cimx("inspect", {model});
    EXPECT_NE(text.out.find("crossbars needed 10, available 16; 0 tile(s) re-programmed per batch"),
              std::string::npos)
        << text.out;
}

TEST_F(Inspect, NamesTheNodeThatKeepsAModelFromCompiling) {
    auto j = report({std::string(CIMVP_SOURCE_DIR) + "/models/tnn-cnn.onnx"}, 1); // BNN_I
    EXPECT_FALSE(j["compiles"].get<bool>());
    EXPECT_EQ(j["error"]["node"], "conv4");
    EXPECT_EQ(j["error"]["op"], "Conv");
    EXPECT_NE(j["error"]["reason"].get<std::string>().find("need a TNN mapping"),
              std::string::npos);
    EXPECT_EQ(j["layers"].size(), 4u); // imported, then stopped at the mapping
    qonnx::Graph g = compilertest::hand_built_form("finn_tfc").graph;
    for (auto& n : g.nodes)
        if (n.op_type == "MultiThreshold") {
            n.op_type = "Relu";
            n.domain = "";
            n.attributes.clear();
            n.inputs.resize(1);
            break;
        }
    qonnx::write_model(g, dir + "/relu.onnx");
    j = report({dir + "/relu.onnx"}, 1);
    EXPECT_EQ(j["error"]["op"], "Relu");
    EXPECT_NE(j["error"]["reason"].get<std::string>().find("need a quantizer"), std::string::npos);
    EXPECT_FALSE(j.contains("layers"));
}

TEST_F(Inspect, InputStageOfFinnAndBrevitasModels) {
    const compilertest::FormModel finn = compilertest::hand_built_form("finn_tfc");
    qonnx::write_model(finn.graph, dir + "/finn.onnx");
    auto j = report({dir + "/finn.onnx", "--input-scale", "1"}, 0);
    EXPECT_EQ(j["input"]["scale"], "1");
    EXPECT_EQ(j["input"]["scale_source"], "--input-scale");
    EXPECT_EQ(j["input"]["form"], "affine");
    EXPECT_DOUBLE_EQ(j["input"]["alpha"].get<double>(), 1.0 / 255.0);
    EXPECT_NE(j["class_output"].get<std::string>().find("(TopK)"), std::string::npos);
    const compilertest::FormModel bre = compilertest::hand_built_form("brevitas_tfc");
    qonnx::write_model(bre.graph, dir + "/brevitas.onnx");
    j = report({dir + "/brevitas.onnx"}, 0);
    EXPECT_EQ(j["input"]["form"], "levels");
    EXPECT_EQ(j["layers"][0]["engine"], "crossbar"); // a binarised input: no CPU layer
    EXPECT_EQ(j["layers"][1]["inputs"], "binary (+-0.5)");
}

} // namespace
