// A k x k convolution (stride 1) with binary/ternary weights, computed as im2col + one
// matrix product over the whole batch. Exported as Quant(W) -> Conv.
#pragma once

#include "cimx/train/layer.h"
#include "cimx/train/quantize.h"
#include "cimx/train/rng.h"

namespace cimx::train {

class ConvLayer : public Layer {
  public:
    // pad = zero padding on every side; input_grad = false for the first layer (skips the
    // input-gradient computation nobody needs).
    ConvLayer(int64_t in_ch, int64_t out_ch, int64_t k, int64_t pad, QuantKind q, bool input_grad,
              Rng& rng);

    Act forward(const Act& x, bool training) override;
    Act backward(const Act& grad) override;
    std::vector<Param*> params() override { return {&w_}; }
    void export_qonnx(ExportContext& ctx) const override;
    std::string describe() const override;

  private:
    int64_t in_ch_, out_ch_, k_, pad_;
    QuantKind q_;
    bool input_grad_;
    Param w_;       // [out_ch, k*k*in_ch], column = (ky*k + kx)*in_ch + c
    Mat wq_, cols_; // quantized weights and im2col of the last training batch
    int64_t in_h_ = 0, in_w_ = 0;
};

} // namespace cimx::train
