/* The tables of a compiled network: what cimc generates into model_data.c and what the
 * inference runtime (nn_runtime.h) interprets. Plain C99 data, no RISC-V specifics: the same
 * runtime runs them on the VP (crossbar backend) and on the host (exact backend).
 *
 * Data layout: a batch of images flows through the layers as per-image activation vectors in
 * HWC order (height, width, channel: a channel vector is contiguous), int8 in the crossbar's
 * alphabet ({-1,+1} or {-1,0,+1}); the network input is the image's uint8 pixels. A layer with
 * `positions` > 1 is a convolution: its input is gathered into one patch (im2col) row per
 * output position, and its output rows are the positions' channel vectors, i.e. HWC again. */
#ifndef CIMC_NN_MODEL_H
#define CIMC_NN_MODEL_H

#include <stdint.h>

/* Where a layer's matrix product runs. */
enum nn_engine {
    NN_ENGINE_CPU = 0,          /* integer pixels x {-1,0,+1} weights on the CPU (first layer) */
    NN_ENGINE_XBAR = 1,         /* binary/ternary inputs on the crossbars */
    NN_ENGINE_XBAR_BITSLICE = 2 /* integer pixels on the crossbars, one MVM per pixel bit */
};

/* One crossbar tile: a block of the layer's weight matrix, `weights[o * inputs + i]` (the
 * device's PROGRAM layout), for layer outputs [out0, out0 + outputs) and patch inputs
 * [in0, in0 + inputs). A resident tile is programmed once by nn_init; a streamed one before
 * every use, because the tiles outnumber the crossbars. After programming, a tile with an
 * ADC range (cimc --adc-calibration max|profile) sets it with the device's SET_ADC_RANGE
 * command: [adc_lo_na, adc_hi_na] in nA; both 0 leave the device's automatic range. */
typedef struct nn_tile_s {
    const int8_t* weights;
    uint32_t out0, outputs, in0, inputs;
    uint32_t xbar, streamed;
    int32_t adc_lo_na, adc_hi_na;
} nn_tile;

/* The CPU kernel's weights: for output o, the patch columns whose pixel values are added
 * (list A) and subtracted (list B), as byte offsets 16 * k into the packed patch rows:
 *   A = offsets[ranges[2o] .. ranges[2o+1]), B = offsets[ranges[2o+1] .. ranges[2o+2])
 *   s = scale * (sum A - sum B) + total_coef[o] * (sum of the whole patch row).
 * Binary weights use scale 2 and the shorter of the +1 and -1 lists; ternary scale 1. */
typedef struct {
    const uint16_t* offsets;
    const uint32_t* ranges;
    const int8_t* total_coef;
    int32_t scale;
} nn_cpu_weights;

/* Activation of one channel from its integer pre-activation s, with d = dir (+1 or -1):
 *   d*s >= hi -> +1,  else d*s >= lo -> 0,  else -1   (binary: lo == hi). */
typedef struct {
    int32_t lo, hi, dir;
} nn_threshold;

/* Max pooling of int8 HWC maps; padded positions are skipped (ONNX). Channel c takes the
 * maximum if dir[c] >= 0 and the minimum otherwise (a pool before a decreasing batch norm). */
typedef struct nn_pool_s {
    uint32_t kh, kw, sh, sw, pad_top, pad_left;
    uint32_t in_h, in_w, out_h, out_w, channels;
    const int8_t* dir; /* NULL: maximum everywhere */
} nn_pool;

/* The output layer's float arithmetic per class, in the executor's order and precision:
 * y starts as (float)s, or (float)(pre_scale[o] * ((double)s + pre_offset[o])) when the
 * layer's inputs or weights carry a scale (pixel inputs, scaled binary/ternary values). */
