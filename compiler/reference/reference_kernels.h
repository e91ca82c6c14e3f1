// The reference executor's thresholds and pools: the functions of the runtime's
// nn_threshold_apply and nn_pool_apply (sw/nn), written for the host's vector units. The
// runtime's kernels are the firmware's (RV32, no vector unit): branches per element, and a
// threshold struct per channel; the host pays for those on every image of the baseline. The
// VP's periphery (ip/tlm) computes the same functions; the tests compare the three.
#pragma once

#include "sw/nn/nn_model.h"

#include <cstdint>
#include <vector>

namespace cimc {

// A layer's thresholds, one array per field, so the per-row loop vectorises.
struct ThresholdColumns {
    std::vector<int32_t> lo, hi;
    std::vector<uint8_t> negate; // dir < 0

    ThresholdColumns(const nn_threshold* t, uint32_t outputs);
    // act[r * outputs + o] for rows r < rows of int32 sums acc[r * outputs + o]:
    // s = dir * acc; s >= hi -> +1, else s >= lo -> 0, else -1.
    void apply(const int32_t* acc, uint32_t rows, int8_t* act) const;
};

// nn_pool_apply: `count` int8 HWC maps in -> out.
void pool_maps(const nn_pool& p, const int8_t* in, uint32_t count, int8_t* out);

} // namespace cimc
