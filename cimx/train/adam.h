// Adam (Kingma & Ba) with bias correction; latent binary/ternary weights are clipped to
// [-1, 1] after each step (see param.h).
#pragma once

#include "cimx/train/param.h"

#include <vector>

namespace cimx::train {

class Adam {
  public:
    explicit Adam(float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f)
        : b1_(beta1), b2_(beta2), eps_(eps) {}

    void step(const std::vector<Param*>& params, float lr);

  private:
    float b1_, b2_, eps_;
    int64_t t_ = 0;
};

} // namespace cimx::train
