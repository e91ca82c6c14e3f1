// Strict number parsing: the whole text must be one number in range, or there is no value.
// Callers add their own error message (which option, which file and line). The one number
// parser of the code base: option parsers of cimvp (platform/soc/value_parse.h) and of the
// crossbar (ip/xbar/xbar_options.cpp) build on it.
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

namespace cimvp {

// Decimal, 0x-hex or 0-octal (strtoull base 0); no sign, no surrounding text.
inline std::optional<uint64_t> parse_unsigned(const std::string& text) {
    if (text.empty() || text[0] < '0' || text[0] > '9') return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(text.c_str(), &end, 0);
    if (*end != '\0' || errno == ERANGE) return std::nullopt;
    return v;
}

// Decimal with an optional sign.
inline std::optional<int64_t> parse_signed(const std::string& text) {
    if (text.empty()) return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (*end != '\0' || errno == ERANGE) return std::nullopt;
    return v;
}

// A floating-point number (strtod syntax, so "inf" too: callers that need a finite one check).
inline std::optional<double> parse_real(const std::string& text) {
    if (text.empty()) return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (*end != '\0' || errno == ERANGE) return std::nullopt;
    return v;
}

} // namespace cimvp
