/* Batch norm + sign/ternary activation folded into integer thresholds per channel (the
 * compiler derives them from the executor's own float arithmetic, so this is exact). Channel
 * by channel, so that a channel's thresholds are loaded once for all rows. */
#include "sw/nn/nn_kernels.h"

void nn_threshold_apply(const nn_layer* layer, const int32_t* acc, uint32_t rows, int8_t* act) {
    const uint32_t outputs = layer->outputs;
    for (uint32_t o = 0; o < outputs; ++o) {
        const nn_threshold t = layer->thresholds[o];
        const int32_t* s = acc + o;
        int8_t* a = act + o;
        if (t.dir < 0) {
            for (uint32_t r = 0; r < rows; ++r, s += outputs, a += outputs)
                *a = -*s >= t.hi ? 1 : -*s >= t.lo ? 0 : -1;
        } else {
            for (uint32_t r = 0; r < rows; ++r, s += outputs, a += outputs)
                *a = *s >= t.hi ? 1 : *s >= t.lo ? 0 : -1;
        }
    }
}
