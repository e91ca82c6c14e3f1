/* The runtime's only view of the accelerator: program a tile, set its ADC range, run a batch
 * of MVMs. The firmware backend drives the VP's crossbar device (nn_backend_cimvp.c); the host
 * backend computes y = W x exactly (nn_backend_exact.c), which makes the host runtime the
 * reference executor of the compiled program (an exact crossbar has no ADC: it checks a range
 * as the device does and ignores it). Calls return 0 or a device error code (CIMX_ERR_*). */
#ifndef CIMC_NN_BACKEND_H
#define CIMC_NN_BACKEND_H

#include <stdint.h>

/* y[b * dst_stride/4 + o] (+)= sum_i W[o][i] * x[b * src_stride + i], b < batch. */
typedef struct {
    uint32_t xbar;
    const int8_t* x;
    uint32_t inputs, src_stride; /* bytes */
    int32_t* y;
    uint32_t outputs, dst_stride; /* bytes */
    uint32_t batch, accumulate;
} nn_mvm;

typedef struct {
    void* ctx;
    uint32_t (*program)(void* ctx, uint32_t xbar, const int8_t* weights, uint32_t outputs,
                        uint32_t inputs);
    uint32_t (*mvm)(void* ctx, const nn_mvm* cmd);
    /* The ADC range [lo_na, hi_na] (nA) of crossbar `xbar` from now on (SET_ADC_RANGE). */
    uint32_t (*set_adc_range)(void* ctx, uint32_t xbar, int32_t lo_na, int32_t hi_na);
} nn_backend;

#endif
