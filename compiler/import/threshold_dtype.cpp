#include "compiler/import/threshold_dtype.h"
#include "util/number_text.h"

#include <cmath>
#include <cstdlib>

namespace cimc {
namespace {

// The integer range [lo, hi] of an integer FINN DataType; false for the others.
bool integer_range(const std::string& t, double& lo, double& hi) {
    if (t == "BIPOLAR" || t == "TERNARY") return lo = -1, hi = 1, true;
    if (t == "BINARY") return lo = 0, hi = 1, true;
    const bool is_unsigned = t.rfind("UINT", 0) == 0;
    const std::string digits = t.substr(is_unsigned ? 4 : 3);
    if ((!is_unsigned && t.rfind("INT", 0) != 0) || digits.empty() ||
        digits.find_first_not_of("0123456789") != std::string::npos)
        return false;
    const int bits = std::atoi(digits.c_str());
    if (bits < 1 || bits > 64) return false;
    lo = is_unsigned ? 0 : -std::ldexp(1.0, bits - 1);
    hi = is_unsigned ? std::ldexp(1.0, bits) - 1 : std::ldexp(1.0, bits - 1) - 1;
    return true;
}

} // namespace

std::string threshold_dtype_problem(const std::string& dtype, float out_scale, float out_bias,
                                    int64_t steps) {
    double lo = 0, hi = 0;
    if (!integer_range(dtype, lo, hi)) return "";
    for (int64_t k = 0; k <= steps; ++k) {
        const float v = out_scale * static_cast<float>(k) + out_bias;
        const bool fits =
            v == std::floor(v) && v >= lo && v <= hi && (dtype != "BIPOLAR" || v != 0);
        if (!fits)
            return "out_dtype " + dtype + ", but out_bias + out_scale x " + std::to_string(k) +
                   " = " + cimvp::short_number(out_bias) + " + " + cimvp::short_number(out_scale) +
                   " x " + std::to_string(k) + " = " + cimvp::short_number(v) +
                   ", not a value of " + dtype +
                   " (set out_scale/out_bias so that every count of thresholds passed gives "
                   "one, or declare the type the values have)";
    }
    return "";
}

} // namespace cimc
