// Runs a QONNX model over a dataset with the host executor and scores top-1 accuracy: the
// engine of `cimx eval`. Images are fed in the model's declared input shape (any shape the
// image file's fits: dataset/image_shape.h), as the dataset holds them (pixel x the
// input scale, see qonnx/input_scale.h). A model with a fixed batch size (FINN's are 1) gets
// batches of exactly that size. The class is the first maximum of the output [N, classes],
// or the output itself when the model ends in ArgMax or TopK (the class index).
#pragma once

#include "dataset/dataset.h"
#include "compiler/qonnx/executor.h"

#include <vector>

namespace cimx {

struct EvalResult {
    int64_t images = 0, correct = 0;
    std::vector<int> predictions;
    double seconds = 0;

    double top1() const { return images ? double(correct) / double(images) : 0.0; }
};

// Evaluates the first `images` examples (all if <= 0) in batches of `batch`, on `threads`
// threads (results do not depend on either). `images_path` and `model_path` name the files
// in a shape mismatch error.
EvalResult evaluate_model(const qonnx::Executor& model, const Dataset& data, int64_t images,
                          int64_t batch = 100, int threads = 2,
                          const std::string& images_path = "images",
                          const std::string& model_path = "model");

} // namespace cimx
