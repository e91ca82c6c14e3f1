// The table of operators the host executor implements: for each, its kernel and how many
// inputs it takes. Lookup respects the domain: standard ops in "" / "ai.onnx", QONNX ops in
// qonnx.custom_op.general and its legacy names (finn.custom_op.general, onnx.brevitas).
#pragma once

#include "compiler/qonnx/graph.h"

#include <functional>
#include <vector>

namespace qonnx {

// A kernel gets the node and its inputs (nullptr for an omitted optional input) and returns
// its outputs in order. Errors are thrown as QonnxError; the executor adds the node's name.
using Kernel = std::function<std::vector<Tensor>(const Node&, const std::vector<const Tensor*>&)>;

struct OpInfo {
    Kernel run;
    int min_inputs;
    int max_inputs;
};

// nullptr when the node's (domain, op_type) is not supported.
const OpInfo* find_op(const Node& node);
// "MatMul, Gemm, ..." for error messages.
std::string supported_ops_list();

// Kernel factories, one per source file.
void register_linear_ops(std::map<std::string, OpInfo>& onnx_ops);
void register_conv_ops(std::map<std::string, OpInfo>& onnx_ops);
void register_batchnorm_ops(std::map<std::string, OpInfo>& onnx_ops);
void register_pool_ops(std::map<std::string, OpInfo>& onnx_ops);
void register_shape_ops(std::map<std::string, OpInfo>& onnx_ops);
void register_elementwise_ops(std::map<std::string, OpInfo>& onnx_ops);
void register_argmax_ops(std::map<std::string, OpInfo>& onnx_ops);
void register_quant_ops(std::map<std::string, OpInfo>& qonnx_ops);

// Helpers for kernels: input i, which must be present.
const Tensor& required_input(const Node& node, const std::vector<const Tensor*>& in, size_t i);

} // namespace qonnx
