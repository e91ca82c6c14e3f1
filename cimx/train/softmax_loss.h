// Softmax cross-entropy over a batch of logits: mean loss, its gradient w.r.t. the logits,
// and the number of correct top-1 predictions.
#pragma once

#include "cimx/train/matrix.h"

#include <vector>

namespace cimx::train {

struct LossResult {
    double loss = 0;
    int64_t correct = 0;
    Mat grad; // d mean loss / d logits
};

LossResult softmax_cross_entropy(const Mat& logits, const std::vector<int>& labels);
// Index of the largest logit of each row (first one on ties).
std::vector<int> argmax_rows(const Mat& logits);

} // namespace cimx::train
