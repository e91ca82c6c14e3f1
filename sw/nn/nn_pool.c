/* Max pooling over int8 HWC activations. A pool that the model applies to pre-activations
 * commutes with a non-decreasing activation but turns into a minimum for a decreasing one
 * (batch norm with gamma < 0): such channels have dir = -1 and take the minimum. Padded
 * positions are skipped (ONNX). The channel loop is innermost: channel vectors are contiguous. */
#include "sw/nn/nn_kernels.h"

static void merge(int8_t* best, const int8_t* v, uint32_t channels, const int8_t* dir) {
    if (!dir) {
        for (uint32_t c = 0; c < channels; ++c)
            if (v[c] > best[c]) best[c] = v[c];
        return;
    }
    for (uint32_t c = 0; c < channels; ++c)
        if (dir[c] < 0 ? v[c] < best[c] : v[c] > best[c]) best[c] = v[c];
}

static void pool_window(const nn_pool* p, const int8_t* img, uint32_t oy, uint32_t ox,
                        int8_t* out) {
    const int32_t y0 = (int32_t)(oy * p->sh) - (int32_t)p->pad_top;
    const int32_t x0 = (int32_t)(ox * p->sw) - (int32_t)p->pad_left;
    int first = 1;
    for (int32_t y = y0; y < y0 + (int32_t)p->kh; ++y) {
        if (y < 0 || y >= (int32_t)p->in_h) continue;
        for (int32_t x = x0; x < x0 + (int32_t)p->kw; ++x) {
            if (x < 0 || x >= (int32_t)p->in_w) continue;
            const int8_t* v = img + ((uint32_t)y * p->in_w + (uint32_t)x) * p->channels;
            if (first) {
                for (uint32_t c = 0; c < p->channels; ++c) out[c] = v[c];
                first = 0;
            } else {
                merge(out, v, p->channels, p->dir);
            }
        }
    }
}

void nn_pool_apply(const nn_pool* p, const int8_t* in, uint32_t count, int8_t* out) {
    const size_t in_size = (size_t)p->in_h * p->in_w * p->channels;
    for (uint32_t b = 0; b < count; ++b) {
        const int8_t* img = in + b * in_size;
        for (uint32_t oy = 0; oy < p->out_h; ++oy)
            for (uint32_t ox = 0; ox < p->out_w; ++ox, out += p->channels)
                pool_window(p, img, oy, ox, out);
    }
}
