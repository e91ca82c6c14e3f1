#include "compiler/qonnx/executor.h"

#include "compiler/qonnx/error.h"
#include "compiler/qonnx/op_registry.h"
#include "compiler/qonnx/validate.h"

namespace qonnx {
namespace {

// Checks a fed input against the declared shape (symbolic dimensions match anything).
void check_input(const ValueInfo& v, const Tensor& t) {
    bool ok = v.shape.empty() || v.shape.size() == t.shape.size();
    for (size_t i = 0; ok && i < v.shape.size(); ++i)
        ok = v.shape[i] < 0 || v.shape[i] == t.shape[i];
    if (!ok)
        throw QonnxError("graph input '" + v.name + "' expects shape " + shape_string(v.shape) +
                         ", got " + shape_string(t.shape));
}

} // namespace

Executor::Executor(Graph graph) : graph_(std::move(graph)) {
    validate_graph(graph_);
    for (const Node& node : graph_.nodes) {
        bool constant = true;
        std::vector<const Tensor*> args;
        for (const auto& name : node.inputs) {
            if (name.empty()) {
                args.push_back(nullptr);
                continue;
            }
            const Tensor* t = graph_.initializer(name);
            auto f = folded_.find(name);
            if (!t && f != folded_.end()) t = &f->second;
            constant = constant && t;
            args.push_back(t);
        }
        if (!constant) {
            to_run_.push_back(&node);
            continue;
        }
        std::vector<Tensor> results;
        try {
            results = find_op(node)->run(node, args);
        } catch (const QonnxError& e) {
            throw QonnxError(node.describe() + ": " + e.what());
        }
        for (size_t i = 0; i < node.outputs.size() && i < results.size(); ++i)
            folded_[node.outputs[i]] = std::move(results[i]);
    }
}

std::map<std::string, Tensor> Executor::run(const std::map<std::string, Tensor>& inputs) const {
    // Tensors by name: initializers and inputs by pointer (no copies), computed ones owned.
    std::map<std::string, const Tensor*> env;
    std::map<std::string, Tensor> computed;
    for (const auto& [name, t] : graph_.initializers) env[name] = &t;
    for (const auto& [name, t] : folded_) env[name] = &t;
    for (const ValueInfo& v : graph_.inputs) {
        auto it = inputs.find(v.name);
        if (it == inputs.end()) throw QonnxError("graph input '" + v.name + "' was not given");
        check_input(v, it->second);
        env[v.name] = &it->second;
    }
    for (const Node* np : to_run_) {
        const Node& node = *np;
        std::vector<const Tensor*> args;
        for (const auto& name : node.inputs) args.push_back(name.empty() ? nullptr : env.at(name));
        std::vector<Tensor> results;
        try {
            results = find_op(node)->run(node, args);
        } catch (const QonnxError& e) {
            throw QonnxError(node.describe() + ": " + e.what());
        }
        for (size_t i = 0; i < node.outputs.size() && i < results.size(); ++i) {
            Tensor& slot = computed[node.outputs[i]] = std::move(results[i]);
            env[node.outputs[i]] = &slot;
        }
    }
    std::map<std::string, Tensor> out;
    for (const ValueInfo& v : graph_.outputs) out[v.name] = *env.at(v.name);
    return out;
}

Tensor Executor::run(const Tensor& input) const {
    if (graph_.inputs.size() != 1 || graph_.outputs.size() != 1)
        throw QonnxError("model has " + std::to_string(graph_.inputs.size()) + " inputs and " +
                         std::to_string(graph_.outputs.size()) + " outputs; expected one of each");
    auto out = run({{graph_.inputs[0].name, input}});
    return std::move(out.begin()->second);
}

} // namespace qonnx
