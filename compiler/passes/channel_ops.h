// Evaluating a chain of per-channel elementwise nodes (a layer's epilogue, the input stage)
// with the executor's own kernels, so that the compiler's decisions use exactly the model's
// float arithmetic.
#pragma once

#include "compiler/ir/network.h"

#include <map>
#include <string>
#include <vector>

namespace cimc {

// Runs ops [begin, end) on x (rows x channels, row-major): each op sees x in its model shape
// (ChannelOp::shape with rows for the -1). A constant that is not per channel (the op's output
// shape differs) or a failing kernel is a CompileError naming the node.
std::vector<float> evaluate_channel_ops(const std::vector<ChannelOp>& ops,
                                        const std::map<std::string, qonnx::Tensor>& constants,
                                        std::vector<float> x, int64_t rows, int64_t channels,
                                        size_t begin, size_t end, const std::string& origin);

} // namespace cimc
