// The trainer's data layout: a batch of feature maps is one row-major matrix with a row per
// (image, y, x) position and a column per channel (NHWC), so a 1x1 map is just [batch,
// features], im2col rows are contiguous copies, and flattening is free.
#pragma once

#include <Eigen/Core>

#include <cstdint>

// Eigen's fast float sqrt/rsqrt start from the CPU's approximate vrsqrtps, whose bits differ
// between CPU makers: the trainer must compute the same bits on every machine.
#if EIGEN_FAST_MATH
#error "the trainer needs EIGEN_FAST_MATH=0 (top-level CMakeLists.txt, docs/models.md)"
#endif

namespace cimx::train {

using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Act {
    Mat m; // rows = batch * h * w, cols = channels
    int64_t h = 1, w = 1;

    int64_t batch() const { return m.rows() / (h * w); }
    int64_t channels() const { return m.cols(); }
};

} // namespace cimx::train
