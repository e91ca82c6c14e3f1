// A fully connected layer with binary/ternary weights: y = x Wq^T. Exported as
// Quant(W^T) -> MatMul, with W's rows reordered from our NHWC flattening to ONNX's NCHW one
// when the input came from a feature map.
#pragma once

#include "cimx/train/layer.h"
#include "cimx/train/quantize.h"
#include "cimx/train/rng.h"

namespace cimx::train {

class DenseLayer : public Layer {
  public:
    DenseLayer(int64_t in, int64_t out, QuantKind q, bool input_grad, Rng& rng);

    Act forward(const Act& x, bool training) override;
    Act backward(const Act& grad) override;
    std::vector<Param*> params() override { return {&w_}; }
    void export_qonnx(ExportContext& ctx) const override;
    std::string describe() const override;

  private:
    int64_t in_, out_;
    QuantKind q_;
    bool input_grad_;
    Param w_; // [out, in]
    Mat wq_, x_;
};

} // namespace cimx::train
