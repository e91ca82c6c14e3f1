/* A real-valued (uint8 pixel) layer on the crossbars by input bit slicing: pixel bit b of
 * every patch becomes a binary input vector, all eight slices go through the tiles as one
 * batch of 8 * rows vectors, and the results recombine as s = sum_b 2^b W.bit_b. With the
 * BNN alphabet a bit drives x = 2 bit - 1, so W.bit = (W.x + sum_k W[o][k]) / 2; padding
 * (pixel 0) is then x = -1 and still recombines exactly. With the TNN alphabet x = bit. */
#include "sw/nn/nn_kernels.h"

uint32_t nn_xbar_bitslice(const nn_layer* layer, const nn_backend* backend, const uint8_t* patches,
                          uint32_t rows, int8_t* slices, int32_t* partial, int32_t* acc,
                          nn_stats* stats) {
    const uint32_t fan_in = layer->fan_in, outputs = layer->outputs;
    const size_t n = (size_t)rows * fan_in;
    const int8_t zero = layer->bitslice_binary ? -1 : 0;
    for (uint32_t b = 0; b < 8u; ++b)
        for (size_t i = 0; i < n; ++i) slices[b * n + i] = (patches[i] >> b) & 1u ? 1 : zero;
    uint32_t err = nn_xbar_linear(layer, backend, slices, 8u * rows, partial, stats);
    if (err) return err;
    for (uint32_t r = 0; r < rows; ++r)
        for (uint32_t o = 0; o < outputs; ++o) {
            int32_t s = 0;
            for (uint32_t b = 0; b < 8u; ++b) {
                int32_t y = partial[((size_t)b * rows + r) * outputs + o];
                if (layer->bitslice_binary) y += layer->weight_sums[o];
                s += y * (int32_t)(1u << b);
            }
            /* Exact results make s even; noisy analog ones round towards -infinity. */
            acc[(size_t)r * outputs + o] = layer->bitslice_binary ? (s - (s & 1)) / 2 : s;
        }
    return 0;
}
