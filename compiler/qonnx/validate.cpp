#include "compiler/qonnx/validate.h"

#include "compiler/qonnx/error.h"
#include "compiler/qonnx/op_registry.h"

#include <set>

namespace qonnx {
namespace {

void check_operator(const Node& n, const OpInfo* op) {
    if (op) return;
    std::string why = "unsupported operator '" + n.op_type + "'";
    if (!n.domain.empty()) why += " in domain '" + n.domain + "'";
    throw QonnxError(n.describe() + ": " + why + "; supported: " + supported_ops_list());
}

void check_inputs(const Node& n, const OpInfo& op, const std::set<std::string>& defined) {
    const int count = static_cast<int>(n.inputs.size());
    if (count > op.max_inputs || count < op.min_inputs)
        throw QonnxError(
            n.describe() + ": has " + std::to_string(count) + " inputs, " + n.op_type + " takes " +
            std::to_string(op.min_inputs) +
            (op.min_inputs == op.max_inputs ? "" : " to " + std::to_string(op.max_inputs)));
    for (int i = 0; i < count; ++i) {
        const std::string& name = n.inputs[static_cast<size_t>(i)];
        if (name.empty()) {
            if (i < op.min_inputs)
                throw QonnxError(n.describe() + ": required input " + std::to_string(i) +
                                 " is empty");
            continue;
        }
        if (!defined.count(name))
            throw QonnxError(n.describe() + ": input '" + name +
                             "' is not a graph input, an initializer or an earlier node's output");
    }
}

} // namespace

void validate_graph(const Graph& g) {
    if (g.inputs.empty()) throw QonnxError("graph '" + g.name + "' has no inputs");
    if (g.outputs.empty()) throw QonnxError("graph '" + g.name + "' has no outputs");
    std::set<std::string> defined;
    for (const auto& v : g.inputs) defined.insert(v.name);
    for (const auto& [name, t] : g.initializers) defined.insert(name);
    for (const Node& n : g.nodes) {
        const OpInfo* op = find_op(n);
        check_operator(n, op);
        check_inputs(n, *op, defined);
        if (n.outputs.empty() || n.outputs[0].empty())
            throw QonnxError(n.describe() + ": has no output");
        for (const auto& o : n.outputs) defined.insert(o);
    }
    for (const auto& v : g.outputs)
        if (!defined.count(v.name))
            throw QonnxError("graph output '" + v.name + "' is produced by no node");
}

} // namespace qonnx
