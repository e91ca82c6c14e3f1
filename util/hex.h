// Hexadecimal text for messages and identifiers: the one hex() of the code base.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace cimvp {

// "0x" and the value's lower-case hex digits, no padding: "0x80000000", "0x0".
inline std::string hex(uint64_t v) {
    char buf[2 + 16 + 1];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

// Exactly `digits` lower-case hex digits (1..16), zero-padded, no prefix: hashes, fixed fields.
inline std::string hex_digits(uint64_t v, int digits) {
    char buf[16 + 1];
    std::snprintf(buf, sizeof buf, "%0*llx", digits, static_cast<unsigned long long>(v));
    return buf;
}

} // namespace cimvp
