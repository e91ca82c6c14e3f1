/* The runtime's kernels, one file each: gather (im2col), the CPU integer kernel, the crossbar
 * product, thresholds, pooling and the output layer. Internal to the runtime (and its tests). */
#ifndef CIMC_NN_KERNELS_H
#define CIMC_NN_KERNELS_H

#include <stdint.h>

#include "sw/nn/nn_backend.h"
#include "sw/nn/nn_model.h"
#include "sw/nn/nn_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* im2col: one patch row of layer->fan_in bytes per (image, position), row b * P + p.
 * `in` holds `count` inputs of layer->in_size bytes. Padding becomes layer->pad_value. */
void nn_gather(const nn_layer* layer, const uint8_t* in, uint32_t count, uint8_t* patches);

/* The CPU kernel's short lists (see nn_cpu_linear.c): fan-in at most this many columns. */
#define NN_CPU_SHORT_FAN_IN 256u
/* Bytes of the packed form of `rows` patch rows of `fan_in` pixels (see nn_cpu_linear.c). */
uint32_t nn_cpu_packed_bytes(uint32_t rows, uint32_t fan_in);
/* Packs `rows` uint8 patch rows (stride fan_in) and computes each row's pixel total. */
void nn_cpu_pack(const uint8_t* patches, uint32_t rows, uint32_t fan_in, uint32_t* packed,
                 int32_t* totals);
/* 1 if nn_cpu_gather_pack serves the layer (a convolution with short lists): im2col and
 * packing in one pass, no patch rows in between. */
static inline int nn_cpu_fuses_gather(const nn_layer* layer) {
    return layer->gather && layer->fan_in <= NN_CPU_SHORT_FAN_IN;
}
/* What nn_gather then nn_cpu_pack give, for `count` inputs of layer->in_size bytes. */
void nn_cpu_gather_pack(const nn_layer* layer, const uint8_t* in, uint32_t count, uint32_t* packed,
                        int32_t* totals);
/* acc[r * M + o] = sum_k W[o][k] * patch[r][k] for the packed rows. */
void nn_cpu_linear(const nn_layer* layer, const uint32_t* packed, const int32_t* totals,
                   uint32_t rows, int32_t* acc);

/* Programs a tile on its crossbar, then sets the tile's ADC range if it has one. */
uint32_t nn_program_tile(const nn_tile* tile, const nn_backend* backend, nn_stats* stats);

/* acc[r * M + o] = sum_k W[o][k] * x[r * K + k] over the layer's tiles. */
uint32_t nn_xbar_linear(const nn_layer* layer, const nn_backend* backend, const int8_t* x,
                        uint32_t rows, int32_t* acc, nn_stats* stats);
/* The same for uint8 pixel patches, one pass per bit; `slices` holds rows * K bytes,
 * `partial` rows * M int32. */
uint32_t nn_xbar_bitslice(const nn_layer* layer, const nn_backend* backend, const uint8_t* patches,
                          uint32_t rows, int8_t* slices, int32_t* partial, int32_t* acc,
                          nn_stats* stats);
/* Subtracts the padding correction of each image's padded positions. */
void nn_pad_correct(const nn_layer* layer, uint32_t count, int32_t* acc);

/* act[r * M + o] from acc[r * M + o] by the layer's thresholds. */
void nn_threshold_apply(const nn_layer* layer, const int32_t* acc, uint32_t rows, int8_t* act);

/* One pooling stage over `count` images. */
void nn_pool_apply(const nn_pool* pool, const int8_t* in, uint32_t count, int8_t* out);

/* The command list of one inference (--postprocess xbar) over the runtime's buffers. */
typedef struct {
    uint8_t* act[3]; /* activations: rotate as in nn_infer */
    uint8_t* patches;
    int32_t* acc;
} nn_queue_buffers;
/* Upper bound of the ops nn_queue_build writes for a layer. */
uint32_t nn_queue_ops_max(const nn_layer* layer);
/* Writes the ops of every layer for `count` images starting from `in` (pixels; for a first
 * layer on the CPU: its int32 results in buf->acc) and returns their number; when the list
 * has run, the output layer's sums are in buf->acc. */
uint32_t nn_queue_build(const nn_model* model, const uint8_t* in, uint32_t count,
                        const nn_queue_buffers* buf, nn_op* ops);

/* The output layer: float ops and argmax per image. */
/* The output layer's float value of output o at sum s, in the executor's arithmetic. */
float nn_output_value(const nn_layer* layer, uint32_t o, int32_t s);
/* An int32 that orders as y does (for y not NaN; -0 and +0 give 0): the IEEE magnitude,
 * negated for negative y. */
int32_t nn_output_key(float y);
void nn_output_argmax(const nn_layer* layer, const int32_t* acc, uint32_t count,
                      uint16_t* predictions);

#ifdef __cplusplus
}
#endif

#endif
