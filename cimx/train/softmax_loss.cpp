#include "cimx/train/softmax_loss.h"

#include <cmath>

namespace cimx::train {

std::vector<int> argmax_rows(const Mat& logits) {
    std::vector<int> out(static_cast<size_t>(logits.rows()));
    for (int64_t r = 0; r < logits.rows(); ++r) {
        int best = 0;
        for (int c = 1; c < logits.cols(); ++c)
            if (logits(r, c) > logits(r, best)) best = c;
        out[static_cast<size_t>(r)] = best;
    }
    return out;
}

LossResult softmax_cross_entropy(const Mat& logits, const std::vector<int>& labels) {
    LossResult res;
    const int64_t n = logits.rows();
    res.grad.resize(n, logits.cols());
    const std::vector<int> pred = argmax_rows(logits);
    for (int64_t r = 0; r < n; ++r) {
        const float mx = logits.row(r).maxCoeff(); // shift for numerical stability
        const Eigen::RowVectorXf e = (logits.row(r).array() - mx).exp();
        const float sum = e.sum();
        const int y = labels[static_cast<size_t>(r)];
        res.loss += std::log(sum) - (logits(r, y) - mx);
        res.grad.row(r) = e / (sum * float(n));
        res.grad(r, y) -= 1.0f / float(n);
        res.correct += pred[static_cast<size_t>(r)] == y;
    }
    res.loss /= double(n);
    return res;
}

} // namespace cimx::train
