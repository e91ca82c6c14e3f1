// The patch layout of each layer: for a convolution, im2col - one patch row per output
// position, gathered as runs of the input's channel vectors (HWC), with the weight columns
// reordered to match; for a dense layer after a flattened map, the weight columns permuted
// from ONNX's (c, y, x) order to the runtime's (y, x, c). Padding keeps the crossbar inside
// its alphabet: 0 where the mapping has it (TNN) and for pixels (CPU, bit slicing); with the
// BNN alphabet the pad is +1 and the padded taps' known contribution is subtracted per
// output position (exact, since the executor pads with 0).
#pragma once

#include "compiler/ir/network.h"

namespace cimc {

void im2col(Layer& l, bool mapping_ternary);
void im2col(Network& net);

} // namespace cimc
