// `cimx train --validation N` from the outside, on a hand-made dataset directory that has
// training files only: the run must succeed without ever opening a test file, hold out
// exactly the last N training images, and report their accuracy as `cimx eval` measures it.
#include "tests/common/subprocess.h"
#include "tests/common/test_files.h"
#include "cimx/train/rng.h"

#include <gtest/gtest.h>

namespace {

constexpr int kImages = 240, kValidation = 60, kSide = 8;

// 8x8 images of 4 classes: a bright quadrant (the class) plus noise. The second half of the
// held-out images are labelled one class off, so the validation accuracy (~0.5) differs
// clearly from the accuracy on any 60 training images (~1): a trainer that measured other
// images than the last 60 would print another figure than `cimx eval` on those images.
struct Files {
    std::vector<uint8_t> pixels;
    std::vector<uint8_t> labels;
};

Files make_images() {
    cimx::train::Rng rng(11);
    Files f;
    for (int i = 0; i < kImages; ++i) {
        const int quadrant = int(rng.below(4));
        const bool mislabelled = i >= kImages - kValidation / 2;
        f.labels.push_back(uint8_t(mislabelled ? (quadrant + 1) % 4 : quadrant));
        for (int y = 0; y < kSide; ++y)
            for (int x = 0; x < kSide; ++x) {
                const bool on = (y / 4) * 2 + (x / 4) == quadrant;
                f.pixels.push_back(uint8_t((on ? 140 : 0) + rng.below(110)));
            }
    }
    return f;
}

// Images first..first+n-1 of the files, as a separate IDX pair for `cimx eval`.
void write_part(const Files& f, int first, int n, const std::string& img, const std::string& lab) {
    const auto px = f.pixels.begin() + first * kSide * kSide;
    modeltest::write_file(
        img, modeltest::idx_bytes({uint32_t(n), kSide, kSide}, {px, px + n * kSide * kSide}));
    modeltest::write_file(lab, modeltest::idx_bytes({uint32_t(n)}, {f.labels.begin() + first,
                                                                    f.labels.begin() + first + n}));
}

// The figure after the last "<what> " in text, e.g. "val acc 0.5167" -> 0.5167.
double figure_after(const std::string& text, const std::string& what) {
    const size_t at = text.rfind(what + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + what.size() + 1));
}

class CimxTrain : public ::testing::Test {
  protected:
    void SetUp() override {
        files = make_images();
        // Training files only: no t10k-* in the directory.
        modeltest::write_gzip(dir.path("train-images-idx3-ubyte.gz"),
                              modeltest::idx_bytes({kImages, kSide, kSide}, files.pixels));
        modeltest::write_gzip(dir.path("train-labels-idx1-ubyte.gz"),
                              modeltest::idx_bytes({kImages}, files.labels));
    }

    testutil::ProcessResult train(std::vector<std::string> extra) {
        std::vector<std::string> argv = {
            CIMX_PATH,   "train", "--arch",       "mlp",        "--hidden", "32",
            "--epochs",  "6",     "--batch-size", "20",         "--lr",     "0.01",
            "--threads", "1",     "--dataset",    dir.path(""), "-o",       dir.path("m.onnx")};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return testutil::run_process(argv, 120);
    }

    double eval_on(int first, int n) {
        write_part(files, first, n, dir.path("part-img"), dir.path("part-lab"));
        const auto r =
            testutil::run_process({CIMX_PATH, "eval", dir.path("m.onnx"), "--images-file",
                                   dir.path("part-img"), "--labels-file", dir.path("part-lab")});
        EXPECT_EQ(r.exit_code, 0) << testutil::describe(r);
        return figure_after(r.out, "top-1");
    }

    modeltest::TempDir dir;
    Files files;
};

TEST_F(CimxTrain, ValidationIsTheLastImagesAndTheTestSplitIsNeverRead) {
    const auto r = train({"--validation", std::to_string(kValidation)});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r); // no t10k files, yet no error
    EXPECT_NE(r.out.find("180 training images (training file images 0-179), 60 validation "
                         "(images 180-239), test split not read"),
              std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.find("test acc"), std::string::npos) << r.out;
    size_t epochs_with_val = 0;
    for (size_t at = r.out.find("val acc"); at != std::string::npos;
         at = r.out.find("val acc", at + 1))
        ++epochs_with_val;
    EXPECT_EQ(epochs_with_val, 6u + 1u) << r.out; // six epoch lines and the final line
    const double printed = figure_after(r.out, "val acc");
    const double held_out = eval_on(kImages - kValidation, kValidation);
    const double trained_on = eval_on(0, kValidation);
    EXPECT_DOUBLE_EQ(printed, held_out) << r.out;
    EXPECT_GT(trained_on, held_out + 0.25) << "the check cannot tell the two sets apart";
    const std::string model = modeltest::read_file(dir.path("m.onnx"));
    EXPECT_NE(model.find("validation split (not trained on): training file images 180-239"),
              std::string::npos);
}

TEST_F(CimxTrain, SameCommandSameModelBytes) {
    ASSERT_EQ(train({"--validation", "40"}).exit_code, 0);
    const std::string first = modeltest::read_file(dir.path("m.onnx"));
    ASSERT_EQ(train({"--validation", "40"}).exit_code, 0);
    EXPECT_EQ(modeltest::read_file(dir.path("m.onnx")), first);
}

TEST_F(CimxTrain, TestSplitOnlyWhenAsked) {
    const auto r = train({"--validation", "40", "--report-test"});
    EXPECT_EQ(r.exit_code, 1) << testutil::describe(r);
    EXPECT_NE(r.err.find("t10k-images-idx3-ubyte"), std::string::npos) << r.err;
}

TEST_F(CimxTrain, BadSplitOptionsAreUsageErrors) {
    auto r = train({"--validation", std::to_string(kImages)});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--validation 240: must be at least 0 and leave training images"),
              std::string::npos)
        << r.err;
    r = train({"--validation", "230"}); // 10 left, fewer than one batch of 20
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("10 training images are fewer than one batch"), std::string::npos)
        << r.err;
    r = train({"--test-limit", "5"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--test-limit needs --report-test"), std::string::npos) << r.err;
}

} // namespace
