/* Padding correction: the executor pads convolutions with 0, which the BNN alphabet lacks,
 * so the crossbar sees +1 there; the known contribution of those taps, sum of the padded
 * taps' weights per output position and channel, is subtracted exactly here. */
#include "sw/nn/nn_kernels.h"

void nn_pad_correct(const nn_layer* layer, uint32_t count, int32_t* acc) {
    const uint32_t outputs = layer->outputs;
    for (uint32_t b = 0; b < count; ++b)
        for (uint32_t i = 0; i < layer->n_pad_rows; ++i) {
            int32_t* row = acc + ((size_t)b * layer->positions + layer->pad_pos[i]) * outputs;
            const int32_t* corr = layer->pad_corr + (size_t)i * outputs;
            for (uint32_t o = 0; o < outputs; ++o) row[o] -= corr[o];
        }
}
