// Deciding per layer where its matrix product runs: a layer with binary/ternary inputs and
// weights runs on the crossbars; the real-valued first layer (integer pixels) runs on the
// CPU, or on the crossbars by input bit slicing with --first-layer=xbar. Thresholds,
// pooling, the output arithmetic and the argmax always run on the CPU. Checks that the
// crossbar mapping's alphabet holds the layer's values.
#pragma once

#include "ir/network.h"

namespace cimc {

void partition(Network& net, bool mapping_ternary, const char* mapping_name, bool first_layer_xbar);

} // namespace cimc
