// The last layer's real-valued tail (scale and bias: Mul/Add, a final BatchNormalization,
// Sub/Div, a Gemm bias) as float operations the runtime replays in the executor's order and
// precision, so that the firmware's logits - and hence its argmax - are bit-identical.
#pragma once

#include "compiler/ir/network.h"

namespace cimc {

void lower_output_arithmetic(Layer& last, const std::string& origin);

} // namespace cimc
