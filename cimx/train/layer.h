// One stage of a trained network: forward and backward passes over a batch, its
// parameters, and how it is written into a QONNX graph.
#pragma once

#include "compiler/qonnx/graph_builder.h"
#include "cimx/train/matrix.h"
#include "cimx/train/param.h"

#include <string>
#include <vector>

namespace cimx::train {

// What the exporter knows about the tensor flowing between layers.
struct ExportContext {
    qonnx::GraphBuilder& builder;
    std::string tensor;                  // current tensor name
    std::vector<int64_t> chw;            // its shape without the batch: {C, H, W} or {F}
    std::vector<int64_t> flattened_from; // {C, H, W} if the last Flatten came from a feature map
    int index = 0;                       // running layer number for node names
};

class Layer {
  public:
    virtual ~Layer() = default;
    // training = batch statistics in batch norm and keeping what backward needs.
    virtual Act forward(const Act& x, bool training) = 0;
    // Gradient of the loss w.r.t. the input, given the gradient w.r.t. the output;
    // parameter gradients are stored in params().
    virtual Act backward(const Act& grad) = 0;
    virtual std::vector<Param*> params() { return {}; }
    virtual void export_qonnx(ExportContext& ctx) const = 0;
    virtual std::string describe() const = 0;
};

} // namespace cimx::train
