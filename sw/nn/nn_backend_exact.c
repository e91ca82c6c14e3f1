#include "sw/nn/nn_backend_exact.h"

#include <stddef.h>

#include "ip/tlm/xbar_regmap.h"
#include "sw/nn/nn_kernels.h"

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

/* uint8 inputs (an MVM per bit on the device): the plain integer product. */
static uint32_t exact_mvm_uint8(const nn_exact_tile* t, const nn_mvm* c) {
    for (uint32_t b = 0; b < c->batch; ++b) {
        const uint8_t* x = (const uint8_t*)c->x + (size_t)b * c->src_stride;
        int32_t* y = (int32_t*)(void*)((uint8_t*)c->y + (size_t)b * c->dst_stride);
        for (uint32_t o = 0; o < c->outputs; ++o) {
            const int8_t* w = t->weights + (size_t)o * c->inputs;
            int32_t sum = 0;
            for (uint32_t i = 0; i < c->inputs; ++i) sum += w[i] * (int32_t)x[i];
            y[o] = c->accumulate ? y[o] + sum : sum;
        }
    }
    return 0;
}

static uint32_t exact_mvm_checked(void* ctx, const nn_mvm* c, uint32_t bitslice) {
    nn_exact_state* s = (nn_exact_state*)ctx;
    if (c->xbar >= s->crossbars) return CIMX_ERR_BAD_XBAR;
    const nn_exact_tile* t = &s->tiles[c->xbar];
    if (!t->weights) return CIMX_ERR_NOT_PROGRAMMED;
    if (t->outputs != c->outputs || t->inputs != c->inputs || !c->batch) return CIMX_ERR_BAD_SHAPE;
    return bitslice ? exact_mvm_uint8(t, c) : 0;
}

/* The reference executor runs every image of a `cimx run` (its baseline top-1), so the host's
 * vector units pay: an AVX2 clone where the host has it (GCC's function multi-versioning).
 * Integer sums: every clone gives the same bits. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define NN_EXACT_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define NN_EXACT_CLONES
#endif

NN_EXACT_CLONES
static int32_t dot_i8(const int8_t* w, const int8_t* x, uint32_t n) {
    int32_t sum = 0;
    for (uint32_t i = 0; i < n; ++i) sum += (int16_t)w[i] * (int16_t)x[i];
    return sum;
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
            const int32_t sum = dot_i8(w, x, c->inputs);
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

/* nn_threshold_apply's result row by row: the firmware's kernel goes channel by channel (a
 * channel's thresholds loaded once), which on the host strides through a whole batch's sums
 * once per channel; the device's periphery computes the same function. */
static void threshold_rows(const nn_layer* l, const int32_t* acc, uint32_t rows, int8_t* act) {
    const uint32_t outputs = l->outputs;
    for (uint32_t r = 0; r < rows; ++r, acc += outputs, act += outputs)
        for (uint32_t o = 0; o < outputs; ++o) {
            const nn_threshold t = l->thresholds[o];
            const int32_t s = t.dir < 0 ? -acc[o] : acc[o];
            act[o] = (int8_t)(s >= t.hi ? 1 : s >= t.lo ? 0 : -1);
        }
}

/* A command list, step by step, with the runtime's own kernels: the reference for the
 * device's command queue. */
static uint32_t exact_op(void* ctx, const nn_op* op) {
    const nn_layer* l = op->layer;
    switch (op->kind) {
    case NN_OP_PROGRAM:
        return exact_program(ctx, op->tile->xbar, op->tile->weights, op->tile->outputs,
                             op->tile->inputs);
    case NN_OP_SET_ADC:
        return exact_set_adc_range(ctx, op->tile->xbar, op->tile->adc_lo_na, op->tile->adc_hi_na);
    case NN_OP_MVM:
        return op->bitslice ? exact_mvm_checked(ctx, &op->mvm, 1) : exact_mvm(ctx, &op->mvm);
    case NN_OP_GATHER:
        nn_gather(l, (const uint8_t*)op->src, op->count, (uint8_t*)op->dst);
        return 0;
    case NN_OP_ADD_ROWS: nn_pad_correct(l, op->count, (int32_t*)op->dst); return 0;
    case NN_OP_THRESHOLD:
        threshold_rows(l, (const int32_t*)op->src, op->count, (int8_t*)op->dst);
        return 0;
    case NN_OP_POOL:
        nn_pool_apply(op->pool, (const int8_t*)op->src, op->count, (int8_t*)op->dst);
        return 0;
    default: return CIMX_ERR_BAD_DESCRIPTOR;
    }
}

static uint32_t exact_run_ops(void* ctx, const nn_op* ops, uint32_t n, uint32_t changed,
                              uint32_t* failed) {
    (void)changed;
    for (uint32_t i = 0; i < n; ++i) {
        const uint32_t err = exact_op(ctx, &ops[i]);
        if (err) {
            *failed = i;
            return err;
        }
    }
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
    backend->run_ops = exact_run_ops;
    backend->mark_layer = 0; /* the host reference keeps no per-layer statistics */
}
