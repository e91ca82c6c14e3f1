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

/* One step of a command list (nn_queue.c): what the accelerator's command queue runs, with
 * host pointers; a backend turns it into device descriptors (or computes it). */
enum nn_op_kind {
    NN_OP_PROGRAM = 0,   /* tile */
    NN_OP_SET_ADC = 1,   /* tile's ADC range */
    NN_OP_MVM = 2,       /* mvm (bitslice: uint8 inputs, one MVM per bit) */
    NN_OP_GATHER = 3,    /* layer's im2col: src maps -> dst patch rows, count maps */
    NN_OP_ADD_ROWS = 4,  /* layer's padding correction subtracted from dst, count maps */
    NN_OP_THRESHOLD = 5, /* layer's thresholds: src int32 -> dst int8, count rows */
    NN_OP_POOL = 6       /* pool: src -> dst, count maps */
};
struct nn_layer_s;
struct nn_tile_s;
struct nn_pool_s;
typedef struct {
    uint32_t kind, bitslice, count;
    uint32_t tag; /* the layer's index + 1, for the device's per-layer statistics */
    const struct nn_layer_s* layer;
    const struct nn_tile_s* tile;
    const struct nn_pool_s* pool;
    const void* src;
    void* dst;
    nn_mvm mvm;
} nn_op;

typedef struct {
    void* ctx;
    uint32_t (*program)(void* ctx, uint32_t xbar, const int8_t* weights, uint32_t outputs,
                        uint32_t inputs);
    uint32_t (*mvm)(void* ctx, const nn_mvm* cmd);
    /* The ADC range [lo_na, hi_na] (nA) of crossbar `xbar` from now on (SET_ADC_RANGE). */
    uint32_t (*set_adc_range)(void* ctx, uint32_t xbar, int32_t lo_na, int32_t hi_na);
    /* Runs `n` ops in order as one command list; `changed`: the list differs from the last
     * one run (a backend may keep its encoded form). On error, *failed = the op's index. */
    uint32_t (*run_ops)(void* ctx, const nn_op* ops, uint32_t n, uint32_t changed,
                        uint32_t* failed);
    /* Optional (NULL: none): the CPU works on layer tag-1 from now (tag 0: on no layer), for
     * per-layer statistics (the VP's LAYER marker, platform/stats_regions.h). */
    void (*mark_layer)(void* ctx, uint32_t tag);
} nn_backend;

#endif
