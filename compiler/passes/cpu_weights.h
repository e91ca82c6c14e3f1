// Encodes a CPU layer's {-1,0,+1} weights as the column lists of the runtime's CPU kernel
// (nn_cpu_weights, see sw/nn/nn_cpu_linear.c): binary weights keep only the shorter of the
// +1 and -1 lists and use the row total for the rest; ternary ones keep both lists.
#pragma once

#include "compiler/ir/network.h"

namespace cimc {

// The kernel addresses columns by 16-bit byte offsets 16 * k.
constexpr int64_t kCpuMaxFanIn = 4096;

void encode_cpu_weights(Layer& l, const std::string& origin);
void encode_cpu_weights(Network& net);

} // namespace cimc
