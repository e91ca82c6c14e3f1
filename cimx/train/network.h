// A trained network: a sequence of layers, run forward and backward, and exported to a
// QONNX graph with input "input" [N, 1, H, W] (pixels / 255) and output "logits" [N, classes].
#pragma once

#include "compiler/qonnx/graph.h"
#include "cimx/train/layer.h"

#include <memory>
#include <vector>

namespace cimx::train {

class Network {
  public:
    void add(std::unique_ptr<Layer> layer) { layers_.push_back(std::move(layer)); }

    Act forward(const Act& x, bool training);
    void backward(const Act& grad);
    std::vector<Param*> params();

    // `height`/`width` of the input images; `doc` goes into the model's doc_string.
    qonnx::Graph export_qonnx(const std::string& name, int64_t height, int64_t width,
                              int64_t classes, const std::string& doc) const;
    std::string describe() const;

  private:
    std::vector<std::unique_ptr<Layer>> layers_;
};

} // namespace cimx::train
