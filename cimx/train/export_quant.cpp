#include "cimx/train/export_quant.h"

namespace cimx::train {

std::string export_quant_node(ExportContext& ctx, const std::string& x, QuantKind kind,
                              const std::string& node_name) {
    auto& b = ctx.builder;
    const std::string one = b.initializer("q_scale_1", qonnx::Tensor::scalar(1.0f));
    if (kind == QuantKind::binary)
        return b.node("BipolarQuant", {x, one}, {}, qonnx::kQonnxDomain, node_name);
    const std::string zero = b.initializer("q_zeropt_0", qonnx::Tensor::scalar(0.0f));
    const std::string bits = b.initializer("q_bitwidth_2", qonnx::Tensor::scalar(2.0f));
    return b.node("Quant", {x, one, zero, bits},
                  {{"signed", qonnx::Attribute::of_int(1)},
                   {"narrow", qonnx::Attribute::of_int(1)},
                   {"rounding_mode", qonnx::Attribute::of_string("ROUND")}},
                  qonnx::kQonnxDomain, node_name);
}

} // namespace cimx::train
