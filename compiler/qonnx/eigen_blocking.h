// Fixed blocking for Eigen's matrix products, so that a float result does not depend on the
// machine. Eigen's GEMM cuts its operands into blocks sized from the CPU cache sizes it
// detects at run time (cpuid); the depth block kc decides where each dot product's float sum
// is split, and the row block which kernel (and so which order of accumulation) a row gets.
// Left alone, the same binary computes other bits on a CPU with another L1 size: a 100x784
// by 784x512 product differed in 46,548 of 51,200 elements between 48 KiB and 32 KiB of L1
// (docs/models.md, Reproducibility).
//
// The host executor's kernels and the trainer's layers call use_fixed_eigen_blocking()
// before their products; it sets Eigen's cache sizes (a process-wide setting) to fixed
// values, once. With them, the blocking of a product depends only on its shape, the build's
// SIMD flags and the thread count. Nothing else in the program may call
// Eigen::setCpuCacheSizes.
#pragma once

#include <cstddef>

namespace qonnx {

// Eigen 3.4's own x86 values for a CPU it cannot query (GeneralBlockPanelKernel.h:
// defaultL1CacheSize, defaultL2CacheSize, defaultL3CacheSize). 32 KiB is the L1 data cache
// of most x86-64-v3 cores (Intel Haswell to Cascade Lake, AMD Zen 1-4); on a core with more
// (48 KiB on Intel Ice Lake and later) the blocks are only a little shorter than its own.
constexpr std::ptrdiff_t kFixedL1CacheBytes = 32 * 1024;
constexpr std::ptrdiff_t kFixedL2CacheBytes = 256 * 1024;
constexpr std::ptrdiff_t kFixedL3CacheBytes = 2 * 1024 * 1024;

// Sets Eigen's cache sizes to the values above the first time it is called in the process
// (thread-safe); later calls cost one check. Call it before every Eigen matrix product.
void use_fixed_eigen_blocking();

} // namespace qonnx
