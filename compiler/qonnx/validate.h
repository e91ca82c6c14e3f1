// Static checks of a Graph before execution or compilation: every node's operator is
// supported in its domain, has an acceptable number of inputs, and reads only tensors that
// exist by then (graph inputs, initializers, earlier nodes' outputs). The first problem is
// thrown as QonnxError naming the node and why.
#pragma once

#include "compiler/qonnx/graph.h"

namespace qonnx {

void validate_graph(const Graph& graph);

} // namespace qonnx
