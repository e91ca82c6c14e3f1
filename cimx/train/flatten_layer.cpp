#include "cimx/train/flatten_layer.h"

namespace cimx::train {

Act FlattenLayer::forward(const Act& x, bool) {
    h_ = x.h;
    w_ = x.w;
    c_ = x.channels();
    Act y;
    y.m = Eigen::Map<const Mat>(x.m.data(), x.batch(), h_ * w_ * c_);
    return y;
}

Act FlattenLayer::backward(const Act& grad) {
    Act dx;
    dx.h = h_;
    dx.w = w_;
    dx.m = Eigen::Map<const Mat>(grad.m.data(), grad.m.rows() * h_ * w_, c_);
    return dx;
}

void FlattenLayer::export_qonnx(ExportContext& ctx) const {
    ctx.flattened_from = ctx.chw.size() == 3 ? ctx.chw : std::vector<int64_t>{};
    int64_t features = 1;
    for (int64_t d : ctx.chw) features *= d;
    ctx.tensor = ctx.builder.node("Flatten", {ctx.tensor}, {{"axis", qonnx::Attribute::of_int(1)}},
                                  "", "flatten" + std::to_string(ctx.index++));
    ctx.chw = {features};
}

} // namespace cimx::train
