// The IDX reader: valid files in every element type, plain and gzip, and one clear error
// naming the file for each kind of corruption.
#include "dataset/dataset.h"
#include "dataset/idx_reader.h"
#include "tests/common/test_files.h"
#include "tests/dataset/expect_dataset_error.h"

#include <gtest/gtest.h>

#include <filesystem>

using datasettest::expect_dataset_error;
using modeltest::idx_bytes;

namespace {

TEST(IdxReader, ParsesUnsignedByteImages) {
    const auto a = cimx::parse_idx(
        idx_bytes({2, 2, 3}, {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255}), "mem");
    EXPECT_EQ(a.type, 0x08);
    EXPECT_EQ(a.dims, (std::vector<int64_t>{2, 2, 3}));
    ASSERT_EQ(a.values.size(), 12u);
    EXPECT_EQ(a.values[1], 1.0f);
    EXPECT_EQ(a.values[11], 255.0f);
}

TEST(IdxReader, ParsesBigEndianIntAndFloat) {
    // int32 [2]: -2, 258 ; float32 [1]: 1.5
    std::string i32 = {0, 0, 0x0C, 1, 0, 0, 0, 2};
    i32 += std::string("\xFF\xFF\xFF\xFE\x00\x00\x01\x02", 8);
    const auto a = cimx::parse_idx(i32, "i32");
    EXPECT_EQ(a.values, (std::vector<float>{-2.0f, 258.0f}));
    std::string f32 = {0, 0, 0x0D, 1, 0, 0, 0, 1};
    f32 += std::string("\x3F\xC0\x00\x00", 4);
    EXPECT_EQ(cimx::parse_idx(f32, "f32").values, (std::vector<float>{1.5f}));
}

TEST(IdxReader, ReadsPlainAndGzipFilesAlike) {
    modeltest::TempDir dir;
    const std::string bytes = idx_bytes({3}, {7, 8, 9});
    modeltest::write_file(dir.path("plain"), bytes);
    modeltest::write_gzip(dir.path("packed.gz"), bytes);
    EXPECT_EQ(cimx::read_idx(dir.path("plain")).values,
              cimx::read_idx(dir.path("packed.gz")).values);
    EXPECT_EQ(cimx::read_idx(dir.path("packed.gz")).values, (std::vector<float>{7, 8, 9}));
}

TEST(IdxReader, RejectsBadMagic) {
    modeltest::TempDir dir;
    std::string bytes = idx_bytes({3}, {1, 2, 3});
    bytes[0] = 1;
    modeltest::write_file(dir.path("bad"), bytes);
    expect_dataset_error([&] { cimx::read_idx(dir.path("bad")); }, {dir.path("bad"), "bad magic"});
    expect_dataset_error([&] { cimx::parse_idx(std::string("\0\0\x07\x01", 4), "typ"); },
                         {"typ", "bad magic"});
    expect_dataset_error([&] { cimx::parse_idx("", "empty"); }, {"empty", "bad magic"});
}

TEST(IdxReader, RejectsTruncatedData) {
    modeltest::TempDir dir;
    std::string bytes = idx_bytes({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
    bytes.resize(bytes.size() - 3);
    modeltest::write_gzip(dir.path("t.gz"), bytes);
    expect_dataset_error([&] { cimx::read_idx(dir.path("t.gz")); },
                         {dir.path("t.gz"), "truncated", "need 8", "has 5"});
    expect_dataset_error(
        [&] {
            cimx::parse_idx(idx_bytes({2, 2, 2}, {}).substr(0, 9), "hdr");
        },
        {"hdr", "truncated"});
}

TEST(IdxReader, RejectsTrailingBytes) {
    expect_dataset_error(
        [&] {
            cimx::parse_idx(idx_bytes({2}, {1, 2, 3}), "extra");
        },
        {"extra", "1 unexpected bytes"});
}

TEST(IdxReader, RejectsCorruptGzipAndMissingFiles) {
    modeltest::TempDir dir;
    modeltest::write_gzip(dir.path("ok.gz"), idx_bytes({64}, std::vector<uint8_t>(64, 1)));
    std::string gz = modeltest::read_file(dir.path("ok.gz"));
    for (size_t i = 12; i < gz.size() - 8; ++i)
        gz[i] = static_cast<char>(gz[i] ^ 0x5A); // keep the gzip header
    modeltest::write_file(dir.path("corrupt.gz"), gz);
    expect_dataset_error([&] { cimx::read_idx(dir.path("corrupt.gz")); }, {dir.path("corrupt.gz")});
    expect_dataset_error([&] { cimx::read_idx(dir.path("missing")); },
                         {dir.path("missing"), "cannot open"});
}

TEST(Dataset, LoadsImagesScaledAndLabels) {
    modeltest::TempDir dir;
    modeltest::write_file(dir.path("img"), idx_bytes({2, 1, 2}, {0, 255, 51, 102}));
    modeltest::write_gzip(dir.path("lab.gz"), idx_bytes({2}, {3, 1}));
    const auto d = cimx::load_dataset(dir.path("img"), dir.path("lab.gz"));
    EXPECT_EQ(d.count, 2);
    EXPECT_EQ(d.rows, 1);
    EXPECT_EQ(d.cols, 2);
    const std::vector<float> expected = {0.0f, 1.0f, 51.0f / 255.0f, 102.0f / 255.0f};
    ASSERT_EQ(d.images.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) EXPECT_FLOAT_EQ(d.images[i], expected[i]);
    EXPECT_EQ(d.labels, (std::vector<int>{3, 1}));
    EXPECT_EQ(d.num_classes, 4);
    EXPECT_EQ(d.head(1).count, 1);
    EXPECT_EQ(d.head(1).images.size(), 2u);
}

TEST(Dataset, RejectsCountMismatchNamingBothFiles) {
    modeltest::TempDir dir;
    modeltest::write_file(dir.path("img"), idx_bytes({3, 2, 2}, std::vector<uint8_t>(12, 0)));
    modeltest::write_file(dir.path("lab"), idx_bytes({2}, {0, 1}));
    expect_dataset_error([&] { cimx::load_dataset(dir.path("img"), dir.path("lab")); },
                         {dir.path("img"), dir.path("lab"), "3 images", "2 labels"});
}

TEST(Dataset, RejectsLabelFileOfWrongRank) {
    modeltest::TempDir dir;
    modeltest::write_file(dir.path("img"), idx_bytes({2, 2, 2}, std::vector<uint8_t>(8, 0)));
    modeltest::write_file(dir.path("lab"), idx_bytes({2, 1}, {0, 1}));
    expect_dataset_error([&] { cimx::load_dataset(dir.path("img"), dir.path("lab")); },
                         {dir.path("lab"), "1-D"});
}

TEST(Dataset, ReadsDebianFashionMnistTestSplit) {
    const std::string dir = cimx::default_dataset_dir();
    if (!std::filesystem::exists(cimx::split_file(dir, "t10k", "images")))
        GTEST_SKIP() << "dataset-fashion-mnist is not installed";
    const auto d = cimx::load_split(dir, "t10k");
    EXPECT_EQ(d.count, 10000);
    EXPECT_EQ(d.rows, 28);
    EXPECT_EQ(d.cols, 28);
    EXPECT_EQ(d.num_classes, 10);
}

} // namespace
