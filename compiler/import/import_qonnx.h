// Import: a QONNX model file -> the compiler's layer chain (ir/network.h).
//
// Accepted form (what `cimx train` exports, and what Brevitas and FINN/QONNX write; the list
// with examples is docs/compiler.md, "Bringing your own model"): from the graph input
// (pixel x S), the input stage - elementwise nodes by constants (Mul, Div, Add, Sub,
// BatchNormalization) and at most a quantizer - then a chain of layers:
//   linear op (MatMul, Gemm, Conv with constant binary/ternary weights, scaled per output at
//   most) then per-channel elementwise nodes and MaxPool, a quantizer (BipolarQuant, Quant /
//   IntQuant, MultiThreshold) and the nodes after it (Mul/Add to bipolar values...)
// repeated, and a last linear op whose elementwise tail gives the logits, optionally followed
// by ArgMax or TopK (k = 1). Shape operators anywhere (Identity, Dropout, Transpose,
// Reshape, Flatten, Unsqueeze, Squeeze) only move the view of the data (import/tensor_view.h);
// constant subgraphs are folded. Anything else is one error naming the node, its operator and
// what would make it compile.
#pragma once

#include "compiler/ir/network.h"

namespace cimc {

// `input_scale` is the --input-scale option ("": the model's metadata, else 1/255).
Network import_qonnx(const std::string& path, const std::string& input_scale = "");
// The same for a graph already in memory; `origin` names it in errors.
Network import_graph(const qonnx::Graph& graph, const std::string& origin,
                     const std::string& input_scale = "");

} // namespace cimc
