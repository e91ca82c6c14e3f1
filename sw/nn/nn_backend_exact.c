#include "sw/nn/nn_backend_exact.h"

#include <stddef.h>

#include "ip/tlm/xbar_regmap.h"

static uint32_t exact_program(void* ctx, uint32_t xbar, const int8_t* weights, uint32_t outputs,
                              uint32_t inputs) {
    nn_exact_state* s = (nn_exact_state*)ctx;
    if (xbar >= s->crossbars) return CIMX_ERR_BAD_XBAR;
    if (!outputs || !inputs || outputs > s->max_outputs || inputs > s->max_inputs)
        return CIMX_ERR_TILE_TOO_LARGE;
    for (uint32_t i = 0; i < outputs * inputs; ++i)
        if (weights[i] < -1 || weights[i] > 1) return CIMX_ERR_BAD_VALUE;
    s->tiles[xbar].weights = weights;
    s->tiles[xbar].outputs = outputs;
    s->tiles[xbar].inputs = inputs;
    return 0;
}

static uint32_t exact_mvm(void* ctx, const nn_mvm* c) {
    nn_exact_state* s = (nn_exact_state*)ctx;
    if (c->xbar >= s->crossbars) return CIMX_ERR_BAD_XBAR;
    const nn_exact_tile* t = &s->tiles[c->xbar];
    if (!t->weights) return CIMX_ERR_NOT_PROGRAMMED;
    if (t->outputs != c->outputs || t->inputs != c->inputs || !c->batch) return CIMX_ERR_BAD_SHAPE;
    for (uint32_t b = 0; b < c->batch; ++b) {
        const int8_t* x = c->x + (size_t)b * c->src_stride;
        int32_t* y = (int32_t*)(void*)((uint8_t*)c->y + (size_t)b * c->dst_stride);
        for (uint32_t o = 0; o < c->outputs; ++o) {
            const int8_t* w = t->weights + (size_t)o * c->inputs;
            int32_t sum = 0;
            for (uint32_t i = 0; i < c->inputs; ++i) sum += w[i] * x[i];
            y[o] = c->accumulate ? y[o] + sum : sum;
        }
    }
    return 0;
}

/* Exact results need no ADC: the range is checked like the device checks it, then ignored. */
static uint32_t exact_set_adc_range(void* ctx, uint32_t xbar, int32_t lo_na, int32_t hi_na) {
    const nn_exact_state* s = (const nn_exact_state*)ctx;
    if (xbar >= s->crossbars) return CIMX_ERR_BAD_XBAR;
    if (lo_na >= hi_na) return CIMX_ERR_BAD_ADC_RANGE;
    return 0;
}

void nn_exact_backend_init(nn_backend* backend, nn_exact_state* state, nn_exact_tile* tiles,
                           uint32_t crossbars, uint32_t max_inputs, uint32_t max_outputs) {
    for (uint32_t i = 0; i < crossbars; ++i) {
        tiles[i].weights = 0;
        tiles[i].outputs = tiles[i].inputs = 0;
    }
    state->tiles = tiles;
    state->crossbars = crossbars;
    state->max_inputs = max_inputs;
    state->max_outputs = max_outputs;
    backend->ctx = state;
    backend->program = exact_program;
    backend->mvm = exact_mvm;
    backend->set_adc_range = exact_set_adc_range;
}
