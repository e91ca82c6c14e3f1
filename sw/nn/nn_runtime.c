/* The layer loop: gather, matrix product (CPU or crossbars), padding correction, then either
 * thresholds and pooling (hidden layers) or the output arithmetic and argmax (last layer).
 * The workspace is carved into fixed regions sized for the largest layer. */
#include "sw/nn/nn_runtime.h"

#include "sw/nn/nn_kernels.h"

typedef struct {
    uint8_t* act[3]; /* activations: a layer's input, output and a pooling scratch */
    uint8_t* patches;
    uint32_t* packed;
    int32_t* totals;
    int32_t* acc;
    int8_t* slices;
    int32_t* partial;
    nn_op* ops;
} nn_regions;

typedef struct {
    size_t act, patches, packed, totals, acc, slices, partial, ops;
} nn_sizes;

static size_t max_size(size_t a, size_t b) { return a > b ? a : b; }
static size_t align16(size_t n) { return (n + 15u) & ~(size_t)15u; }

/* The command-list path (queue) needs no CPU-kernel buffers for layers on the crossbars. */
static void layer_sizes(const nn_layer* l, uint32_t batch, int queue, nn_sizes* s) {
    const size_t rows = (size_t)batch * l->positions;
    s->act = max_size(s->act, (size_t)batch * l->in_size);
    s->act = max_size(s->act, (size_t)batch * l->out_size);
    s->act = max_size(s->act, rows * l->outputs);
    for (uint32_t i = 0; i < l->n_pools; ++i)
        s->act = max_size(s->act, (size_t)batch * l->pools[i].out_h * l->pools[i].out_w *
                                      l->pools[i].channels);
    if (l->gather) s->patches = max_size(s->patches, rows * l->fan_in);
    if (l->engine == NN_ENGINE_CPU) {
        s->packed = max_size(s->packed, nn_cpu_packed_bytes((uint32_t)rows, l->fan_in));
        s->totals = max_size(s->totals, 4u * ((rows + 7u) & ~(size_t)7u));
    }
    s->acc = max_size(s->acc, 4u * rows * l->outputs);
    s->ops += sizeof(nn_op) * nn_queue_ops_max(l);
    if (l->engine == NN_ENGINE_XBAR_BITSLICE && !queue) {
        s->slices = max_size(s->slices, 8u * rows * l->fan_in);
        s->partial = max_size(s->partial, 32u * rows * l->outputs);
    }
}

static size_t carve(const nn_model* m, uint32_t batch, void* base, nn_regions* r) {
    nn_sizes s = {0, 0, 0, 0, 0, 0, 0, 0};
    for (uint32_t i = 0; i < m->n_layers; ++i)
        layer_sizes(&m->layers[i], batch, (int)m->postprocess_xbar, &s);
    uint8_t* p = (uint8_t*)base;
    size_t used = 0;
#define NN_CARVE(field, type, bytes)                                                               \
    do {                                                                                           \
        if (r) r->field = (type)(void*)(p + used);                                                 \
        used += align16(bytes);                                                                    \
    } while (0)
    NN_CARVE(act[0], uint8_t*, s.act);
    NN_CARVE(act[1], uint8_t*, s.act);
    NN_CARVE(act[2], uint8_t*, s.act);
    NN_CARVE(patches, uint8_t*, s.patches);
    NN_CARVE(packed, uint32_t*, s.packed);
    NN_CARVE(totals, int32_t*, s.totals);
    NN_CARVE(acc, int32_t*, s.acc);
    NN_CARVE(slices, int8_t*, s.slices);
    NN_CARVE(partial, int32_t*, s.partial);
    if (m->postprocess_xbar) NN_CARVE(ops, nn_op*, s.ops);
#undef NN_CARVE
    return used;
}

size_t nn_workspace_bytes(const nn_model* model, uint32_t batch) {
    return carve(model, batch, 0, 0);
}

uint32_t nn_init(const nn_model* model, const nn_backend* backend, nn_stats* stats) {
    for (uint32_t i = 0; i < model->n_layers; ++i)
        for (uint32_t t = 0; t < model->layers[i].n_tiles; ++t) {
            const nn_tile* tile = &model->layers[i].tiles[t];
            if (tile->streamed) continue;
            uint32_t err = nn_program_tile(tile, backend, stats);
            if (err) return err;
        }
    return 0;
}

static void mark_layer(const nn_backend* backend, uint32_t tag) {
    if (backend->mark_layer) backend->mark_layer(backend->ctx, tag);
}

/* The integer pre-activations of one layer for `count` images into r->acc. */
static uint32_t linear(const nn_layer* l, const nn_backend* backend, const uint8_t* in,
                       uint32_t count, const nn_regions* r, nn_stats* stats) {
    const uint32_t rows = count * l->positions;
    const uint8_t* patches = in;
    uint32_t err = 0;
    if (l->engine == NN_ENGINE_CPU && nn_cpu_fuses_gather(l)) {
        nn_cpu_gather_pack(l, in, count, r->packed, r->totals);
        nn_cpu_linear(l, r->packed, r->totals, rows, r->acc);
        if (l->n_pad_rows) nn_pad_correct(l, count, r->acc);
        return 0;
    }
    if (l->gather) {
        nn_gather(l, in, count, r->patches);
        patches = r->patches;
    }
    switch (l->engine) {
    case NN_ENGINE_CPU:
        nn_cpu_pack(patches, rows, l->fan_in, r->packed, r->totals);
        nn_cpu_linear(l, r->packed, r->totals, rows, r->acc);
        break;
    case NN_ENGINE_XBAR:
        err = nn_xbar_linear(l, backend, (const int8_t*)patches, rows, r->acc, stats);
        break;
    default:
        err = nn_xbar_bitslice(l, backend, patches, rows, r->slices, r->partial, r->acc, stats);
        break;
    }
    if (!err && l->n_pad_rows) nn_pad_correct(l, count, r->acc);
    return err;
}

