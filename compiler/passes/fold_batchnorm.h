// Folding batch norm and the sign/ternary activation into integer thresholds per channel.
//
// The executor computes, per channel, q(f(v)) where v is the linear operator's float output,
// f the epilogue's float nodes (bias, batch norm, Mul/Add...) and q the quantizer. For every
// integer pre-activation s the crossbar can produce, v is exactly (float)s (sums of +-1 products
// are exact in float), or (float)(s / 255) for the real-valued first layer. Rather than
// re-deriving thresholds algebraically (which can disagree with the executor's rounding at
// the boundary), this pass evaluates the executor's own kernels on those values: every node
// of the chain is monotone, so per channel the output is a monotone step function of s,
// found by binary search and then checked exhaustively over the reachable range
// [-fan_in, fan_in] (x255 for pixels, where that range is too large to enumerate).
// gamma < 0 gives a decreasing function (dir = -1), gamma = 0 a constant one.
#pragma once

#include "compiler/ir/network.h"

#include <utility>
#include <vector>

namespace cimc {

// The float value the executor's linear operator yields for integer pre-activation s.
float preactivation_value(Alphabet input, int64_t s);
// The integer pre-activations the layer can produce: [-K, K], or [-255 K, 255 K] for pixels.
std::pair<int64_t, int64_t> preactivation_range(const Layer& l);
// Runs epilogue nodes [begin, end) with the executor's kernels on per-channel values: x and
// the result are rows x M, row-major. Errors name the node.
std::vector<float> evaluate_epilogue(const Layer& l, const std::vector<float>& x, int64_t rows,
                                     size_t begin, size_t end, const std::string& origin);

// Fills l.thresholds and the pools' per-channel directions of a hidden layer.
void fold_batchnorm(Layer& l, const std::string& origin);
void fold_batchnorm(Network& net);

} // namespace cimc
