// The input stage: from the image's integer pixels to the first layer's input values, with
// the model's input scale S and its elementwise nodes before the first layer folded into what
// the runtime executes exactly (ir/network.h, InputStage):
//  - no quantizer: x = alpha * pixel + beta[c], tracked exactly in double through the nodes
//    (Mul, Div, Add, Sub, BatchNormalization); the first layer sums integer pixels and its
//    pre-activation value is alpha * a[o] * (s + sum_k w[o][k] beta[c(k)] / alpha);
//  - a quantizer: every pixel value 0..255 of every channel goes through the executor's own
//    kernels; the results become a 256-entry table per channel. Values +-b (and 0) make the
//    first layer's inputs binary (ternary) like a hidden layer's; other integer grids
//    code_scale * m become codes m - m_min in 0..255 that the first layer sums, with the
//    offset m_min * sum_k w[o][k] added back.
// Sets the first layer's input alphabet, input_level, max_code, pixel_pad, pre_scale and
// pre_offset. Errors name the node and what would make the model compile.
#pragma once

#include "compiler/ir/network.h"

namespace cimc {

void fold_input_stage(Network& net);

} // namespace cimc
