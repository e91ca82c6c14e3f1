// Deciding per layer where its matrix product runs: a layer with binary/ternary inputs and
// weights runs on the crossbars; the real-valued first layer (integer pixels) runs on the
// CPU, or on the crossbars by input bit slicing with --first-layer=xbar. Thresholds,
// pooling, the output arithmetic and the argmax always run on the CPU. Checks that the
// crossbar mapping's alphabet holds the layer's values.
#pragma once

#include "compiler/ir/network.h"

namespace cimc {

void partition(Network& net, bool mapping_ternary, const char* mapping_name, bool first_layer_xbar);

// Whether a layer that runs on the crossbars has ternary weights or inputs, so that the
// program needs a TNN mapping (cimx run picks TNN_I then, BNN_I otherwise).
bool needs_ternary_mapping(const Network& net, bool first_layer_xbar);

} // namespace cimc
