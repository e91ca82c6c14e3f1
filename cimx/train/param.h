// A trainable parameter with its gradient and Adam moments. Latent binary/ternary weights
// are clipped to [-1, 1] after every step (BinaryConnect): beyond that range the quantized
// value cannot change, so letting the latent weight drift there only slows later flips.
#pragma once

#include "cimx/train/matrix.h"

#include <string>

namespace cimx::train {

struct Param {
    std::string name;
    Mat value, grad, m, v;
    bool clip = false;

    Param(std::string n, Mat init, bool clip_to_unit)
        : name(std::move(n)), value(std::move(init)), clip(clip_to_unit) {
        grad = Mat::Zero(value.rows(), value.cols());
        m = grad;
        v = grad;
    }
};

} // namespace cimx::train
