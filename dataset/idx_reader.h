// Reader for IDX files (the MNIST / Fashion-MNIST container), plain or gzip-compressed.
// Format: two zero bytes, a type byte (0x08 ubyte, 0x09 sbyte, 0x0B int16, 0x0C int32,
// 0x0D float32, 0x0E float64), the number of dimensions, then each dimension as a big-endian
// uint32, then the values, big-endian, row-major. Any such file is accepted; anything else
// (bad magic, unknown type, truncated data, trailing bytes, corrupt gzip) is rejected with
// one line naming the file.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace cimx {

class DatasetError : public std::runtime_error {
  public:
    explicit DatasetError(const std::string& what) : std::runtime_error(what) {}
};

struct IdxArray {
    uint8_t type = 0x08;
    std::vector<int64_t> dims;
    std::vector<float> values; // every element type converted to float
};

// Reads a whole IDX file (gzip is detected by its magic bytes; plain files pass through).
IdxArray read_idx(const std::string& path);
// Parses IDX bytes already in memory; `origin` names them in errors.
IdxArray parse_idx(const std::string& bytes, const std::string& origin);

// The file's bytes, gunzipped if it is gzip-compressed.
std::string read_maybe_gzip(const std::string& path);

} // namespace cimx
