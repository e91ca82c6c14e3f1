// The IDX reader: valid files in every element type, plain and gzip, and one clear error
// naming the file for each kind of corruption.
#include "dataset/dataset.h"
#include "dataset/firmware_images.h"
#include "dataset/idx_reader.h"
#include "dataset/image_shape.h"
#include "dataset/npy_reader.h"
#include "test_files.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

using cimx::DatasetError;
using modeltest::idx_bytes;

namespace {

// Expects `f` to throw DatasetError whose message contains every one of `parts`.
template <typename F> void expect_error(F f, const std::vector<std::string>& parts) {
    try {
        f();
        FAIL() << "no error";
    } catch (const DatasetError& e) {
        const std::string msg = e.what();
        for (const auto& p : parts)
            EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
        EXPECT_EQ(msg.find('\n'), std::string::npos) << "error is one line";
    }
}

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
    expect_error([&] { cimx::read_idx(dir.path("bad")); }, {dir.path("bad"), "bad magic"});
    expect_error([&] { cimx::parse_idx(std::string("\0\0\x07\x01", 4), "typ"); },
                 {"typ", "bad magic"});
    expect_error([&] { cimx::parse_idx("", "empty"); }, {"empty", "bad magic"});
}

TEST(IdxReader, RejectsTruncatedData) {
    modeltest::TempDir dir;
    std::string bytes = idx_bytes({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
    bytes.resize(bytes.size() - 3);
    modeltest::write_gzip(dir.path("t.gz"), bytes);
    expect_error([&] { cimx::read_idx(dir.path("t.gz")); },
                 {dir.path("t.gz"), "truncated", "need 8", "has 5"});
    expect_error(
        [&] {
            cimx::parse_idx(idx_bytes({2, 2, 2}, {}).substr(0, 9), "hdr");
        },
        {"hdr", "truncated"});
}

TEST(IdxReader, RejectsTrailingBytes) {
    expect_error(
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
    expect_error([&] { cimx::read_idx(dir.path("corrupt.gz")); }, {dir.path("corrupt.gz")});
    expect_error([&] { cimx::read_idx(dir.path("missing")); },
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
    expect_error([&] { cimx::load_dataset(dir.path("img"), dir.path("lab")); },
                 {dir.path("img"), dir.path("lab"), "3 images", "2 labels"});
}

TEST(Dataset, RejectsLabelFileOfWrongRank) {
    modeltest::TempDir dir;
    modeltest::write_file(dir.path("img"), idx_bytes({2, 2, 2}, std::vector<uint8_t>(8, 0)));
    modeltest::write_file(dir.path("lab"), idx_bytes({2, 1}, {0, 1}));
    expect_error([&] { cimx::load_dataset(dir.path("img"), dir.path("lab")); },
                 {dir.path("lab"), "1-D"});
}

// The bytes of a .npy file: version 1.0 (or 2.0 with a 4-byte header length).
std::string npy(const std::string& descr, const std::string& shape, const std::string& data,
                bool fortran = false, int version = 1) {
    const std::string d = descr[0] == '[' ? descr : "'" + descr + "'"; // structured: a list
    std::string header = "{'descr': " + d + ", 'fortran_order': " + (fortran ? "True" : "False") +
                         ", 'shape': " + shape + ", }";
    const size_t prefix = version == 1 ? 10 : 12;
    while ((prefix + header.size() + 1) % 64) header += ' ';
    header += '\n';
    std::string out = "\x93NUMPY";
    out += char(version), out += char(0);
    for (size_t i = 0; i < (version == 1 ? 2u : 4u); ++i)
        out += char((header.size() >> (8 * i)) & 0xff);
    return out + header + data;
}

template <typename T> std::string raw(std::vector<T> v, bool big_endian = false) {
    std::string s(v.size() * sizeof(T), '\0');
    for (size_t i = 0; i < v.size(); ++i) {
        char b[sizeof(T)];
        std::memcpy(b, &v[i], sizeof(T));
        for (size_t k = 0; k < sizeof(T); ++k)
            s[i * sizeof(T) + k] = b[big_endian ? sizeof(T) - 1 - k : k];
    }
    return s;
}

TEST(NpyReader, ParsesElementTypesByteOrdersAndLayouts) {
    auto a = cimx::parse_npy(npy("|u1", "(2, 3)", raw<uint8_t>({0, 1, 2, 253, 254, 255})), "u8");
    EXPECT_EQ(a.type, 0x08);
    EXPECT_EQ(a.dims, (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(a.values, (std::vector<float>{0, 1, 2, 253, 254, 255}));
    a = cimx::parse_npy(npy("<f4", "(2,)", raw<float>({1.5f, -2.25f})), "f4");
    EXPECT_EQ(a.values, (std::vector<float>{1.5f, -2.25f}));
    a = cimx::parse_npy(npy(">i8", "(3,)", raw<int64_t>({-7, 0, 1 << 20}, true)), "i8be");
    EXPECT_EQ(a.values, (std::vector<float>{-7, 0, 1 << 20}));
    a = cimx::parse_npy(npy("<i2", "(2,)", raw<int16_t>({-300, 300}), false, 2), "v2");
    EXPECT_EQ(a.values, (std::vector<float>{-300, 300}));
    a = cimx::parse_npy(npy("<f2", "(3,)", raw<uint16_t>({0x3C00, 0xC000, 0x3555})), "f2");
    EXPECT_EQ(a.values[0], 1.0f);
    EXPECT_EQ(a.values[1], -2.0f);
    EXPECT_NEAR(a.values[2], 1.0f / 3.0f, 1e-3);
    a = cimx::parse_npy(npy("|b1", "(2,)", raw<uint8_t>({1, 0})), "bool");
    EXPECT_EQ(a.values, (std::vector<float>{1, 0}));
    // Fortran order [2, 3]: column-major values become row-major.
    a = cimx::parse_npy(npy("<f8", "(2, 3)", raw<double>({1, 4, 2, 5, 3, 6}), true), "F");
    EXPECT_EQ(a.values, (std::vector<float>{1, 2, 3, 4, 5, 6}));
}

TEST(NpyReader, RejectsWhatItCannotRead) {
    expect_error(
        [] {
            cimx::parse_npy(npy("<c8", "(1,)", raw<float>({0, 0})), "c8");
        },
        {"c8", "unsupported .npy element type '<c8'"});
    expect_error([] { cimx::parse_npy(npy("[('a', '<f4')]", "(1,)", raw<float>({0})), "rec"); },
                 {"rec", "structured arrays are not supported"});
    expect_error(
        [] {
            cimx::parse_npy(npy("<f4", "(3,)", raw<float>({0, 1})), "short");
        },
        {"short", "truncated .npy data: shape needs 12 bytes, file has 8"});
    expect_error(
        [] {
            cimx::parse_npy(npy("<f4", "(1,)", raw<float>({0, 1})), "long");
        },
        {"long", "4 unexpected bytes after the .npy data"});
    expect_error([] { cimx::parse_npy(npy("<f4", "(x,)", ""), "shape"); }, {"shape", "malformed"});
    modeltest::TempDir dir;
    modeltest::write_file(dir.path("a.npz"), std::string("PK\x03\x04rest", 8));
    expect_error([&] { cimx::read_array(dir.path("a.npz")); }, {"a.npz", "numpy.save"});
    modeltest::write_file(dir.path("junk"), "hello world");
    expect_error([&] { cimx::read_array(dir.path("junk")); },
                 {"junk", "neither an IDX nor a .npy file"});
    modeltest::write_gzip(dir.path("z.npy.gz"), npy("|u1", "(2,)", raw<uint8_t>({3, 4})));
    EXPECT_EQ(cimx::read_array(dir.path("z.npy.gz")).values, (std::vector<float>{3, 4}));
}

TEST(Dataset, LoadsNpyImagesOfAnyShapeScaledOnce) {
    modeltest::TempDir dir;
    std::vector<uint8_t> px(2 * 3 * 2 * 2);
    for (size_t i = 0; i < px.size(); ++i) px[i] = uint8_t(10 * i);
    modeltest::write_file(dir.path("img.npy"), npy("|u1", "(2, 3, 2, 2)", raw<uint8_t>(px)));
    modeltest::write_file(dir.path("lab.npy"), npy("<i8", "(2,)", raw<int64_t>({4, 9})));
    const auto d = cimx::load_dataset(dir.path("img.npy"), dir.path("lab.npy"), 0.5f);
    EXPECT_EQ(d.count, 2);
    EXPECT_EQ(d.shape, (std::vector<int64_t>{3, 2, 2}));
    EXPECT_EQ(d.pixels(), 12);
    EXPECT_EQ(d.images[5], 25.0f); // 50 x 0.5
    EXPECT_EQ(d.labels, (std::vector<int>{4, 9}));
    // Float IDX images are scaled like any other: model input = value x scale.
    std::string f32 = {0, 0, 0x0D, 2, 0, 0, 0, 1, 0, 0, 0, 1};
    f32 += std::string("\x43\x7F\x00\x00", 4); // 255.0f
    modeltest::write_file(dir.path("f.idx"), f32);
    modeltest::write_file(dir.path("l.idx"), idx_bytes({1}, {0}));
    EXPECT_EQ(cimx::load_dataset(dir.path("f.idx"), dir.path("l.idx")).images[0], 1.0f);
    EXPECT_EQ(cimx::load_dataset(dir.path("f.idx"), dir.path("l.idx"), 1.0f).images[0], 255.0f);
}

TEST(ImageShape, FitsWithoutSizeOneAxesOrWhenFlat) {
    auto fits = [](std::vector<int64_t> image, std::vector<int64_t> model) {
        try {
            cimx::check_image_shape(image, model, "i.npy", "m.onnx");
            return true;
        } catch (const DatasetError&) {
            return false;
        }
    };
    EXPECT_TRUE(fits({28, 28}, {1, 28, 28}));
    EXPECT_TRUE(fits({28, 28, 1}, {1, 28, 28}));
    EXPECT_TRUE(fits({784}, {1, 28, 28}));
    EXPECT_TRUE(fits({1, 28, 28}, {784}));
    EXPECT_TRUE(fits({3, 32, 32}, {3, 32, 32}));
    EXPECT_TRUE(fits({3, 32, 32}, {3, -1, -1}));
    EXPECT_FALSE(fits({32, 32, 3}, {3, 32, 32}));
    EXPECT_FALSE(fits({28, 28}, {1, 32, 32}));
    EXPECT_FALSE(fits({784}, {3, 28, 28}));
    expect_error(
        [] {
            cimx::check_image_shape({32, 32, 3}, {3, 32, 32}, "i.npy", "m.onnx");
        },
        {"i.npy: images of shape [32,32,3] do not fit m.onnx, whose input takes "
         "[3,32,32] per image"});
}

TEST(FirmwareImages, OnlyIntegersZeroTo255) {
    const std::vector<float> v = {0, 255, 17, 3, 2.5f, 1};
    EXPECT_EQ(cimx::firmware_pixels(v, 0, 2, 2, "f"), (std::vector<uint8_t>{0, 255, 17, 3}));
    expect_error([&] { cimx::firmware_pixels(v, 1, 2, 2, "f.npy"); },
                 {"f.npy: image 2, value 0 is 2.5, not an integer in 0..255", "--input-scale"});
    expect_error([] { cimx::firmware_pixels({-1}, 0, 1, 1, "n"); }, {"image 0, value 0 is -1"});
    expect_error([] { cimx::firmware_pixels({256}, 0, 1, 1, "n"); }, {"is 256"});
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
