#include "compiler/passes/im2col.h"

namespace cimc {
namespace {

void conv_patches(Layer& l) {
    const ConvGeometry& g = l.geom;
    const int64_t c = l.in.c, taps = g.kh * g.kw;
    l.positions = l.out.h * l.out.w;
    l.taps = taps;
    l.run = c;
    l.patch_len = taps * c;
    l.gather.assign(size_t(l.positions * taps), -1);
    for (int64_t oy = 0; oy < l.out.h; ++oy)
        for (int64_t ox = 0; ox < l.out.w; ++ox)
            for (int64_t ky = 0; ky < g.kh; ++ky)
                for (int64_t kx = 0; kx < g.kw; ++kx) {
                    const int64_t iy = oy * g.sh - g.pad_top + ky * g.dh;
                    const int64_t ix = ox * g.sw - g.pad_left + kx * g.dw;
                    if (iy < 0 || iy >= l.in.h || ix < 0 || ix >= l.in.w) continue;
                    l.gather[size_t((oy * l.out.w + ox) * taps + ky * g.kw + kx)] =
                        int32_t((iy * l.in.w + ix) * c);
                }
    // Model order (ci, ky, kx) -> patch order (ky, kx, ci).
    l.patch_w.assign(l.w.size(), 0);
    for (int64_t o = 0; o < l.outputs; ++o)
        for (int64_t ci = 0; ci < c; ++ci)
            for (int64_t t = 0; t < taps; ++t)
                l.patch_w[size_t(o * l.patch_len + t * c + ci)] =
                    l.w[size_t(o * l.fan_in + ci * taps + t)];
}

void dense_patches(Layer& l) {
    l.positions = 1;
    l.taps = 1;
    l.run = 0;
    l.patch_len = l.fan_in;
    l.gather.clear();
    l.patch_w = l.w;
    if (!l.in.flattened) return;
    const int64_t c = l.in.c, hw = l.in.h * l.in.w;
    for (int64_t o = 0; o < l.outputs; ++o)
        for (int64_t ch = 0; ch < c; ++ch)
            for (int64_t p = 0; p < hw; ++p) // ONNX feature ch * hw + p sits at p * c + ch
                l.patch_w[size_t(o * l.fan_in + p * c + ch)] =
                    l.w[size_t(o * l.fan_in + ch * hw + p)];
}

// Per position with padded taps, the sum of those taps' weights times the pad value.
void pad_correction(Layer& l) {
    l.pad_pos.clear();
    l.pad_corr.clear();
    if (l.pad_value == 0 || l.gather.empty()) return;
    for (int64_t p = 0; p < l.positions; ++p) {
        std::vector<int32_t> corr(size_t(l.outputs), 0);
        bool padded = false;
        for (int64_t t = 0; t < l.taps; ++t) {
            if (l.gather[size_t(p * l.taps + t)] >= 0) continue;
            padded = true;
            for (int64_t o = 0; o < l.outputs; ++o)
                for (int64_t ci = 0; ci < l.run; ++ci)
                    corr[size_t(o)] +=
                        l.pad_value * l.patch_w[size_t(o * l.patch_len + t * l.run + ci)];
        }
        if (!padded) continue;
        l.pad_pos.push_back(uint32_t(p));
        l.pad_corr.insert(l.pad_corr.end(), corr.begin(), corr.end());
    }
}

} // namespace

void im2col(Layer& l, bool mapping_ternary) {
    if (l.conv)
        conv_patches(l);
    else
        dense_patches(l);
    // Pixels pad with 0 themselves; crossbar inputs need a value of the mapping's alphabet.
    l.pad_value = l.conv && l.engine == Engine::Xbar && !mapping_ternary ? 1 : 0;
    pad_correction(l);
    l.weight_sums.assign(size_t(l.outputs), 0);
    for (int64_t o = 0; o < l.outputs; ++o)
        for (int64_t k = 0; k < l.patch_len; ++k)
            l.weight_sums[size_t(o)] += l.patch_w[size_t(o * l.patch_len + k)];
}

void im2col(Network& net) {
    for (Layer& l : net.layers) im2col(l, net.target.ternary);
}

} // namespace cimc
