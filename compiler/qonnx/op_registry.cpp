#include "compiler/qonnx/op_registry.h"

#include "compiler/qonnx/error.h"

namespace qonnx {
namespace {

struct Tables {
    std::map<std::string, OpInfo> onnx_ops;
    std::map<std::string, OpInfo> qonnx_ops;
    Tables() {
        register_linear_ops(onnx_ops);
        register_conv_ops(onnx_ops);
        register_batchnorm_ops(onnx_ops);
        register_pool_ops(onnx_ops);
        register_shape_ops(onnx_ops);
        register_elementwise_ops(onnx_ops);
        register_argmax_ops(onnx_ops);
        register_quant_ops(qonnx_ops);
    }
};

const Tables& tables() {
    static const Tables t;
    return t;
}

} // namespace

const OpInfo* find_op(const Node& node) {
    const std::map<std::string, OpInfo>* table = nullptr;
    if (is_onnx_domain(node.domain)) table = &tables().onnx_ops;
    if (is_qonnx_domain(node.domain)) table = &tables().qonnx_ops;
    if (!table) return nullptr;
    auto it = table->find(node.op_type);
    return it == table->end() ? nullptr : &it->second;
}

std::string supported_ops_list() {
    std::string s;
    for (const auto& [name, info] : tables().onnx_ops) s += (s.empty() ? "" : ", ") + name;
    for (const auto& [name, info] : tables().qonnx_ops) s += ", " + name + " (qonnx)";
    return s;
}

const Tensor& required_input(const Node& node, const std::vector<const Tensor*>& in, size_t i) {
    if (i >= in.size() || !in[i])
        throw QonnxError("input " + std::to_string(i) + " of " + node.op_type + " is missing");
    return *in[i];
}

} // namespace qonnx
