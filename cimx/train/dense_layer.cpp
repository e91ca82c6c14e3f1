#include "train/dense_layer.h"

#include "train/export_quant.h"

#include "qonnx/eigen_blocking.h"

#include <stdexcept>

namespace cimx::train {
namespace {

Mat init_weights(int64_t rows, int64_t cols, Rng& rng) {
    Mat w(rows, cols);
    for (int64_t i = 0; i < w.size(); ++i) w.data()[i] = rng.uniform(-1.0f, 1.0f);
    return w;
}

// ONNX feature index of our feature f for a flattened {C, H, W} map (ours is (y, x, c)).
int64_t onnx_feature(int64_t f, const std::vector<int64_t>& chw) {
    if (chw.size() != 3) return f;
    const int64_t c = chw[0], hw = chw[1] * chw[2];
    return (f % c) * hw + f / c;
}

} // namespace

DenseLayer::DenseLayer(int64_t in, int64_t out, QuantKind q, bool input_grad, Rng& rng)
    : in_(in), out_(out), q_(q), input_grad_(input_grad),
      w_("dense_w", init_weights(out, in, rng), true) {}

Act DenseLayer::forward(const Act& x, bool training) {
    if (x.h != 1 || x.w != 1 || x.channels() != in_)
        throw std::logic_error("dense layer expects a flat input of " + std::to_string(in_) +
                               " features");
    wq_ = quantize(w_.value, q_);
    Act y;
    qonnx::use_fixed_eigen_blocking();
    y.m.noalias() = x.m * wq_.transpose();
    if (training) x_ = x.m;
    return y;
}

Act DenseLayer::backward(const Act& grad) {
    qonnx::use_fixed_eigen_blocking();
    w_.grad.noalias() = grad.m.transpose() * x_; // straight-through to the latent weights
    Act dx;
    if (input_grad_) dx.m.noalias() = grad.m * wq_;
    return dx;
}

void DenseLayer::export_qonnx(ExportContext& ctx) const {
    const Mat wq = quantize(w_.value, q_);
    qonnx::Tensor w = qonnx::Tensor::zeros({in_, out_}); // MatMul's B is [in, out]
    for (int64_t f = 0; f < in_; ++f)
        for (int64_t o = 0; o < out_; ++o)
            w.data[static_cast<size_t>(onnx_feature(f, ctx.flattened_from) * out_ + o)] = wq(o, f);
    const std::string id = "dense" + std::to_string(ctx.index++);
    const std::string wname = ctx.builder.initializer(id + "_w", std::move(w));
    const std::string wquant = export_quant_node(ctx, wname, q_, id + "_wquant");
    ctx.tensor = ctx.builder.node("MatMul", {ctx.tensor, wquant}, {}, "", id);
    ctx.chw = {out_};
    ctx.flattened_from.clear();
}

std::string DenseLayer::describe() const {
    return "dense " + std::to_string(in_) + "->" + std::to_string(out_) + " " + quant_kind_name(q_);
}

} // namespace cimx::train
