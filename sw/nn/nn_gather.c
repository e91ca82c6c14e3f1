/* im2col for convolutions: each output position's receptive field becomes one patch row.
 * The compiler lists, per position and kernel tap, where the tap's channel vector (a "run"
 * of `run` bytes, contiguous in HWC order) starts in the image, or -1 for padding. */
#include <string.h>

#include "sw/nn/nn_kernels.h"

static void gather_row(const nn_layer* layer, const uint8_t* img, const int32_t* taps,
                       uint8_t* row) {
    const uint32_t run = layer->run;
    const uint8_t pad = (uint8_t)layer->pad_value;
    if (run == 1) { /* single-channel input: a call per byte would dominate */
        for (uint32_t t = 0; t < layer->taps; ++t) row[t] = taps[t] < 0 ? pad : img[taps[t]];
        return;
    }
    for (uint32_t t = 0; t < layer->taps; ++t, row += run) {
        if (taps[t] < 0)
            memset(row, pad, run);
        else
            memcpy(row, img + taps[t], run);
    }
}

void nn_gather(const nn_layer* layer, const uint8_t* in, uint32_t count, uint8_t* patches) {
    const uint32_t positions = layer->positions;
    for (uint32_t b = 0; b < count; ++b) {
        const uint8_t* img = in + (size_t)b * layer->in_size;
        for (uint32_t p = 0; p < positions; ++p)
            gather_row(layer, img, layer->gather + (size_t)p * layer->taps,
                       patches + ((size_t)b * positions + p) * layer->fan_in);
    }
}
