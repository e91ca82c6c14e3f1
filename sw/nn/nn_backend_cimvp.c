#include "sw/nn/nn_backend_cimvp.h"

#include <cimvp/stats.h>
#include <cimvp/xbar.h>
#include <stdlib.h>

#include "sw/nn/nn_model.h"

/* The read-disturb refresh policy: on when RD_THRESHOLD is not 0 at init (its reset value is
 * the VP option xbar.rd_threshold, off by default); then every MVM command (per-tile path) or
 * command list (queue path) is followed by a refresh of the tiles with a row read that often
 * since its last write. */
static uint32_t refresh_on;

static uint32_t cimvp_program(void* ctx, uint32_t xbar, const int8_t* weights, uint32_t outputs,
                              uint32_t inputs) {
    (void)ctx;
    return cimx_xbar_program(xbar, weights, outputs, inputs);
}

/* The driver's cimx_xbar_start_mvm always writes zero strides; a tile needs the row stride of
 * the whole patch and of the whole result row, so the registers are written here (in the
 * driver's order: stale interrupt events cleared right before CMD). */
static uint32_t cimvp_mvm(void* ctx, const nn_mvm* c) {
    (void)ctx;
    cimx_xbar_write(CIMX_XBAR_XBAR, c->xbar);
    cimx_xbar_write(CIMX_XBAR_OUTPUTS, c->outputs);
    cimx_xbar_write(CIMX_XBAR_INPUTS, c->inputs);
    cimx_xbar_write(CIMX_XBAR_SRC, (uint32_t)(uintptr_t)c->x);
    cimx_xbar_write(CIMX_XBAR_DST, (uint32_t)(uintptr_t)c->y);
    cimx_xbar_write(CIMX_XBAR_BATCH, c->batch);
    cimx_xbar_write(CIMX_XBAR_FLAGS, c->accumulate ? CIMX_FLAG_ACCUMULATE : 0u);
    cimx_xbar_write(CIMX_XBAR_SRC_STRIDE, c->src_stride);
    cimx_xbar_write(CIMX_XBAR_DST_STRIDE, c->dst_stride);
    cimx_xbar_write(CIMX_XBAR_IRQ_STATUS, CIMX_IRQ_DONE | CIMX_IRQ_ERROR);
    cimx_xbar_write(CIMX_XBAR_CMD, CIMX_CMD_MVM);
    const uint32_t err = cimx_xbar_wait();
    return err || !refresh_on ? err : cimx_xbar_refresh_over_threshold(0);
}

static uint32_t cimvp_set_adc_range(void* ctx, uint32_t xbar, int32_t lo_na, int32_t hi_na) {
    (void)ctx;
    return cimx_xbar_set_adc_range(xbar, lo_na, hi_na);
}

/* The device's descriptors of the last list (xbar_regmap.h: CIMX_XBAR_OPS), re-encoded only
 * when the list changes. */
static uint32_t* descriptors;
static uint32_t capacity, encoded;

static uint32_t addr(const void* p) { return (uint32_t)(uintptr_t)p; }

