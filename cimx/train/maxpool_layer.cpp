#include "cimx/train/maxpool_layer.h"

namespace cimx::train {

Act MaxPoolLayer::forward(const Act& x, bool training) {
    const int64_t b = x.batch(), c = x.channels(), oh = x.h / 2, ow = x.w / 2;
    Act y;
    y.h = oh;
    y.w = ow;
    y.m.resize(b * oh * ow, c);
    if (training) argmax_.assign(static_cast<size_t>(y.m.size()), 0);
#pragma omp parallel for schedule(static)
    for (int64_t n = 0; n < b; ++n)
        for (int64_t oy = 0; oy < oh; ++oy)
            for (int64_t ox = 0; ox < ow; ++ox) {
                const int64_t r = (n * oh + oy) * ow + ox;
                for (int64_t ch = 0; ch < c; ++ch) {
                    int64_t best = (n * x.h + 2 * oy) * x.w + 2 * ox;
                    for (int64_t d = 1; d < 4; ++d) {
                        const int64_t src = (n * x.h + 2 * oy + d / 2) * x.w + 2 * ox + d % 2;
                        if (x.m(src, ch) > x.m(best, ch)) best = src; // first maximum wins ties
                    }
                    y.m(r, ch) = x.m(best, ch);
                    if (training) argmax_[static_cast<size_t>(r * c + ch)] = best;
                }
            }
    in_rows_ = x.m.rows();
    in_h_ = x.h;
    in_w_ = x.w;
    return y;
}

Act MaxPoolLayer::backward(const Act& grad) {
    Act dx;
    dx.h = in_h_;
    dx.w = in_w_;
    dx.m = Mat::Zero(in_rows_, grad.channels());
    // Windows do not overlap, so every input element receives at most one gradient.
    for (int64_t r = 0; r < grad.m.rows(); ++r)
        for (int64_t ch = 0; ch < grad.channels(); ++ch)
            dx.m(argmax_[static_cast<size_t>(r * grad.channels() + ch)], ch) = grad.m(r, ch);
    return dx;
}

void MaxPoolLayer::export_qonnx(ExportContext& ctx) const {
    ctx.tensor = ctx.builder.node("MaxPool", {ctx.tensor},
                                  {{"kernel_shape", qonnx::Attribute::of_ints({2, 2})},
                                   {"strides", qonnx::Attribute::of_ints({2, 2})}},
                                  "", "pool" + std::to_string(ctx.index++));
    ctx.chw = {ctx.chw[0], ctx.chw[1] / 2, ctx.chw[2] / 2};
}

} // namespace cimx::train
