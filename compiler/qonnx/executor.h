// The host executor: runs a QONNX graph node by node with the QONNX semantics, in float.
// It is straightforward on purpose: `cimx eval` uses it to measure a model's accuracy, and
// the compiler's output is checked against it.
#pragma once

#include "compiler/qonnx/graph.h"

#include <map>
#include <string>

namespace qonnx {

class Executor {
  public:
    // Validates the graph (see validate.h); throws QonnxError naming the first bad node.
    // Nodes whose inputs are all constant (weight quantizers, Transposes of weights, shapes)
    // are computed once here, not on every run: Brevitas exports quantize their float
    // weights in the graph.
    explicit Executor(Graph graph);

    // Runs the graph on the named inputs; returns every graph output by name. A failing
    // node throws QonnxError naming the node.
    std::map<std::string, Tensor> run(const std::map<std::string, Tensor>& inputs) const;
    // For the common single-input, single-output model.
    Tensor run(const Tensor& input) const;

    const Graph& graph() const { return graph_; }

  private:
    Graph graph_;
    std::map<std::string, Tensor> folded_; // outputs of the constant nodes
    std::vector<const Node*> to_run_;      // the other nodes, in order
};

} // namespace qonnx