static void encode(const nn_op* op, uint32_t* d) {
    const nn_layer* l = op->layer;
    for (uint32_t i = 0; i < CIMX_DESC_WORDS; ++i) d[i] = 0;
    d[CIMX_DESC_LAYER_WORD] = op->tag;
    switch (op->kind) {
    case NN_OP_PROGRAM:
        d[0] = CIMX_DESC_WORD0(CIMX_OP_PROGRAM, 0, op->tile->xbar);
        d[1] = addr(op->tile->weights), d[4] = op->tile->outputs, d[5] = op->tile->inputs;
        break;
    case NN_OP_SET_ADC:
        d[0] = CIMX_DESC_WORD0(CIMX_OP_SET_ADC_RANGE, 0, op->tile->xbar);
        d[4] = (uint32_t)op->tile->adc_lo_na, d[5] = (uint32_t)op->tile->adc_hi_na;
        break;
    case NN_OP_MVM: {
        const nn_mvm* c = &op->mvm;
        const uint32_t flags = (c->accumulate ? CIMX_DESC_FLAG_ACCUMULATE : 0u) |
                               (op->bitslice ? CIMX_DESC_FLAG_BITSLICE : 0u);
        d[0] = CIMX_DESC_WORD0(CIMX_OP_MVM, flags, c->xbar);
        d[1] = addr(c->x), d[2] = addr(c->y), d[3] = c->batch;
        d[4] = c->outputs, d[5] = c->inputs, d[6] = c->src_stride, d[7] = c->dst_stride;
        break;
    }
    case NN_OP_GATHER:
        d[0] = CIMX_DESC_WORD0(CIMX_OP_GATHER, 0, 0);
        d[1] = addr(op->src), d[2] = addr(op->dst), d[3] = op->count;
        d[4] = l->positions, d[5] = l->taps, d[6] = l->run, d[7] = l->in_size;
        d[8] = (uint32_t)l->pad_value & 0xffu, d[9] = addr(l->gather);
        break;
    case NN_OP_ADD_ROWS:
        d[0] = CIMX_DESC_WORD0(CIMX_OP_ADD_ROWS, CIMX_DESC_FLAG_SUBTRACT, 0);
        d[2] = addr(op->dst), d[3] = op->count, d[4] = l->outputs, d[5] = l->positions;
        d[6] = l->n_pad_rows, d[7] = addr(l->pad_pos), d[8] = addr(l->pad_corr);
        break;
    case NN_OP_THRESHOLD:
        d[0] = CIMX_DESC_WORD0(CIMX_OP_THRESHOLD, 0, 0);
        d[1] = addr(op->src), d[2] = addr(op->dst), d[3] = op->count;
        d[4] = l->outputs, d[5] = addr(l->thresholds);
        break;
    default: { /* NN_OP_POOL */
        const nn_pool* p = op->pool;
        d[0] = CIMX_DESC_WORD0(CIMX_OP_POOL, 0, 0);
        d[1] = addr(op->src), d[2] = addr(op->dst), d[3] = op->count;
        d[4] = p->kh | p->kw << 16, d[5] = p->sh | p->sw << 16;
        d[6] = p->pad_top | p->pad_left << 16, d[7] = p->in_h | p->in_w << 16;
        d[8] = p->out_h | p->out_w << 16, d[9] = p->channels, d[10] = addr(p->dir);
        break;
    }
    }
}

static uint32_t cimvp_run_ops(void* ctx, const nn_op* ops, uint32_t n, uint32_t changed,
                              uint32_t* failed) {
    (void)ctx;
    if (changed || n != encoded) {
        if (n > capacity) {
            free(descriptors);
            descriptors = (uint32_t*)malloc((size_t)n * CIMX_DESC_BYTES);
            capacity = descriptors ? n : 0;
            if (!descriptors) return CIMX_ERR_DMA_RANGE;
        }
        for (uint32_t i = 0; i < n; ++i) encode(&ops[i], descriptors + i * CIMX_DESC_WORDS);
        encoded = n;
    }
    cimx_xbar_write(CIMX_XBAR_QUEUE_ADDR, addr(descriptors));
    cimx_xbar_write(CIMX_XBAR_QUEUE_LEN, n);
    cimx_xbar_write(CIMX_XBAR_IRQ_STATUS, CIMX_IRQ_DONE | CIMX_IRQ_ERROR);
    cimx_xbar_write(CIMX_XBAR_CMD, CIMX_CMD_RUN_QUEUE);
    const uint32_t err = cimx_xbar_wait();
    if (err) *failed = cimx_xbar_read(CIMX_XBAR_QUEUE_FAILED);
    /* The refresh policy of the command-list path checks once per list (rows may pass the
     * threshold by one list's reads before they are refreshed). */
    return err || !refresh_on ? err : cimx_xbar_refresh_over_threshold(0);
}

static void cimvp_mark_layer(void* ctx, uint32_t tag) {
    (void)ctx;
    CIMVP_STATS_REG32(CIMVP_STATS_LAYER) = tag;
}

void nn_cimvp_backend_init(nn_backend* backend) {
    cimx_xbar_set_wait_mode(CIMX_WAIT_IRQ);
    refresh_on = cimx_xbar_rd_threshold() != 0;
    backend->ctx = 0;
    backend->program = cimvp_program;
    backend->mvm = cimvp_mvm;
    backend->set_adc_range = cimvp_set_adc_range;
    backend->run_ops = cimvp_run_ops;
    backend->mark_layer = cimvp_mark_layer;
}
