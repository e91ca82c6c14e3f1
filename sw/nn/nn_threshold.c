/* Batch norm + sign/ternary activation folded into integer thresholds per channel (the
 * compiler derives them from the executor's own float arithmetic, so this is exact). */
#include "nn_kernels.h"

void nn_threshold_apply(const nn_layer* layer, const int32_t* acc, uint32_t rows, int8_t* act) {
    const uint32_t outputs = layer->outputs;
    for (uint32_t r = 0; r < rows; ++r) {
        const int32_t* s = acc + (size_t)r * outputs;
        int8_t* a = act + (size_t)r * outputs;
        for (uint32_t o = 0; o < outputs; ++o) {
            const nn_threshold* t = &layer->thresholds[o];
            const int32_t v = t->dir < 0 ? -s[o] : s[o];
            a[o] = v >= t->hi ? 1 : v >= t->lo ? 0 : -1;
        }
    }
}
