#include "compiler/reference/reference_kernels.h"

#include <cstddef>

namespace cimc {

namespace {

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define REFERENCE_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define REFERENCE_CLONES
#endif

REFERENCE_CLONES
void threshold_row(const int32_t* lo, const int32_t* hi, const uint8_t* negate, uint32_t n,
                   const int32_t* acc, int8_t* act) {
    for (uint32_t o = 0; o < n; ++o) {
        // Negation modulo 2^32, as the two's complement machines the firmware runs on.
        const int32_t s =
            negate[o] ? static_cast<int32_t>(0u - static_cast<uint32_t>(acc[o])) : acc[o];
        act[o] = static_cast<int8_t>(s >= hi[o] ? 1 : s >= lo[o] ? 0 : -1);
    }
}

// best = max(best, v) per channel, min where dir < 0; branch-free, so it vectorises.
REFERENCE_CLONES
void merge(int8_t* best, const int8_t* v, uint32_t channels, const int8_t* dir) {
    if (!dir) {
        for (uint32_t c = 0; c < channels; ++c) best[c] = v[c] > best[c] ? v[c] : best[c];
        return;
    }
    for (uint32_t c = 0; c < channels; ++c) {
        const int8_t hi = v[c] > best[c] ? v[c] : best[c], lo = v[c] < best[c] ? v[c] : best[c];
        best[c] = dir[c] < 0 ? lo : hi;
    }
}

void pool_window(const nn_pool& p, const int8_t* img, uint32_t oy, uint32_t ox, int8_t* out) {
    const int32_t y0 = static_cast<int32_t>(oy * p.sh) - static_cast<int32_t>(p.pad_top);
    const int32_t x0 = static_cast<int32_t>(ox * p.sw) - static_cast<int32_t>(p.pad_left);
    bool first = true;
    for (int32_t y = y0; y < y0 + static_cast<int32_t>(p.kh); ++y) {
        if (y < 0 || y >= static_cast<int32_t>(p.in_h)) continue;
        for (int32_t x = x0; x < x0 + static_cast<int32_t>(p.kw); ++x) {
            if (x < 0 || x >= static_cast<int32_t>(p.in_w)) continue;
            const int8_t* v =
                img + (static_cast<size_t>(y) * p.in_w + static_cast<uint32_t>(x)) * p.channels;
            if (first) {
                for (uint32_t c = 0; c < p.channels; ++c) out[c] = v[c];
                first = false;
            } else {
                merge(out, v, p.channels, p.dir);
            }
        }
    }
}

} // namespace

ThresholdColumns::ThresholdColumns(const nn_threshold* t, uint32_t outputs)
    : lo(outputs), hi(outputs), negate(outputs) {
    for (uint32_t o = 0; o < outputs; ++o) {
        lo[o] = t[o].lo;
        hi[o] = t[o].hi;
        negate[o] = t[o].dir < 0;
    }
}

void ThresholdColumns::apply(const int32_t* acc, uint32_t rows, int8_t* act) const {
    const uint32_t n = static_cast<uint32_t>(lo.size());
    for (uint32_t r = 0; r < rows; ++r)
        threshold_row(lo.data(), hi.data(), negate.data(), n, acc + static_cast<size_t>(r) * n,
                      act + static_cast<size_t>(r) * n);
}

void pool_maps(const nn_pool& p, const int8_t* in, uint32_t count, int8_t* out) {
    const size_t in_size = static_cast<size_t>(p.in_h) * p.in_w * p.channels;
    for (uint32_t b = 0; b < count; ++b) {
        const int8_t* img = in + b * in_size;
        for (uint32_t oy = 0; oy < p.out_h; ++oy)
            for (uint32_t ox = 0; ox < p.out_w; ++ox, out += p.channels)
                pool_window(p, img, oy, ox, out);
    }
}

} // namespace cimc