/* The input stage's table: pixels -> the first layer's input codes, into `out`. A channel's
 * pixels come in runs of lut_stride and the channels repeat every lut_channels runs (an
 * image holds a whole number of such cycles), so the table is chosen once per run: no
 * division per pixel, which costs tens of cycles on RV32. */
static void input_lut(const nn_model* m, const uint8_t* pixels, uint32_t count, uint8_t* out) {
    const uint32_t n = count * m->input_size, stride = m->lut_stride;
    uint32_t channel = 0;
    for (uint32_t i = 0; i < n;) {
        const uint8_t* t = m->input_lut + channel * 256u;
        const uint32_t end = n - i < stride ? n : i + stride;
        for (; i < end; ++i) out[i] = t[pixels[i]];
        if (++channel == m->lut_channels) channel = 0;
    }
}

/* --postprocess xbar: a first layer on the CPU, then one command list for the rest (built
 * once per image count and input, kept in the workspace), then the argmax. */
static uint32_t infer_queue(const nn_model* model, const nn_backend* backend, const uint8_t* pixels,
                            uint32_t count, const nn_regions* r, uint16_t* predictions,
                            nn_stats* stats) {
    const nn_layer* first = &model->layers[0];
    if (first->engine == NN_ENGINE_CPU) {
        mark_layer(backend, 1);
        uint32_t err = linear(first, backend, pixels, count, r, stats);
        mark_layer(backend, 0); /* building and running the list: no layer's CPU time */
        if (err) return err;
    }
    const uint32_t changed = stats->queue_count != count || stats->queue_input != pixels;
    if (changed) {
        nn_queue_buffers buf = {{r->act[0], r->act[1], r->act[2]}, r->patches, r->acc};
        stats->queue_ops = nn_queue_build(model, pixels, count, &buf, r->ops);
        stats->queue_count = count;
        stats->queue_input = pixels;
        stats->queue_programs = stats->queue_mvms = 0;
        for (uint32_t i = 0; i < stats->queue_ops; ++i) {
            stats->queue_programs += r->ops[i].kind == NN_OP_PROGRAM;
            stats->queue_mvms += r->ops[i].kind == NN_OP_MVM;
        }
    }
    uint32_t failed = 0, err = 0;
    if (stats->queue_ops) {
        ++stats->queues;
        stats->programs += stats->queue_programs; /* as descriptors, not commands */
        stats->mvm_commands += stats->queue_mvms;
        err = backend->run_ops(backend->ctx, r->ops, stats->queue_ops, changed, &failed);
    }
    if (err) {
        stats->queue_count = 0; /* rebuild next time */
        if (!stats->error) stats->error = err, stats->error_what = "queue";
        return err;
    }
    const nn_layer* last = &model->layers[model->n_layers - 1];
    mark_layer(backend, model->n_layers);
    nn_output_argmax(last, r->acc, count, predictions);
    mark_layer(backend, 0);
    return 0;
}

uint32_t nn_infer(const nn_model* model, const nn_backend* backend, const uint8_t* pixels,
                  uint32_t count, void* workspace, uint16_t* predictions, nn_stats* stats) {
    nn_regions r;
    carve(model, model->batch, workspace, &r);
    if (model->postprocess_xbar && !model->input_lut) /* cimc never emits both */
        return infer_queue(model, backend, pixels, count, &r, predictions, stats);
    const uint8_t* in = pixels;
    int current = 2; /* the act buffer holding `in` (pixels: none, so start at 0 and 1) */
    if (model->input_lut) {
        input_lut(model, pixels, count, r.act[2]);
        in = r.act[2];
    }
    for (uint32_t i = 0; i < model->n_layers; ++i) {
        const nn_layer* l = &model->layers[i];
        mark_layer(backend, i + 1);
        uint32_t err = linear(l, backend, in, count, &r, stats);
        if (err) return mark_layer(backend, 0), err;
        if (!l->thresholds) {
            nn_output_argmax(l, r.acc, count, predictions);
            mark_layer(backend, 0);
            return 0;
        }
        int out = (current + 1) % 3, spare = (current + 2) % 3;
        nn_threshold_apply(l, r.acc, count * l->positions, (int8_t*)r.act[out]);
        for (uint32_t k = 0; k < l->n_pools; ++k) {
            nn_pool_apply(&l->pools[k], (const int8_t*)r.act[out], count, (int8_t*)r.act[spare]);
            int t = out;
            out = spare;
            spare = t;
        }
        in = r.act[out];
        current = out;
    }
    mark_layer(backend, 0);
    return 0;
}
