// The accelerator's digital periphery, functionally: what the command queue's THRESHOLD, POOL,
// GATHER and ADD_ROWS descriptors compute (xbar_regmap.h has their fields). Plain C++ on host
// pointers the device got from its DMA; the firmware runtime's CPU kernels (sw/nn) compute the
// same, independently written, and the tests compare the two.
#pragma once

#include <cstdint>

namespace cimvp::periphery {

// {lo, hi, dir} per channel, as in the descriptor's table.
struct Threshold {
    int32_t lo, hi, dir;
};
void threshold(const int32_t* acc, uint32_t rows, uint32_t channels, const Threshold* t,
               int8_t* act);

struct PoolGeometry {
    uint32_t kh, kw, sh, sw, pad_top, pad_left, in_h, in_w, out_h, out_w, channels;
};
// `dir` may be null (maximum everywhere); a channel with dir < 0 takes the minimum.
void pool(const PoolGeometry& g, const int8_t* in, uint32_t maps, const int8_t* dir, int8_t* out);

struct GatherGeometry {
    uint32_t positions, taps, run, in_size;
    int8_t pad;
};
void gather(const GatherGeometry& g, const int32_t* offsets, const uint8_t* in, uint32_t maps,
            uint8_t* patches);

// acc[(m * positions + rows[i]) * outputs + o] += sign * values[i * outputs + o].
void add_rows(int32_t* acc, uint32_t maps, uint32_t positions, uint32_t outputs,
              const uint32_t* rows, uint32_t n, const int32_t* values, int32_t sign);

} // namespace cimvp::periphery
