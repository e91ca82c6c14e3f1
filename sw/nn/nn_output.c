/* The output layer on the CPU: the model's last real-valued scale and bias in the executor's
 * exact float order (IEEE single, double for batch norm; no fused multiply-add: build with
 * -ffp-contract=off), then the argmax, the lowest class index winning ties, as
 * std::max_element does for the executor's predictions. With --postprocess xbar the compiler
 * has tabulated that arithmetic per output and sum as integer keys (nn_model.h, out_keys):
 * the argmax then compares integers (the same order, the same ties), with no soft float. */
#include "sw/nn/nn_kernels.h"

#include <string.h>

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

float nn_output_value(const nn_layer* layer, uint32_t o, int32_t s) {
    float y = layer->pre_scale ? (float)(layer->pre_scale[o] * ((double)s + layer->pre_offset[o]))
                               : (float)s;
    for (uint32_t k = 0; k < layer->n_fops; ++k) y = apply_op(&layer->fops[k], o, y);
    return y;
}

int32_t nn_output_key(float y) {
    uint32_t bits;
    memcpy(&bits, &y, sizeof bits);
    const int32_t magnitude = (int32_t)(bits & 0x7fffffffu);
    return bits >> 31 ? -magnitude : magnitude;
}

static uint16_t argmax_float(const nn_layer* layer, const int32_t* s) {
    uint32_t best = 0;
    float best_y = 0.0f;
    for (uint32_t o = 0; o < layer->outputs; ++o) {
        const float y = nn_output_value(layer, o, s[o]);
        if (o == 0 || y > best_y) {
            best = o;
            best_y = y;
        }
    }
    return (uint16_t)best;
}

/* The same argmax from the compiler's keys (no NaN in them: cimc tabulates none), or
 * UINT32_MAX when a sum lies outside the table. */
static uint32_t argmax_keys(const nn_layer* layer, const int32_t* s) {
    uint32_t best = 0;
    int32_t best_key = 0;
    const int32_t* keys = layer->out_keys;
    for (uint32_t o = 0; o < layer->outputs; ++o, keys += layer->out_key_count) {
        const uint32_t at = (uint32_t)s[o] - (uint32_t)layer->out_key_min;
        if (at >= layer->out_key_count) return UINT32_MAX;
        if (o == 0 || keys[at] > best_key) {
            best = o;
            best_key = keys[at];
        }
    }
    return best;
}

void nn_output_argmax(const nn_layer* layer, const int32_t* acc, uint32_t count,
                      uint16_t* predictions) {
    for (uint32_t b = 0; b < count; ++b) {
        const int32_t* s = acc + (size_t)b * layer->outputs;
        if (!layer->n_fops && !layer->pre_scale) {
            predictions[b] = argmax_int(s, layer->outputs);
            continue;
        }
        const uint32_t best = layer->out_keys ? argmax_keys(layer, s) : UINT32_MAX;
        predictions[b] = best != UINT32_MAX ? (uint16_t)best : argmax_float(layer, s);
    }
}
