// Import: a QONNX model file -> the compiler's layer chain (ir/network.h).
//
// Accepted form (what `cimx train` exports, and the common Brevitas/FINN variants): from the
// graph input (pixel / 255, [N, 1, H, W] or [N, F]) a chain of
//   [Flatten | Reshape to [N, F]] linear op (MatMul, Gemm, Conv with constant binary/ternary
//   weights) then elementwise per-channel float nodes (BatchNormalization, Mul, Add, Sub, Div
//   by constants; MaxPool) then a quantizer (BipolarQuant, 1-bit or 2-bit narrow Quant /
//   IntQuant, MultiThreshold) [MaxPool ...]
// repeated, and a last linear op whose elementwise tail ends at the graph output (logits).
// Identity nodes are skipped; constant subgraphs are folded. Anything else is one error
// naming the node and why.
#pragma once

#include "compiler/ir/network.h"

namespace cimc {

Network import_qonnx(const std::string& path);
// The same for a graph already in memory; `origin` names it in errors.
Network import_graph(const qonnx::Graph& graph, const std::string& origin);

} // namespace cimc
