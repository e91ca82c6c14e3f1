#include "compiler/import/constant_folding.h"

#include "compiler/ir/error.h"
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/op_registry.h"

namespace cimc {

Constants::Constants(const qonnx::Graph& g) : values_(g.initializers) {}

bool Constants::try_fold(const qonnx::Node& node) {
    std::vector<const qonnx::Tensor*> args;
    for (const auto& name : node.inputs) {
        if (name.empty()) {
            args.push_back(nullptr);
            continue;
        }
        auto it = values_.find(name);
        if (it == values_.end()) return false;
        args.push_back(&it->second);
    }
    std::vector<qonnx::Tensor> out;
    try {
        out = qonnx::find_op(node)->run(node, args);
    } catch (const qonnx::QonnxError& e) {
        throw CompileError(node.describe() + ": " + e.what());
    }
    for (size_t i = 0; i < node.outputs.size() && i < out.size(); ++i)
        values_[node.outputs[i]] = out[i];
    return true;
}

} // namespace cimc
