#include "cimx/train/batchnorm_layer.h"

#include <cmath>

namespace cimx::train {
namespace {

// Column sums accumulated row by row in double: deterministic and exact enough.
Eigen::RowVectorXd column_sums(const Mat& x) {
    Eigen::RowVectorXd s = Eigen::RowVectorXd::Zero(x.cols());
    for (int64_t r = 0; r < x.rows(); ++r) s += x.row(r).cast<double>();
    return s;
}

} // namespace

BatchNormLayer::BatchNormLayer(int64_t channels, bool final)
    : c_(channels), final_(final), gamma_("bn_gamma", Mat::Ones(1, channels), false),
      beta_("bn_beta", Mat::Zero(1, channels), false),
      running_mean_(Eigen::RowVectorXf::Zero(channels)),
      running_var_(Eigen::RowVectorXf::Ones(channels)) {}

Act BatchNormLayer::forward(const Act& x, bool training) {
    Act y;
    y.h = x.h;
    y.w = x.w;
    Eigen::RowVectorXf mean = running_mean_, var = running_var_;
    const int64_t n = x.m.rows();
    if (training) {
        const Eigen::RowVectorXd mu = column_sums(x.m) / double(n);
        Eigen::RowVectorXd sq = Eigen::RowVectorXd::Zero(c_);
        for (int64_t r = 0; r < n; ++r)
            sq += (x.m.row(r).cast<double>() - mu).array().square().matrix();
        mean = mu.cast<float>();
        var = (sq / double(n)).cast<float>();
        const double unbias = n > 1 ? double(n) / double(n - 1) : 1.0;
        running_mean_ = 0.9f * running_mean_ + 0.1f * mean;
        running_var_ = 0.9f * running_var_ + 0.1f * (var.cast<double>() * unbias).cast<float>();
    }
    const Eigen::RowVectorXf inv_std = (var.array() + kEpsilon).rsqrt().matrix();
    Mat xhat = (x.m.rowwise() - mean).array().rowwise() * inv_std.array();
    y.m = (xhat.array().rowwise() * gamma_.value.row(0).array()).rowwise() +
          beta_.value.row(0).array();
    if (training) {
        xhat_ = std::move(xhat);
        inv_std_ = inv_std;
    }
    return y;
}

Act BatchNormLayer::backward(const Act& grad) {
    const double n = double(grad.m.rows());
    const Eigen::RowVectorXd dbeta = column_sums(grad.m);
    const Eigen::RowVectorXd dgamma = column_sums(grad.m.cwiseProduct(xhat_));
    beta_.grad = dbeta.cast<float>();
    gamma_.grad = dgamma.cast<float>();
    // dx = gamma * inv_std / n * (n * g - sum(g) - xhat * sum(g * xhat))
    const Eigen::RowVectorXf k =
        (gamma_.value.row(0).array() * inv_std_.array() / float(n)).matrix();
    Act dx;
    dx.h = grad.h;
    dx.w = grad.w;
    dx.m = ((grad.m * float(n)).rowwise() - dbeta.cast<float>()).array() -
           (xhat_.array().rowwise() * dgamma.cast<float>().array());
    dx.m = dx.m.array().rowwise() * k.array();
    return dx;
}

void BatchNormLayer::export_qonnx(ExportContext& ctx) const {
    auto& b = ctx.builder;
    const std::string id = (final_ ? "out" : "bn") + std::to_string(ctx.index++);
    auto vec = [this](const Eigen::RowVectorXf& v) {
        return qonnx::Tensor({c_}, std::vector<float>(v.data(), v.data() + c_));
    };
    if (!final_) {
        ctx.tensor = b.node("BatchNormalization",
                            {ctx.tensor, b.initializer(id + "_scale", vec(gamma_.value.row(0))),
                             b.initializer(id + "_bias", vec(beta_.value.row(0))),
                             b.initializer(id + "_mean", vec(running_mean_)),
                             b.initializer(id + "_var", vec(running_var_))},
                            {{"epsilon", qonnx::Attribute::of_float(kEpsilon)}}, "", id);
        return;
    }
    Eigen::RowVectorXf a(c_), bias(c_);
    for (int64_t i = 0; i < c_; ++i) {
        a[i] = gamma_.value(0, i) / std::sqrt(running_var_[i] + kEpsilon);
        bias[i] = beta_.value(0, i) - running_mean_[i] * a[i];
    }
    const std::string scaled =
        b.node("Mul", {ctx.tensor, b.initializer(id + "_scale", vec(a))}, {}, "", id + "_mul");
    ctx.tensor =
        b.node("Add", {scaled, b.initializer(id + "_bias", vec(bias))}, {}, "", id + "_add");
}

std::string BatchNormLayer::describe() const {
    return std::string(final_ ? "output scale+bias (bn) " : "batchnorm ") + std::to_string(c_);
}

} // namespace cimx::train