enum nn_float_op_kind {
    NN_FOP_MUL = 0,  /* y = y * c[o]          (reversed: the same) */
    NN_FOP_ADD = 1,  /* y = y + c[o] */
    NN_FOP_SUB = 2,  /* y = y - c[o]          (reversed: c[o] - y) */
    NN_FOP_DIV = 3,  /* y = y / c[o]          (reversed: c[o] / y) */
    NN_FOP_BATCHNORM /* y = (float)(a[o] * ((double)y - mean[o]) + beta[o]) */
};
typedef struct {
    uint32_t kind, reversed;
    const float* c;
    const double *a, *mean, *beta;
} nn_float_op;

typedef struct nn_layer_s {
    uint32_t engine;       /* enum nn_engine */
    uint32_t in_size;      /* bytes of one image's input to this layer */
    uint32_t positions;    /* output positions (1 for a dense layer) */
    uint32_t taps;         /* runs gathered per position */
    uint32_t run;          /* bytes per run (input channels) */
    const int32_t* gather; /* [positions][taps]: offset of each run in the input, -1 = padding;
                              NULL: the patch is the input itself (dense layer) */
    int32_t pad_value;     /* patch value of padded inputs */
    uint32_t fan_in;       /* K: patch length = taps * run (or in_size) */
    uint32_t outputs;      /* M */

    const nn_cpu_weights* cpu; /* NN_ENGINE_CPU */

    uint32_t n_tiles; /* NN_ENGINE_XBAR*: tiles, output-tile major */
    const nn_tile* tiles;
    uint32_t bitslice_binary;   /* bit slices drive {-1,+1}: 2 W.bit = W.x + weight_sum */
    const int32_t* weight_sums; /* [M] */
    uint32_t n_pad_rows;        /* padding correction: rows pad_pos[i] of every image get */
    const uint32_t* pad_pos;    /* pad_corr[i * M + o] subtracted (pad_value +1 stood in for */
    const int32_t* pad_corr;    /* the executor's 0) */

    const nn_threshold* thresholds; /* [M]; NULL for the output layer */
    uint32_t n_pools;
    const nn_pool* pools;
    uint32_t out_size; /* bytes of one image's output activations (after pools) */

    const double* pre_scale;  /* output layer: NULL, or the value of s per output (above) */
    const double* pre_offset; /* with pre_scale */
    uint32_t n_fops;          /* output layer: float ops before the argmax */
    const nn_float_op* fops;

    /* Output layer (cimc --postprocess xbar): NULL, or the float arithmetic above tabulated
     * by the compiler as argmax keys: out_keys[o * out_key_count + s - out_key_min] is an
     * int32 that orders as the float y of output o at sum s (nn_output_key), so the argmax
     * needs no soft float; an image with a sum outside the table takes the float path. */
    const int32_t* out_keys;
    int32_t out_key_min;
    uint32_t out_key_count;

    const char* name; /* the model's name of the layer's linear node (statistics) */
} nn_layer;

typedef struct {
    const char* name;
    uint32_t input_size; /* pixels per image */
    /* The input stage (cimc: an input quantizer folded into a table): NULL, or each pixel i of
     * an image becomes input_lut[((i / lut_stride) % lut_channels) * 256 + pixel] before the
     * first layer (codes 0..255, or -1/0/+1 as int8). */
    const uint8_t* input_lut;
    uint32_t lut_channels, lut_stride;
    uint32_t classes;
    uint32_t batch;   /* images per batch (the workspace is sized for it) */
    uint32_t mapping; /* the crossbar configuration it was compiled for (checked at start) */
    uint32_t max_tile_inputs, max_tile_outputs, crossbars;
    uint32_t n_layers;
    const nn_layer* layers;
    /* 1: each inference is one command list on the accelerator (nn_queue.c): gathers,
     * MVMs, padding corrections, thresholds and pools on its periphery, the CPU only for a
     * first layer on the CPU and the output arithmetic (cimc --postprocess xbar);
     * 0: one MVM command per tile, the rest on the CPU (--postprocess cpu). */
    uint32_t postprocess_xbar;
} nn_model;

#endif
