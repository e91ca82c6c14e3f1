// The scalar semantics of the QONNX quantizers, shared by the executor's kernels and by the
// trainer (so a trained network and its exported graph quantize identically).
//   BipolarQuant(x, scale)              = (x >= 0 ? +1 : -1) * scale       (sign(0) = +1)
//   Quant/IntQuant(x, scale, zp, bits)  = (round(clamp(x / scale + zp, lo, hi)) - zp) * scale
//       lo/hi from bits, signed, narrow; a 1-bit signed Quant is bipolar (as QONNX does).
//       Ternary = bits 2, signed 1, narrow 1: lo = -1, hi = +1, so with ROUND (half to
//       even) |x/scale| > 0.5 gives +-1 and |x/scale| <= 0.5 gives 0.
//   MultiThreshold(x, t[0..T))          = #{ i : x >= t[i] } * out_scale + out_bias
#pragma once

#include <cstdint>
#include <string>

namespace qonnx {

// The rounding modes of the QONNX Quant/IntQuant documentation (ROUND = half to even, CEIL,
// FLOOR, UP = away from zero, DOWN = towards zero, HALF_UP = half away from zero, HALF_DOWN =
// half towards zero), plus ROUND_TO_ZERO, Brevitas' name for DOWN.
enum class RoundingMode { Round, Ceil, Floor, RoundToZero, HalfUp, HalfDown, Up };

// Parses Quant's rounding_mode attribute (case-insensitive); throws QonnxError if unknown.
RoundingMode parse_rounding_mode(const std::string& s);
float apply_rounding(float v, RoundingMode mode);

struct IntQuantSpec {
    int bits = 8;
    bool is_signed = true;
    bool narrow = false;
    RoundingMode mode = RoundingMode::Round;

    float min_int() const;
    float max_int() const;
};

// The ternary activation/weight quantizer used throughout the project.
inline IntQuantSpec ternary_spec() { return IntQuantSpec{2, true, true, RoundingMode::Round}; }

inline float bipolar_quant(float x, float scale) { return (x >= 0.0f ? 1.0f : -1.0f) * scale; }
float int_quant(float x, float scale, float zeropt, const IntQuantSpec& spec);
// Counts the thresholds t[0..n) with x >= t[i].
int multithreshold_count(float x, const float* thresholds, int64_t n);

} // namespace qonnx
