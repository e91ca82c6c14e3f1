// A linear operator's constant weights as the crossbar stores them: values in {-1, +1} or
// {-1, 0, +1} times one magnitude per output (alpha * sign: scaled binary/ternary weights as
// Brevitas exports them; the magnitude is folded into the thresholds or the output
// arithmetic). A finn_datatype annotation (BIPOLAR, TERNARY, INT2, ...) is checked against the
// values; the values decide. Anything else is a CompileError saying what would fit.
#pragma once

#include "compiler/ir/network.h"

#include <string>

namespace cimc {

struct WeightMatrix {
    std::vector<int8_t> w;    // [M][K]
    std::vector<float> scale; // per output; empty when all are 1
    Alphabet alphabet = Alphabet::binary;
};

// `t` holds the weights with output o, input k at t.data[o * out_stride + k * in_stride].
// `where` prefixes errors ("model.onnx: node 'fc1' (MatMul)").
WeightMatrix binary_ternary_weights(const qonnx::Tensor& t, int64_t outputs, int64_t fan_in,
                                    int64_t out_stride, int64_t in_stride,
                                    const std::string& annotation, const std::string& where);

} // namespace cimc
