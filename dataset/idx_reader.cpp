#include "dataset/idx_reader.h"

#include <zlib.h>

#include <cstring>

namespace cimx {
namespace {

size_t type_size(uint8_t type) {
    switch (type) {
    case 0x08:
    case 0x09: return 1;
    case 0x0B: return 2;
    case 0x0C:
    case 0x0D: return 4;
    case 0x0E: return 8;
    default: return 0;
    }
}

uint64_t big_endian(const unsigned char* p, size_t n) {
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | p[i];
    return v;
}

float decode(const unsigned char* p, uint8_t type) {
    const uint64_t raw = big_endian(p, type_size(type));
    switch (type) {
    case 0x08: return static_cast<float>(static_cast<uint8_t>(raw));
    case 0x09: return static_cast<float>(static_cast<int8_t>(raw));
    case 0x0B: return static_cast<float>(static_cast<int16_t>(raw));
    case 0x0C: return static_cast<float>(static_cast<int32_t>(raw));
    case 0x0D: {
        const uint32_t bits = static_cast<uint32_t>(raw);
        float f;
        std::memcpy(&f, &bits, 4);
        return f;
    }
    default: {
        double d;
        std::memcpy(&d, &raw, 8);
        return static_cast<float>(d);
    }
    }
}

} // namespace

std::string read_maybe_gzip(const std::string& path) {
    // gzopen reads gzip files and, transparently, plain ones.
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) throw DatasetError(path + ": cannot open file");
    std::string bytes;
    char buf[1 << 16];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) bytes.append(buf, static_cast<size_t>(n));
    int err = Z_OK;
    const std::string msg = n < 0 ? gzerror(f, &err) : "";
    gzclose(f);
    if (n < 0) throw DatasetError(path + ": corrupt gzip data (" + msg + ")");
    return bytes;
}

IdxArray parse_idx(const std::string& bytes, const std::string& origin) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    if (bytes.size() < 4 || p[0] != 0 || p[1] != 0 || type_size(p[2]) == 0 || p[3] == 0)
        throw DatasetError(origin + ": not an IDX file (bad magic number)");
    IdxArray a;
    a.type = p[2];
    const size_t ndims = p[3], header = 4 + 4 * ndims;
    if (bytes.size() < header) throw DatasetError(origin + ": truncated IDX header");
    uint64_t count = 1;
    for (size_t i = 0; i < ndims; ++i) {
        const uint64_t d = big_endian(p + 4 + 4 * i, 4);
        a.dims.push_back(static_cast<int64_t>(d));
        count *= d;
        if (count > (uint64_t(1) << 34)) throw DatasetError(origin + ": IDX dimensions too large");
    }
    const uint64_t need = count * type_size(a.type), have = bytes.size() - header;
    if (have < need)
        throw DatasetError(origin + ": truncated IDX data: dimensions need " +
                           std::to_string(need) + " bytes, file has " + std::to_string(have));
    if (have > need)
        throw DatasetError(origin + ": " + std::to_string(have - need) +
                           " unexpected bytes after the IDX data");
    a.values.resize(count);
    const size_t step = type_size(a.type);
    for (uint64_t i = 0; i < count; ++i) a.values[i] = decode(p + header + i * step, a.type);
    return a;
}

IdxArray read_idx(const std::string& path) { return parse_idx(read_maybe_gzip(path), path); }

} // namespace cimx
