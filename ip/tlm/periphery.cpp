#include "ip/tlm/periphery.h"

#include <cstring>

namespace cimvp::periphery {

void threshold(const int32_t* acc, uint32_t rows, uint32_t channels, const Threshold* t,
               int8_t* act) {
    for (uint32_t r = 0; r < rows; ++r)
        for (uint32_t c = 0; c < channels; ++c) {
            const int64_t s = int64_t(acc[size_t(r) * channels + c]) * (t[c].dir < 0 ? -1 : 1);
            act[size_t(r) * channels + c] = s >= t[c].hi ? 1 : s >= t[c].lo ? 0 : -1;
        }
}

void pool(const PoolGeometry& g, const int8_t* in, uint32_t maps, const int8_t* dir, int8_t* out) {
    const size_t in_size = size_t(g.in_h) * g.in_w * g.channels;
    for (uint32_t m = 0; m < maps; ++m)
        for (uint32_t oy = 0; oy < g.out_h; ++oy)
            for (uint32_t ox = 0; ox < g.out_w; ++ox)
                for (uint32_t c = 0; c < g.channels; ++c) {
                    const bool min = dir && dir[c] < 0;
                    bool any = false;
                    int8_t best = 0;
                    for (uint32_t ky = 0; ky < g.kh; ++ky)
                        for (uint32_t kx = 0; kx < g.kw; ++kx) {
                            const int64_t y = int64_t(oy) * g.sh + ky - g.pad_top;
                            const int64_t x = int64_t(ox) * g.sw + kx - g.pad_left;
                            if (y < 0 || x < 0 || y >= g.in_h || x >= g.in_w) continue;
                            const int8_t v =
                                in[m * in_size + (size_t(y) * g.in_w + size_t(x)) * g.channels + c];
                            if (!any || (min ? v < best : v > best)) best = v;
                            any = true;
                        }
                    *out++ = best;
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
