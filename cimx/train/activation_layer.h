// The hidden activation: sign (BNN) or ternary (TNN) quantization of the batch-normalised
// pre-activation, with the straight-through estimator (gradient passed where |x| <= 1,
// i.e. the derivative of hardtanh). Exported as BipolarQuant / Quant (see export_quant.h).
#pragma once

#include "cimx/train/layer.h"
#include "cimx/train/quantize.h"

namespace cimx::train {

class ActivationLayer : public Layer {
  public:
    explicit ActivationLayer(QuantKind q) : q_(q) {}

    Act forward(const Act& x, bool training) override;
    Act backward(const Act& grad) override;
    void export_qonnx(ExportContext& ctx) const override;
    std::string describe() const override { return "activation " + quant_kind_name(q_); }

  private:
    QuantKind q_;
    Mat pass_; // 1 where |x| <= 1
};

} // namespace cimx::train
