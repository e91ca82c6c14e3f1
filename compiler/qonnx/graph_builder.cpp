#include "compiler/qonnx/graph_builder.h"

#include "compiler/qonnx/onnx_io.h"

namespace qonnx {
namespace {

ValueInfo value_info(const std::string& name, std::vector<int64_t> shape) {
    ValueInfo v;
    v.name = name;
    for (int64_t d : shape) v.dim_params.push_back(d < 0 ? "N" : "");
    v.shape = std::move(shape);
    return v;
}

} // namespace

GraphBuilder::GraphBuilder(std::string name) {
    g_.name = std::move(name);
    g_.opsets[""] = kOnnxOpset;
}

std::string GraphBuilder::input(const std::string& name, std::vector<int64_t> shape) {
    g_.inputs.push_back(value_info(name, std::move(shape)));
    return name;
}

std::string GraphBuilder::initializer(const std::string& name, Tensor value) {
    g_.initializers[name] = std::move(value);
    return name;
}

std::string GraphBuilder::node(const std::string& op_type, std::vector<std::string> inputs,
                               std::map<std::string, Attribute> attributes,
                               const std::string& domain, std::string name) {
    Node n;
    n.name = name.empty() ? op_type + "_" + std::to_string(counter_++) : std::move(name);
    n.op_type = op_type;
    n.domain = domain;
    n.inputs = std::move(inputs);
    n.outputs = {n.name + "_out"};
    n.attributes = std::move(attributes);
    if (!domain.empty() && !g_.opsets.count(domain)) g_.opsets[domain] = 1;
    g_.nodes.push_back(n);
    return n.outputs[0];
}

void GraphBuilder::output(const std::string& tensor, std::vector<int64_t> shape) {
    g_.outputs.push_back(value_info(tensor, std::move(shape)));
}

Graph GraphBuilder::finish() { return g_; }

} // namespace qonnx
