#include "qonnx/eigen_blocking.h"

#include <Eigen/Core>

#if EIGEN_FAST_MATH
#error "the host executor needs EIGEN_FAST_MATH=0 (top-level CMakeLists.txt, docs/models.md)"
#endif

namespace qonnx {

void use_fixed_eigen_blocking() {
    // A function-local static is initialised exactly once, and other threads wait for it.
    static const bool fixed = [] {
        Eigen::setCpuCacheSizes(kFixedL1CacheBytes, kFixedL2CacheBytes, kFixedL3CacheBytes);
        return true;
    }();
    (void)fixed;
}

} // namespace qonnx
