// The .npy reader: element types, byte orders and layouts numpy writes, one clear error for
// what it cannot read, and .npy images loaded as a Dataset.
#include "dataset/dataset.h"
#include "dataset/npy_reader.h"
#include "tests/common/test_files.h"
#include "tests/dataset/expect_dataset_error.h"

#include <gtest/gtest.h>

#include <cstring>

using datasettest::expect_dataset_error;
using modeltest::idx_bytes;

namespace {

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
    expect_dataset_error(
        [] {
            cimx::parse_npy(npy("<c8", "(1,)", raw<float>({0, 0})), "c8");
        },
        {"c8", "unsupported .npy element type '<c8'"});
    expect_dataset_error(
        [] { cimx::parse_npy(npy("[('a', '<f4')]", "(1,)", raw<float>({0})), "rec"); },
        {"rec", "structured arrays are not supported"});
    expect_dataset_error(
        [] {
            cimx::parse_npy(npy("<f4", "(3,)", raw<float>({0, 1})), "short");
        },
        {"short", "truncated .npy data: shape needs 12 bytes, file has 8"});
    expect_dataset_error(
        [] {
            cimx::parse_npy(npy("<f4", "(1,)", raw<float>({0, 1})), "long");
        },
        {"long", "4 unexpected bytes after the .npy data"});
    expect_dataset_error([] { cimx::parse_npy(npy("<f4", "(x,)", ""), "shape"); },
                         {"shape", "malformed"});
    modeltest::TempDir dir;
    modeltest::write_file(dir.path("a.npz"), std::string("PK\x03\x04rest", 8));
    expect_dataset_error([&] { cimx::read_array(dir.path("a.npz")); }, {"a.npz", "numpy.save"});
    modeltest::write_file(dir.path("junk"), "hello world");
    expect_dataset_error([&] { cimx::read_array(dir.path("junk")); },
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

} // namespace
