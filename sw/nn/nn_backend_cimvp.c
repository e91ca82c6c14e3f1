#include "sw/nn/nn_backend_cimvp.h"

#include <cimvp/xbar.h>

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
    return cimx_xbar_wait();
}

static uint32_t cimvp_set_adc_range(void* ctx, uint32_t xbar, int32_t lo_na, int32_t hi_na) {
    (void)ctx;
    return cimx_xbar_set_adc_range(xbar, lo_na, hi_na);
}

void nn_cimvp_backend_init(nn_backend* backend) {
    cimx_xbar_set_wait_mode(CIMX_WAIT_IRQ);
    backend->ctx = 0;
    backend->program = cimvp_program;
    backend->mvm = cimvp_mvm;
    backend->set_adc_range = cimvp_set_adc_range;
}
