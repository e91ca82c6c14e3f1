// Turns a feature map into a flat feature vector per image. With our NHWC row layout this
// is a reshape of the same memory; the exported Flatten works on NCHW, and the next dense
// layer reorders its weights to match (see dense_layer.cpp).
#pragma once

#include "cimx/train/layer.h"

namespace cimx::train {

class FlattenLayer : public Layer {
  public:
    Act forward(const Act& x, bool training) override;
    Act backward(const Act& grad) override;
    void export_qonnx(ExportContext& ctx) const override;
    std::string describe() const override { return "flatten"; }

  private:
    int64_t h_ = 1, w_ = 1, c_ = 1;
};

} // namespace cimx::train
