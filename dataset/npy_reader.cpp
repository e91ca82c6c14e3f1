#include "dataset/npy_reader.h"

#include "util/number_parse.h"

#include <cmath>
#include <cstring>
#include <optional>

namespace cimx {
namespace {

const char kMagic[] = "\x93NUMPY";

struct Descr {
    char kind = 0; // 'b' bool, 'i' signed, 'u' unsigned, 'f' float
    size_t size = 0;
    bool big_endian = false;
};

[[noreturn]] void fail(const std::string& origin, const std::string& why) {
    throw DatasetError(origin + ": " + why);
}

// The value of `key` in the header dict: the text after "'key':" up to the next top-level
// comma or the closing brace (a tuple's parentheses are kept together).
std::string dict_value(const std::string& header, const std::string& key,
                       const std::string& origin) {
    size_t at = header.find("'" + key + "'");
    if (at == std::string::npos) at = header.find("\"" + key + "\"");
    if (at == std::string::npos) fail(origin, ".npy header has no '" + key + "'");
    at = header.find(':', at);
    if (at == std::string::npos) fail(origin, ".npy header is malformed");
    size_t end = at + 1;
    for (int depth = 0; end < header.size(); ++end) {
        const char c = header[end];
        if (c == '(' || c == '[') ++depth;
        if (c == ')' || c == ']') --depth;
        if (depth == 0 && (c == ',' || c == '}')) break;
    }
    std::string v = header.substr(at + 1, end - at - 1);
    const size_t b = v.find_first_not_of(" \t"), e = v.find_last_not_of(" \t");
    return b == std::string::npos ? "" : v.substr(b, e - b + 1);
}

Descr parse_descr(const std::string& quoted, const std::string& origin) {
    if (quoted.size() < 2 || (quoted[0] != '\'' && quoted[0] != '"'))
        fail(origin, "unsupported .npy element type " + quoted +
                         " (structured arrays are not supported; save a plain numeric array)");
    const std::string d = quoted.substr(1, quoted.size() - 2);
    Descr r;
    size_t i = 0;
    if (!d.empty() && (d[0] == '<' || d[0] == '>' || d[0] == '|' || d[0] == '=')) {
        r.big_endian = d[0] == '>';
        i = 1;
    }
    if (i + 2 > d.size()) fail(origin, "unsupported .npy element type '" + d + "'");
    r.kind = d[i];
    const std::optional<uint64_t> size = cimvp::parse_unsigned(d.substr(i + 1));
    r.size = size ? size_t(*size) : 0;
    const bool ok = (r.kind == 'b' && r.size == 1) ||
                    ((r.kind == 'i' || r.kind == 'u') &&
                     (r.size == 1 || r.size == 2 || r.size == 4 || r.size == 8)) ||
                    (r.kind == 'f' && (r.size == 2 || r.size == 4 || r.size == 8));
    if (!ok || d.size() != i + 1 + std::to_string(r.size).size())
        fail(origin, "unsupported .npy element type '" + d +
                         "' (supported: bool, int8..int64, uint8..uint64, float16/32/64)");
    return r;
}

std::vector<int64_t> parse_shape(const std::string& tuple, const std::string& origin) {
    if (tuple.size() < 2 || tuple.front() != '(' || tuple.back() != ')')
        fail(origin, ".npy shape " + tuple + " is not a tuple");
    // "(60000, 28, 28)", "(784,)", "()" (a scalar), Python 2's "(60000L, 784L)".
    std::vector<int64_t> dims;
    const std::string inner = tuple.substr(1, tuple.size() - 2);
    size_t start = 0;
    while (start < inner.size()) {
        size_t comma = inner.find(',', start);
        if (comma == std::string::npos) comma = inner.size();
        std::string item = inner.substr(start, comma - start);
        const size_t b = item.find_first_not_of(' '), e = item.find_last_not_of(' ');
        item = b == std::string::npos ? "" : item.substr(b, e - b + 1);
        if (!item.empty() && item.back() == 'L') item.pop_back();          // Python 2 longs
        if (item.empty() && comma == inner.size() && !dims.empty()) break; // "(784, )"
        const std::optional<int64_t> v = cimvp::parse_signed(item);
        if (!v || *v < 0) fail(origin, ".npy shape " + tuple + " is malformed");
        dims.push_back(*v);
        start = comma + 1;
    }
    return dims;
}

float half_to_float(uint16_t h) {
    const int exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
    const float sign = (h & 0x8000) ? -1.0f : 1.0f;
    if (exp == 0) return sign * std::ldexp(float(mant), -24);
    if (exp == 31) return mant ? NAN : sign * INFINITY;
    return sign * std::ldexp(float(mant | 0x400), exp - 25);
}

float decode(const unsigned char* p, const Descr& d) {
    unsigned char b[8];
    for (size_t i = 0; i < d.size; ++i) b[i] = p[d.big_endian ? d.size - 1 - i : i];
    uint64_t u = 0;
    for (size_t i = d.size; i-- > 0;) u = (u << 8) | b[i]; // little-endian now
    switch (d.kind) {
    case 'b': return u ? 1.0f : 0.0f;
    case 'u': return static_cast<float>(u);
    case 'i': {
        const int shift = int(64 - 8 * d.size);
        return static_cast<float>(static_cast<int64_t>(u << shift) >> shift);
    }
    default:
        if (d.size == 2) return half_to_float(uint16_t(u));
        if (d.size == 4) {
            float f;
            const uint32_t v = uint32_t(u);
            std::memcpy(&f, &v, 4);
            return f;
        }
        double v;
        std::memcpy(&v, &u, 8);
        return static_cast<float>(v);
    }
}

uint8_t idx_type(const Descr& d) {
    if (d.kind == 'u' && d.size == 1) return 0x08;
    if (d.kind == 'i' && d.size == 1) return 0x09;
    if (d.kind == 'i' && d.size == 2) return 0x0B;
    if (d.kind == 'i' && d.size == 4) return 0x0C;
    if (d.kind == 'f' && d.size == 4) return 0x0D;
    if (d.kind == 'f' && d.size == 8) return 0x0E;
    return 0;
}

// Fortran (column-major) values into C (row-major) order.
std::vector<float> to_c_order(const std::vector<float>& f, const std::vector<int64_t>& dims) {
    std::vector<float> c(f.size());
    std::vector<int64_t> idx(dims.size(), 0);
    for (size_t i = 0; i < c.size(); ++i) { // i runs over C order
        int64_t src = 0, stride = 1;
        for (size_t k = 0; k < dims.size(); ++k) src += idx[k] * stride, stride *= dims[k];
        c[i] = f[size_t(src)];
        for (size_t k = dims.size(); k-- > 0 && ++idx[k] == dims[k];) idx[k] = 0;
    }
    return c;
}

} // namespace

bool is_npy(const std::string& bytes) { return bytes.compare(0, 6, kMagic, 6) == 0; }

IdxArray parse_npy(const std::string& bytes, const std::string& origin) {
    if (!is_npy(bytes) || bytes.size() < 10) fail(origin, "not a .npy file (bad magic)");
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const int major = p[6];
    if (major < 1 || major > 3)
        fail(origin, ".npy format version " + std::to_string(major) + " is not supported");
    const size_t len_bytes = major == 1 ? 2 : 4;
    if (bytes.size() < 8 + len_bytes) fail(origin, "truncated .npy header");
    size_t header_len = 0;
    for (size_t i = len_bytes; i-- > 0;) header_len = (header_len << 8) | p[8 + i];
    const size_t start = 8 + len_bytes + header_len;
    if (bytes.size() < start) fail(origin, "truncated .npy header");
    const std::string header = bytes.substr(8 + len_bytes, header_len);
    const Descr d = parse_descr(dict_value(header, "descr", origin), origin);
    const std::string fortran = dict_value(header, "fortran_order", origin);
    if (fortran != "True" && fortran != "False")
        fail(origin, ".npy fortran_order '" + fortran + "' is neither True nor False");
    IdxArray a;
    a.type = idx_type(d);
    a.dims = parse_shape(dict_value(header, "shape", origin), origin);
    uint64_t count = 1;
    for (int64_t v : a.dims) {
        count *= uint64_t(v);
        if (count > (uint64_t(1) << 34)) fail(origin, ".npy dimensions too large");
    }
    const uint64_t need = count * d.size, have = bytes.size() - start;
    if (have < need)
        fail(origin, "truncated .npy data: shape needs " + std::to_string(need) +
                         " bytes, file has " + std::to_string(have));
    if (have > need)
        fail(origin, std::to_string(have - need) + " unexpected bytes after the .npy data");
    a.values.resize(count);
    for (uint64_t i = 0; i < count; ++i) a.values[i] = decode(p + start + i * d.size, d);
    if (fortran == "True" && a.dims.size() > 1) a.values = to_c_order(a.values, a.dims);
    return a;
}

IdxArray read_array(const std::string& path) {
    const std::string bytes = read_maybe_gzip(path);
    if (is_npy(bytes)) return parse_npy(bytes, path);
    if (bytes.compare(0, 4, "PK\x03\x04", 4) == 0)
        throw DatasetError(path + ": a zip archive (.npz?); save each array with numpy.save "
                                  "as a .npy file");
    const bool idx = bytes.size() >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[3] != 0;
    if (!idx) throw DatasetError(path + ": neither an IDX nor a .npy file (bad magic number)");
    return parse_idx(bytes, path);
}

} // namespace cimx
