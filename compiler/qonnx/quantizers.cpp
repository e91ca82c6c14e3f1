#include "compiler/qonnx/quantizers.h"

#include "compiler/qonnx/error.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace qonnx {

RoundingMode parse_rounding_mode(const std::string& s) {
    std::string u = s;
    std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return std::toupper(c); });
    if (u == "ROUND" || u == "HALF_EVEN") return RoundingMode::Round;
    if (u == "CEIL") return RoundingMode::Ceil;
    if (u == "FLOOR") return RoundingMode::Floor;
    if (u == "ROUND_TO_ZERO" || u == "DOWN") return RoundingMode::RoundToZero;
    if (u == "UP") return RoundingMode::Up;
    if (u == "HALF_UP") return RoundingMode::HalfUp;
    if (u == "HALF_DOWN") return RoundingMode::HalfDown;
    throw QonnxError("unknown rounding_mode '" + s + "'");
}

float apply_rounding(float v, RoundingMode mode) {
    switch (mode) {
    case RoundingMode::Round: return std::nearbyint(v); // numpy's np.round: half to even
    case RoundingMode::Ceil: return std::ceil(v);
    case RoundingMode::Floor: return std::floor(v);
    case RoundingMode::RoundToZero: return std::trunc(v);
    case RoundingMode::Up: return v < 0 ? std::floor(v) : std::ceil(v);
    case RoundingMode::HalfUp: return std::round(v); // halves away from zero
    case RoundingMode::HalfDown: {                   // halves towards zero
        const float r = std::round(v);
        return std::fabs(r - v) == 0.5f ? std::trunc(v) : r;
    }
    }
    return v;
}

float IntQuantSpec::min_int() const {
    if (!is_signed) return 0.0f;
    return -std::ldexp(1.0f, bits - 1) + (narrow ? 1.0f : 0.0f);
}

float IntQuantSpec::max_int() const {
    if (is_signed) return std::ldexp(1.0f, bits - 1) - 1.0f;
    return std::ldexp(1.0f, bits) - 1.0f - (narrow ? 1.0f : 0.0f);
}

float int_quant(float x, float scale, float zeropt, const IntQuantSpec& spec) {
    float y = x / scale + zeropt;
    if (spec.bits == 1 && spec.is_signed) {
        y = y >= 0.0f ? 1.0f : -1.0f; // QONNX treats 1-bit signed Quant as bipolar
    } else {
        // Clamp before rounding, in QONNX's order (matters only for non-integer bounds).
        y = std::min(std::max(y, spec.min_int()), spec.max_int());
        y = apply_rounding(y, spec.mode);
    }
    return (y - zeropt) * scale;
}

int multithreshold_count(float x, const float* thresholds, int64_t n) {
    int count = 0;
    for (int64_t i = 0; i < n; ++i) count += x >= thresholds[i] ? 1 : 0;
    return count;
}

} // namespace qonnx
