// 2x2 max pooling with stride 2 (odd edges dropped, as ONNX MaxPool without padding does).
// On binary/ternary activations this is an OR / max of small integers, cheap on the CPU.
#pragma once

#include "cimx/train/layer.h"

#include <vector>

namespace cimx::train {

class MaxPoolLayer : public Layer {
  public:
    Act forward(const Act& x, bool training) override;
    Act backward(const Act& grad) override;
    void export_qonnx(ExportContext& ctx) const override;
    std::string describe() const override { return "maxpool 2x2"; }

  private:
    std::vector<int64_t> argmax_; // input row of each output element's maximum
    int64_t in_rows_ = 0, in_h_ = 0, in_w_ = 0;
};

} // namespace cimx::train
