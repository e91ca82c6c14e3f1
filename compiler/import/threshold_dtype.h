// A MultiThreshold's `out_dtype` (a FINN DataType name: BIPOLAR, BINARY, TERNARY, INTn, UINTn,
// ...) says which values the node gives; the values are out_bias + out_scale x k for k = 0..T
// thresholds passed. FINN relies on the declaration (it sizes the hardware by it), so a
// declaration the values break is a broken model, reported rather than guessed around.
#pragma once

#include <cstdint>
#include <string>

namespace cimc {

// "" when every value out_bias + out_scale * k (k = 0..steps, in float as the executor
// computes it) fits `dtype`, or when `dtype` is a type that is not checked here (FLOAT32,
// FIXED<..>, SCALEDINT<..>, ...); otherwise why not, naming the first value that does not fit.
std::string threshold_dtype_problem(const std::string& dtype, float out_scale, float out_bias,
                                    int64_t steps);

} // namespace cimc
