/* The command list of one inference for the accelerator's command queue (--postprocess xbar):
 * per layer the im2col gather, the tiles' MVMs (streamed tiles programmed first; input tiles
 * after the first accumulate; the real-valued first layer bit-sliced), the BNN padding
 * correction, the thresholds and the pools, all on the accelerator; the buffers rotate as in
 * the CPU path. The accelerator orders what depends on what (by the memory the steps touch)
 * and runs the rest concurrently. A first layer on the CPU (--first-layer cpu) has run before
 * the list (padding correction included), which then starts at that layer's thresholds. */
#include "sw/nn/nn_kernels.h"

uint32_t nn_queue_ops_max(const nn_layer* l) { return 4u + 3u * l->n_tiles + l->n_pools; }

static nn_op* op(nn_op* o, uint32_t kind, const nn_layer* l, uint32_t tag, const void* src,
                 void* dst, uint32_t count) {
    o->kind = kind, o->bitslice = 0, o->count = count, o->tag = tag;
    o->layer = l, o->tile = 0, o->pool = 0;
    o->src = src, o->dst = dst;
    return o;
}

static nn_op* tile_ops(nn_op* o, const nn_layer* l, uint32_t tag, const nn_tile* t,
                       const uint8_t* x, uint32_t rows, int32_t* acc) {
    if (t->streamed) {
        op(o, NN_OP_PROGRAM, l, tag, t->weights, 0, 0)->tile = t;
        ++o;
        if (t->adc_lo_na || t->adc_hi_na) {
            op(o, NN_OP_SET_ADC, l, tag, 0, 0, 0)->tile = t;
            ++o;
        }
    }
    op(o, NN_OP_MVM, l, tag, x, acc, rows)->tile = t;
    o->bitslice = l->engine == NN_ENGINE_XBAR_BITSLICE;
    o->mvm.xbar = t->xbar;
    o->mvm.x = (const int8_t*)(const void*)(x + t->in0);
    o->mvm.inputs = t->inputs;
    o->mvm.src_stride = l->fan_in;
    o->mvm.y = acc + t->out0;
    o->mvm.outputs = t->outputs;
    o->mvm.dst_stride = 4u * l->outputs;
    o->mvm.batch = rows;
    o->mvm.accumulate = t->in0 != 0;
    return o + 1;
}

uint32_t nn_queue_build(const nn_model* m, const uint8_t* in, uint32_t count,
                        const nn_queue_buffers* buf, nn_op* ops) {
    nn_op* o = ops;
    int current = 2;
    for (uint32_t i = 0; i < m->n_layers; ++i) {
        const nn_layer* l = &m->layers[i];
        const uint32_t rows = count * l->positions, tag = i + 1;
        if (l->engine != NN_ENGINE_CPU) { /* a CPU layer's sums are in acc already */
            const uint8_t* x = in;
            if (l->gather) {
                op(o++, NN_OP_GATHER, l, tag, in, buf->patches, count);
                x = buf->patches;
            }
            for (uint32_t t = 0; t < l->n_tiles; ++t)
                o = tile_ops(o, l, tag, &l->tiles[t], x, rows, buf->acc);
        }
        if (l->n_pad_rows && l->engine != NN_ENGINE_CPU) /* the CPU path corrected its own */
            op(o++, NN_OP_ADD_ROWS, l, tag, 0, buf->acc, count);
        if (!l->thresholds) break; /* the output layer: argmax on the CPU */
        int out = (current + 1) % 3, spare = (current + 2) % 3;
        op(o++, NN_OP_THRESHOLD, l, tag, buf->acc, buf->act[out], rows);
        for (uint32_t k = 0; k < l->n_pools; ++k) {
            op(o, NN_OP_POOL, l, tag, buf->act[out], buf->act[spare], count)->pool = &l->pools[k];
            ++o;
            int t = out;
            out = spare;
            spare = t;
        }
        in = buf->act[out];
        current = out;
    }
    return (uint32_t)(o - ops);
}
