#include "platform/soc/value_parse.h"

#include "util/number_parse.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace cimvp {

namespace {
std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}
[[noreturn]] void bad(const std::string& key, const std::string& text, const std::string& want) {
    throw UsageError("--" + key + ": '" + text + "' is not " + want);
}
} // namespace

uint64_t parse_u64(const std::string& key, const std::string& text, uint64_t min, uint64_t max) {
    std::string t = trim(text);
    const std::optional<uint64_t> parsed = parse_unsigned(t);
    if (!parsed) bad(key, text, "a non-negative integer");
    const uint64_t v = *parsed;
    if (v < min || v > max)
        throw UsageError("--" + key + ": " + t + " is out of range [" + std::to_string(min) + ", " +
                         std::to_string(max) + "]");
    return v;
}

double parse_double(const std::string& key, const std::string& text, double min, double max) {
    const std::string t = trim(text);
    const std::optional<double> parsed = parse_real(t);
    if (!parsed || !std::isfinite(*parsed)) bad(key, text, "a number");
    const double v = *parsed;
    if (v < min || v > max)
        throw UsageError("--" + key + ": " + t + " is out of range [" + std::to_string(min) + ", " +
                         std::to_string(max) + "]");
    return v;
}

sc_core::sc_time parse_time(const std::string& key, const std::string& text) {
    std::string t = trim(text);
    size_t unit_at = t.find_first_not_of("0123456789.eE+- ");
    // 'e' could start a unit only if it were one; none of ours begins with e.
    std::string num = trim(t.substr(0, unit_at)),
                unit = unit_at == std::string::npos ? "ns" : t.substr(unit_at);
    static const struct {
        const char* name;
        sc_core::sc_time_unit unit;
    } units[] = {{"ps", sc_core::SC_PS},
                 {"ns", sc_core::SC_NS},
                 {"us", sc_core::SC_US},
                 {"ms", sc_core::SC_MS},
                 {"s", sc_core::SC_SEC}};
    for (const auto& u : units)
        if (unit == u.name) {
            double v = parse_double(key, num.empty() ? text : num, 0, 1e12);
            if (v <= 0)
                throw UsageError("--" + key + ": time must be positive, got '" + text + "'");
            return sc_core::sc_time(v, u.unit);
        }
    bad(key, text, "a time with unit ps, ns, us, ms or s (e.g. 10us)");
}

uint64_t parse_size(const std::string& key, const std::string& text) {
    std::string t = trim(text);
    uint64_t mult = 1;
    if (!t.empty()) {
        char s = static_cast<char>(std::toupper(static_cast<unsigned char>(t.back())));
        if (s == 'K' || s == 'M' || s == 'G') {
            mult = s == 'K' ? 1ull << 10 : s == 'M' ? 1ull << 20 : 1ull << 30;
            t.pop_back();
        }
    }
    uint64_t v = parse_u64(key, t.empty() ? text : t);
    if (v > UINT64_MAX / mult) bad(key, text, "a size that fits in 64 bits");
    return v * mult;
}

} // namespace cimvp
