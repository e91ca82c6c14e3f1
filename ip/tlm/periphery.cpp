#include "ip/tlm/periphery.h"

#include <cstdint>
#include <cstring>
#include <vector>

namespace cimvp::periphery {

// The definition: s = acc (dir >= 0) or -acc (dir < 0) in 64 bits, act = 1 if s >= hi, else 0
// if s >= lo, else -1. Computed without 64-bit products so that the channel loop vectorises
// (it was 6 % of a 64-image tnn-cnn run): with m = 0 or -1 (dir < 0) and x = acc ^ m (acc, or
// ~acc = -acc - 1), s >= k is x >= k for dir >= 0 and x >= k - 1 for dir < 0, and k - 1 below
// INT32_MIN (k = INT32_MIN) is INT32_MIN, which every x meets, as every -acc meets INT32_MIN.
void threshold(const int32_t* acc, uint32_t rows, uint32_t channels, const Threshold* t,
               int8_t* act) {
    std::vector<int32_t> mask(channels), hi(channels), lo(channels);
    const auto bound = [](int32_t k, bool negate) { return negate && k != INT32_MIN ? k - 1 : k; };
    for (uint32_t c = 0; c < channels; ++c) {
        const bool negate = t[c].dir < 0;
        mask[c] = negate ? -1 : 0;
        hi[c] = bound(t[c].hi, negate), lo[c] = bound(t[c].lo, negate);
    }
    const int32_t *m = mask.data(), *h = hi.data(), *l = lo.data();
    for (uint32_t r = 0; r < rows; ++r) {
        const int32_t* a = acc + size_t(r) * channels;
        int8_t* out = act + size_t(r) * channels;
        for (uint32_t c = 0; c < channels; ++c) {
            const int32_t x = a[c] ^ m[c];
            const int32_t ge_hi = x >= h[c], lt_lo = x < l[c]; // no branch: vectorises
            out[c] = static_cast<int8_t>(ge_hi - (lt_lo & (ge_hi ^ 1)));
        }
    }
}

// Window by window, each tap's channel vector at once (contiguous in HWC, a loop the compiler
// vectorises): the first valid tap initialises the outputs, the others take the maximum or,
// for a channel with dir < 0, the minimum. A window with no valid tap gives 0.
void pool(const PoolGeometry& g, const int8_t* in, uint32_t maps, const int8_t* dir, int8_t* out) {
    const size_t in_size = size_t(g.in_h) * g.in_w * g.channels;
    const uint32_t channels = g.channels;
    std::vector<uint8_t> take_min(channels, 0);
    if (dir)
        for (uint32_t c = 0; c < channels; ++c) take_min[c] = dir[c] < 0;
    for (uint32_t m = 0; m < maps; ++m)
        for (uint32_t oy = 0; oy < g.out_h; ++oy)
            for (uint32_t ox = 0; ox < g.out_w; ++ox, out += channels) {
                bool any = false;
                for (uint32_t ky = 0; ky < g.kh; ++ky)
                    for (uint32_t kx = 0; kx < g.kw; ++kx) {
                        const int64_t y = int64_t(oy) * g.sh + ky - g.pad_top;
                        const int64_t x = int64_t(ox) * g.sw + kx - g.pad_left;
                        if (y < 0 || x < 0 || y >= g.in_h || x >= g.in_w) continue;
                        const int8_t* v =
                            in + m * in_size + (size_t(y) * g.in_w + size_t(x)) * channels;
                        if (!any) {
                            std::memcpy(out, v, channels);
                            any = true;
                            continue;
                        }
                        for (uint32_t c = 0; c < channels; ++c) {
                            const int8_t lo = v[c] < out[c] ? v[c] : out[c];
                            const int8_t hi = v[c] > out[c] ? v[c] : out[c];
                            out[c] = take_min[c] ? lo : hi;
                        }
                    }
                if (!any) std::memset(out, 0, channels);
            }
}

void gather(const GatherGeometry& g, const int32_t* offsets, const uint8_t* in, uint32_t maps,
            uint8_t* patches) {
    for (uint32_t m = 0; m < maps; ++m)
        for (uint32_t p = 0; p < g.positions; ++p)
            for (uint32_t t = 0; t < g.taps; ++t, patches += g.run) {
                const int32_t off = offsets[size_t(p) * g.taps + t];
                if (off < 0)
                    std::memset(patches, static_cast<uint8_t>(g.pad), g.run);
                else
                    std::memcpy(patches, in + size_t(m) * g.in_size + size_t(off), g.run);
            }
}

void add_rows(int32_t* acc, uint32_t maps, uint32_t positions, uint32_t outputs,
              const uint32_t* rows, uint32_t n, const int32_t* values, int32_t sign) {
    for (uint32_t m = 0; m < maps; ++m)
        for (uint32_t i = 0; i < n; ++i) {
            int32_t* row = acc + (size_t(m) * positions + rows[i]) * outputs;
            for (uint32_t o = 0; o < outputs; ++o) row[o] += sign * values[size_t(i) * outputs + o];
        }
}

} // namespace cimvp::periphery
