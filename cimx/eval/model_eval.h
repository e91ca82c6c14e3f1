// Runs a QONNX model over a dataset with the host executor and scores top-1 accuracy: the
// engine of `cimx eval`. Images are fed as the model's input declares: [N, C, H, W] with
// C*H*W = pixels, or [N, F] with F = pixels, values pixel / 255.
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
// threads (results do not depend on either).
EvalResult evaluate_model(const qonnx::Executor& model, const Dataset& data, int64_t images,
                          int64_t batch = 100, int threads = 2);

} // namespace cimx
