#include "compiler/passes/im2col.h"

namespace cimc {
namespace {

// A channel vector of the input is contiguous (HWC: activations, or an image stored HWC):
// gather runs of C values per tap, patch columns in (ky, kx, c) order.
bool channels_contiguous(const Layer& l) {
    return l.stride_c == 1 && l.stride_x == l.in.c && l.stride_y == l.in.w * l.in.c;
}

void conv_patches(Layer& l) {
    if (l.stride_c == 0) l.stride_c = 1, l.stride_x = l.in.c, l.stride_y = l.in.w * l.in.c;
    const ConvGeometry& g = l.geom;
    const int64_t c = l.in.c, k2 = g.kh * g.kw;
    const bool runs = channels_contiguous(l);
    l.positions = l.out.h * l.out.w;
    l.taps = runs ? k2 : k2 * c; // otherwise one tap per (c, ky, kx): the model's own order
    l.run = runs ? c : 1;
    l.patch_len = k2 * c;
    l.gather.assign(size_t(l.positions * l.taps), -1);
    for (int64_t oy = 0; oy < l.out.h; ++oy)
        for (int64_t ox = 0; ox < l.out.w; ++ox)
            for (int64_t ky = 0; ky < g.kh; ++ky)
                for (int64_t kx = 0; kx < g.kw; ++kx) {
                    const int64_t iy = oy * g.sh - g.pad_top + ky * g.dh;
                    const int64_t ix = ox * g.sw - g.pad_left + kx * g.dw;
                    if (iy < 0 || iy >= l.in.h || ix < 0 || ix >= l.in.w) continue;
                    const int64_t pos = oy * l.out.w + ox, tap = ky * g.kw + kx;
                    const int64_t at = iy * l.stride_y + ix * l.stride_x;
                    if (runs) {
                        l.gather[size_t(pos * l.taps + tap)] = int32_t(at);
                        continue;
                    }
                    for (int64_t ci = 0; ci < c; ++ci)
                        l.gather[size_t(pos * l.taps + ci * k2 + tap)] =
                            int32_t(at + ci * l.stride_c);
                }
    if (!runs) {
        l.patch_w = l.w;
        return;
    }
    // Model order (ci, ky, kx) -> patch order (ky, kx, ci).
    l.patch_w.assign(l.w.size(), 0);
    for (int64_t o = 0; o < l.outputs; ++o)
        for (int64_t ci = 0; ci < c; ++ci)
            for (int64_t t = 0; t < k2; ++t)
                l.patch_w[size_t(o * l.patch_len + t * c + ci)] =
                    l.w[size_t(o * l.fan_in + ci * k2 + t)];
}

// The model's input feature k sits at feature_offsets[k] of the input buffer (a flattened
// activation map is HWC; the image as its file stores it).
void dense_patches(Layer& l) {
    l.positions = 1;
    l.taps = 1;
    l.run = 0;
    l.patch_len = l.fan_in;
    l.gather.clear();
    l.patch_w = l.w;
    if (l.feature_offsets.empty()) return;
    for (int64_t o = 0; o < l.outputs; ++o)
        for (int64_t k = 0; k < l.fan_in; ++k)
            l.patch_w[size_t(o * l.fan_in + l.feature_offsets[size_t(k)])] =
                l.w[size_t(o * l.fan_in + k)];
}

// Per position with padded taps, the sum of those taps' weights times the pad value.
void pad_correction(Layer& l) {
    l.pad_pos.clear();
    l.pad_corr.clear();
    if (l.pad_value == 0 || l.gather.empty() || l.engine != Engine::xbar) return;
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
    // Crossbar inputs need a value of the mapping's alphabet: +1 stands in for the model's 0
    // and is corrected; pixels pad with the code of 0 (0, or the input quantizer's).
    if (l.engine == Engine::xbar)
        l.pad_value = l.conv && !mapping_ternary ? 1 : 0;
    else
        l.pad_value = l.pixel_pad;
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
