// Folding batch norm and the sign/ternary activation into integer thresholds per channel.
//
// The executor computes, per channel, F(v): v is the linear operator's float output, F the
// epilogue's float nodes (bias, batch norm, Mul/Add...), the quantizer and what follows it
// (Mul/Add to bipolar values...). For every integer pre-activation s the runtime produces, v is
// (float)(pre_scale[o] * (s + pre_offset[o])): (float)s for +-1 inputs and weights, the input and
// weight magnitudes and the input stage's scale and offset otherwise (see preactivation_value).
// Rather than re-deriving thresholds algebraically (which can disagree with the executor's
// rounding at the boundary), this pass evaluates the executor's own kernels on those values:
// every node of the chain is monotone, so per channel F is a monotone step function of s. Its
// levels are found by bisection (all channels at once), checked to be the activation alphabet
// {-b, +b} or {-b, 0, +b} with one magnitude b for the whole layer, turned into the runtime's
// thresholds, and checked exhaustively over the reachable range when it is small enough
// ([-fan_in, fan_in] for binary/ternary inputs). Decreasing channels (gamma < 0) get dir = -1,
// constant ones (gamma = 0) thresholds at the ends of the int32 range.
#pragma once

#include "compiler/ir/network.h"

#include <utility>
#include <vector>

namespace cimc {

// The float value the executor's linear operator yields for integer pre-activation s of
// output o (see Layer::pre_scale).
float preactivation_value(const Layer& l, int64_t o, int64_t s);
// The integer pre-activations the layer can produce: [-K m, K m] for codes up to m (m = 1 for
// binary/ternary inputs, 255 for pixels).
std::pair<int64_t, int64_t> preactivation_range(const Layer& l);
// Sets pre_scale/pre_offset of a layer whose inputs are +-input_level (hidden layers and a
// first layer after a binarising input stage): k[o] = (float)(input_level * a[o]).
void set_binary_preactivation(Layer& l);
// Runs epilogue nodes [begin, end) with the executor's kernels on per-channel values: x and
// the result are rows x M, row-major. Errors name the node.
std::vector<float> evaluate_epilogue(const Layer& l, const std::vector<float>& x, int64_t rows,
                                     size_t begin, size_t end, const std::string& origin);

// Fills l.thresholds, l.activation, l.activation_level and the pools' per-channel directions
// of a hidden layer whose pre_scale/pre_offset are set.
void fold_batchnorm(Layer& l, const std::string& origin);
// Every layer in order: the first layer's pre-activation comes from the input stage (run
// fold_input_stage first), each next layer's inputs are the previous activations.
void fold_batchnorm(Network& net);

} // namespace cimc
