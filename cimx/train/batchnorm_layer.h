// Batch normalisation per channel (column). In training it normalises with the batch's
// statistics and tracks running ones (momentum 0.1, unbiased variance, as PyTorch does) for
// inference and export. A hidden layer's BN is exported as BatchNormalization; the output
// layer's (final = true) as Mul(a) -> Add(b), the real-valued per-class scale and bias
// a = gamma / sqrt(var + eps), b = beta - mean * a.
#pragma once

#include "cimx/train/layer.h"

namespace cimx::train {

class BatchNormLayer : public Layer {
  public:
    BatchNormLayer(int64_t channels, bool final);

    Act forward(const Act& x, bool training) override;
    Act backward(const Act& grad) override;
    std::vector<Param*> params() override { return {&gamma_, &beta_}; }
    void export_qonnx(ExportContext& ctx) const override;
    std::string describe() const override;

    static constexpr float kEpsilon = 1e-5f;

  private:
    int64_t c_;
    bool final_;
    Param gamma_, beta_; // [1, c]
    Eigen::RowVectorXf running_mean_, running_var_;
    Mat xhat_;
    Eigen::RowVectorXf inv_std_;
};

} // namespace cimx::train
