#include "cimx/train/adam.h"

#include <cmath>

namespace cimx::train {

void Adam::step(const std::vector<Param*>& params, float lr) {
    ++t_;
    const float c1 = 1.0f - std::pow(b1_, float(t_)), c2 = 1.0f - std::pow(b2_, float(t_));
    for (Param* p : params) {
        p->m = b1_ * p->m + (1.0f - b1_) * p->grad;
        p->v = b2_ * p->v + (1.0f - b2_) * p->grad.cwiseProduct(p->grad);
        p->value.array() -= lr * (p->m.array() / c1) / ((p->v.array() / c2).sqrt() + eps_);
        if (p->clip) p->value = p->value.cwiseMax(-1.0f).cwiseMin(1.0f);
    }
}

} // namespace cimx::train
