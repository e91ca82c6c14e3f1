// NumPy-style (ONNX "multidirectional") broadcasting for the elementwise ops and for the
// per-tensor/per-channel parameters of the quantizers.
#pragma once

#include "compiler/qonnx/tensor.h"

#include <functional>

namespace qonnx {

// The broadcast shape of a and b; throws QonnxError when they are incompatible.
std::vector<int64_t> broadcast_shape(const std::vector<int64_t>& a, const std::vector<int64_t>& b);

// For an output of shape `out`, the linear index into a tensor of shape `in` (broadcast to
// `out`) of each output element.
std::vector<int64_t> broadcast_index(const std::vector<int64_t>& in,
                                     const std::vector<int64_t>& out);

// out[i] = f(a[i], b[i]) over the broadcast shape.
Tensor broadcast_binary(const Tensor& a, const Tensor& b,
                        const std::function<float(float, float)>& f);

} // namespace qonnx
