#include "cimx/train/activation_layer.h"

#include "cimx/train/export_quant.h"

namespace cimx::train {

Act ActivationLayer::forward(const Act& x, bool training) {
    Act y;
    y.h = x.h;
    y.w = x.w;
    y.m = quantize(x.m, q_);
    if (training) pass_ = (x.m.array().abs() <= 1.0f).cast<float>();
    return y;
}

Act ActivationLayer::backward(const Act& grad) {
    Act dx;
    dx.h = grad.h;
    dx.w = grad.w;
    dx.m = grad.m.cwiseProduct(pass_);
    return dx;
}

void ActivationLayer::export_qonnx(ExportContext& ctx) const {
    ctx.tensor = export_quant_node(ctx, ctx.tensor, q_, "act" + std::to_string(ctx.index++));
}

} // namespace cimx::train
