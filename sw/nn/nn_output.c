/* The output layer on the CPU: the model's last real-valued scale and bias in the executor's
 * exact float order (IEEE single, double for batch norm; no fused multiply-add: build with
 * -ffp-contract=off), then the argmax, the lowest class index winning ties, as
 * std::max_element does for the executor's predictions. */
#include "sw/nn/nn_kernels.h"

static float apply_op(const nn_float_op* op, uint32_t o, float y) {
    switch (op->kind) {
    case NN_FOP_MUL: return y * op->c[o];
    case NN_FOP_ADD: return y + op->c[o];
    case NN_FOP_SUB: return op->reversed ? op->c[o] - y : y - op->c[o];
    case NN_FOP_DIV: return op->reversed ? op->c[o] / y : y / op->c[o];
    default: return (float)(op->a[o] * ((double)y - op->mean[o]) + op->beta[o]);
    }
}

static uint16_t argmax_int(const int32_t* s, uint32_t n) {
    uint32_t best = 0;
    for (uint32_t o = 1; o < n; ++o)
        if (s[o] > s[best]) best = o;
    return (uint16_t)best;
}

static uint16_t argmax_float(const nn_layer* layer, const int32_t* s) {
    uint32_t best = 0;
    float best_y = 0.0f;
    for (uint32_t o = 0; o < layer->outputs; ++o) {
        float y = layer->pre_scale
                      ? (float)(layer->pre_scale[o] * ((double)s[o] + layer->pre_offset[o]))
                      : (float)s[o];
        for (uint32_t k = 0; k < layer->n_fops; ++k) y = apply_op(&layer->fops[k], o, y);
        if (o == 0 || y > best_y) {
            best = o;
            best_y = y;
        }
    }
    return (uint16_t)best;
}

void nn_output_argmax(const nn_layer* layer, const int32_t* acc, uint32_t count,
                      uint16_t* predictions) {
    for (uint32_t b = 0; b < count; ++b) {
        const int32_t* s = acc + (size_t)b * layer->outputs;
        predictions[b] = layer->n_fops || layer->pre_scale ? argmax_float(layer, s)
                                                           : argmax_int(s, layer->outputs);
    }
}
