// Constant folding at import: every node whose inputs are all constants (initializers or
// earlier constant results) is evaluated once with the executor's own kernel. This turns
// weight quantizers (BipolarQuant(W), Quant(W)) into the {-1,0,+1} weights the crossbar
// stores, and Constant nodes into the shapes Reshape reads, with the executor's semantics.
#pragma once

#include "compiler/qonnx/graph.h"

#include <map>
#include <string>

namespace cimc {

class Constants {
  public:
    explicit Constants(const qonnx::Graph& g);
    bool has(const std::string& name) const { return values_.count(name) != 0; }
    const qonnx::Tensor& get(const std::string& name) const { return values_.at(name); }
    // True (and the outputs recorded) when all of the node's inputs are constants.
    bool try_fold(const qonnx::Node& node);

  private:
    std::map<std::string, qonnx::Tensor> values_;
};

} // namespace cimc
