// Builds Graphs in code: the trainer's QONNX export and the tests' hand-made models use it.
// Nodes are appended in order and named after their op type and a counter.
#pragma once

#include "compiler/qonnx/graph.h"

namespace qonnx {

class GraphBuilder {
  public:
    explicit GraphBuilder(std::string name);

    // Declares a float graph input; -1 dimensions become the symbolic batch size "N".
    std::string input(const std::string& name, std::vector<int64_t> shape);
    // Adds an initializer and returns its name.
    std::string initializer(const std::string& name, Tensor value);
    // Appends a node with one output (named "<name>_out") and returns that output's name.
    std::string node(const std::string& op_type, std::vector<std::string> inputs,
                     std::map<std::string, Attribute> attributes = {},
                     const std::string& domain = "", std::string name = "");
    // Declares a graph output with the given shape (-1 = "N").
    void output(const std::string& tensor, std::vector<int64_t> shape);

    Graph finish();

  private:
    Graph g_;
    int counter_ = 0;
};

} // namespace qonnx
