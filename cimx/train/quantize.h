// The quantizers of the trained networks, defined by the QONNX ops they export to (see
// compiler/qonnx/quantizers.h), so training, export and the host executor agree exactly:
//   binary  q(x) = BipolarQuant(x, 1) = x >= 0 ? +1 : -1
//   ternary q(x) = Quant(x, scale 1, zeropt 0, bitwidth 2, signed, narrow, ROUND)
//                = +1 if x > 0.5, -1 if x < -0.5, else 0
// Both are used for latent weights (clipped to [-1, 1]) and for hidden activations after
// batch norm. The straight-through estimator passes the gradient where |x| <= 1.
#pragma once

#include "cimx/train/matrix.h"

#include <string>

namespace cimx::train {

enum class QuantKind { binary, ternary };

QuantKind parse_quant_kind(const std::string& s); // "bnn" or "tnn"
std::string quant_kind_name(QuantKind k);         // "bnn" / "tnn"

float quantize(float x, QuantKind k);
Mat quantize(const Mat& x, QuantKind k);

} // namespace cimx::train
