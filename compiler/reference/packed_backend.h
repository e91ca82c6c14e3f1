// The reference executor's crossbar backend: the exact backend of sw/nn/nn_backend_exact.c
// (integer W x, the runtime's own kernels for gather, padding correction, thresholds, pools),
// with its MVMs of {-1, 0, +1} inputs on bit-packed tiles (packed_tile.h) and its thresholds and
// pools vectorised (reference_kernels.h). Programming, ADC ranges, the bit-sliced (uint8) MVMs,
// gathers and padding corrections stay with the exact backend, whose checks and error codes the
// packed MVMs repeat.
#pragma once

#include "compiler/reference/packed_tile.h"
#include "compiler/reference/reference_kernels.h"
#include "sw/nn/nn_backend_exact.h"

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

namespace cimc {

class PackedBackend {
  public:
    PackedBackend(uint32_t crossbars, uint32_t max_inputs, uint32_t max_outputs);
    PackedBackend(const PackedBackend&) = delete; // the backend's ctx points here
    PackedBackend& operator=(const PackedBackend&) = delete;

    const nn_backend* backend() const { return &backend_; }

  private:
    static uint32_t program(void* ctx, uint32_t xbar, const int8_t* weights, uint32_t outputs,
                            uint32_t inputs);
    static uint32_t mvm(void* ctx, const nn_mvm* c);
    static uint32_t set_adc_range(void* ctx, uint32_t xbar, int32_t lo_na, int32_t hi_na);
    static uint32_t run_ops(void* ctx, const nn_op* ops, uint32_t n, uint32_t changed,
                            uint32_t* failed);
    uint32_t run_op(const nn_op& op, uint32_t changed);
    void threshold(const nn_op& op);
    uint32_t packed_mvm(const nn_mvm& c) const;

    std::vector<nn_exact_tile> tiles_;
    nn_exact_state state_{};
    nn_backend exact_{};
    nn_backend backend_{};
    std::vector<PackedTile> packed_; // one per crossbar, as programmed
    // Each layer's thresholds by column, made on the layer's first threshold step.
    std::unordered_map<const nn_layer*, std::unique_ptr<ThresholdColumns>> thresholds_;
};

} // namespace cimc
