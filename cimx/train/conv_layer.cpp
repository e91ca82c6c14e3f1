#include "cimx/train/conv_layer.h"

#include "cimx/train/export_quant.h"

#include "compiler/qonnx/eigen_blocking.h"

namespace cimx::train {
namespace {

struct Geo {
    int64_t b, h, w, c, k, pad, oh, ow;
};

// Calls f(cols row, cols column of the tap, input row) for every on-image tap of every output
// position; the taps off the image (padding) are skipped. Each image is one thread's, so the
// order of f's calls on any one input row is fixed (col2im's sums are reproducible).
template <typename F> void for_each_tap(const Geo& g, F f) {
#pragma omp parallel for schedule(static)
    for (int64_t b = 0; b < g.b; ++b)
        for (int64_t oy = 0; oy < g.oh; ++oy)
            for (int64_t ox = 0; ox < g.ow; ++ox) {
                const int64_t r = (b * g.oh + oy) * g.ow + ox;
                for (int64_t ky = 0; ky < g.k; ++ky) {
                    const int64_t iy = oy + ky - g.pad;
                    if (iy < 0 || iy >= g.h) continue;
                    for (int64_t kx = 0; kx < g.k; ++kx) {
                        const int64_t ix = ox + kx - g.pad;
                        if (ix < 0 || ix >= g.w) continue;
                        f(r, (ky * g.k + kx) * g.c, (b * g.h + iy) * g.w + ix);
                    }
                }
            }
}

// cols row (b, oy, ox) = the k*k input pixels' channel vectors around it (zeros off-image).
Mat im2col(const Act& x, const Geo& g) {
    // Without padding every entry is written below, so skip the zero fill.
    Mat cols = g.pad ? Mat::Zero(g.b * g.oh * g.ow, g.k * g.k * g.c)
                     : Mat(g.b * g.oh * g.ow, g.k * g.k * g.c);
    for_each_tap(
        g, [&](int64_t r, int64_t col, int64_t in) { cols.block(r, col, 1, g.c) = x.m.row(in); });
    return cols;
}

// The adjoint of im2col: scatter-add column gradients back onto input positions.
Mat col2im(const Mat& dcols, const Geo& g) {
    Mat dx = Mat::Zero(g.b * g.h * g.w, g.c);
    for_each_tap(
        g, [&](int64_t r, int64_t col, int64_t in) { dx.row(in) += dcols.block(r, col, 1, g.c); });
    return dx;
}

Mat init_weights(int64_t rows, int64_t cols, Rng& rng) {
    Mat w(rows, cols);
    for (int64_t i = 0; i < w.size(); ++i) w.data()[i] = rng.uniform(-1.0f, 1.0f);
    return w;
}

} // namespace

ConvLayer::ConvLayer(int64_t in_ch, int64_t out_ch, int64_t k, int64_t pad, QuantKind q,
                     bool input_grad, Rng& rng)
    : in_ch_(in_ch), out_ch_(out_ch), k_(k), pad_(pad), q_(q), input_grad_(input_grad),
      w_("conv_w", init_weights(out_ch, k * k * in_ch, rng), true) {}

Act ConvLayer::forward(const Act& x, bool training) {
    const Geo g{
        x.batch(), x.h, x.w, in_ch_, k_, pad_, x.h + 2 * pad_ - k_ + 1, x.w + 2 * pad_ - k_ + 1};
    wq_ = quantize(w_.value, q_);
    Mat cols = im2col(x, g);
    Act y;
    y.h = g.oh;
    y.w = g.ow;
    qonnx::use_fixed_eigen_blocking();
    y.m.noalias() = cols * wq_.transpose();
    if (training) {
        cols_ = std::move(cols);
        in_h_ = x.h;
        in_w_ = x.w;
    }
    return y;
}

Act ConvLayer::backward(const Act& grad) {
    // Straight-through: d loss / d latent w = d loss / d quantized w (latents stay in [-1, 1]).
    qonnx::use_fixed_eigen_blocking();
    w_.grad.noalias() = grad.m.transpose() * cols_;
    Act dx;
    dx.h = in_h_;
    dx.w = in_w_;
    if (!input_grad_) return dx;
    const Geo g{grad.batch(), in_h_, in_w_, in_ch_, k_, pad_, grad.h, grad.w};
    Mat dcols = grad.m * wq_;
    dx.m = col2im(dcols, g);
    return dx;
}

void ConvLayer::export_qonnx(ExportContext& ctx) const {
    // ONNX wants W as [out, in, ky, kx]; ours is [out, (ky, kx, in)].
    const Mat wq = quantize(w_.value, q_);
    qonnx::Tensor w = qonnx::Tensor::zeros({out_ch_, in_ch_, k_, k_});
    for (int64_t o = 0; o < out_ch_; ++o)
        for (int64_t c = 0; c < in_ch_; ++c)
            for (int64_t ky = 0; ky < k_; ++ky)
                for (int64_t kx = 0; kx < k_; ++kx)
                    w.data[static_cast<size_t>(((o * in_ch_ + c) * k_ + ky) * k_ + kx)] =
                        wq(o, (ky * k_ + kx) * in_ch_ + c);
    const std::string id = "conv" + std::to_string(ctx.index++);
    const std::string wname = ctx.builder.initializer(id + "_w", std::move(w));
    const std::string wquant = export_quant_node(ctx, wname, q_, id + "_wquant");
    ctx.tensor = ctx.builder.node("Conv", {ctx.tensor, wquant},
                                  {{"kernel_shape", qonnx::Attribute::of_ints({k_, k_})},
                                   {"pads", qonnx::Attribute::of_ints({pad_, pad_, pad_, pad_})},
                                   {"strides", qonnx::Attribute::of_ints({1, 1})}},
                                  "", id);
    ctx.chw = {out_ch_, ctx.chw[1] + 2 * pad_ - k_ + 1, ctx.chw[2] + 2 * pad_ - k_ + 1};
}

std::string ConvLayer::describe() const {
    return "conv" + std::to_string(k_) + "x" + std::to_string(k_) + " " + std::to_string(in_ch_) +
           "->" + std::to_string(out_ch_) + (pad_ ? " pad " + std::to_string(pad_) : "") + " " +
           quant_kind_name(q_);
}

} // namespace cimx::train
