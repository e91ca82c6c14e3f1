/* A layer's matrix product on the crossbars: one MVM command per tile with the whole batch
 * of patch rows (strided access picks the tile's input columns out of each row and writes
 * its outputs into the right columns of the result rows); the input tiles of an output tile
 * accumulate digitally in the result (ACCUMULATE). Streamed tiles are programmed first (and
 * their ADC range set, see nn_program_tile). */
#include "sw/nn/nn_kernels.h"

static uint32_t failed(nn_stats* stats, uint32_t err, const char* what) {
    if (err && !stats->error) {
        stats->error = err;
        stats->error_what = what;
    }
    return err;
}

uint32_t nn_program_tile(const nn_tile* tile, const nn_backend* backend, nn_stats* stats) {
    ++stats->programs;
    uint32_t err =
        backend->program(backend->ctx, tile->xbar, tile->weights, tile->outputs, tile->inputs);
    if (err) return failed(stats, err, "program");
    if (tile->adc_lo_na == 0 && tile->adc_hi_na == 0) return 0; /* the automatic range */
    /* The device keeps an explicit range across re-programming: a streamed tile sets its own
     * every time, so it never converts with the range of the tile programmed before it. */
    err = backend->set_adc_range(backend->ctx, tile->xbar, tile->adc_lo_na, tile->adc_hi_na);
    return failed(stats, err, "set_adc_range");
}

uint32_t nn_xbar_linear(const nn_layer* layer, const nn_backend* backend, const int8_t* x,
                        uint32_t rows, int32_t* acc, nn_stats* stats) {
    for (uint32_t t = 0; t < layer->n_tiles; ++t) {
        const nn_tile* tile = &layer->tiles[t];
        if (tile->streamed) {
            uint32_t err = nn_program_tile(tile, backend, stats);
            if (err) return err;
        }
        nn_mvm cmd;
        cmd.xbar = tile->xbar;
        cmd.x = x + tile->in0;
        cmd.inputs = tile->inputs;
        cmd.src_stride = layer->fan_in;
        cmd.y = acc + tile->out0;
        cmd.outputs = tile->outputs;
        cmd.dst_stride = 4u * layer->outputs;
        cmd.batch = rows;
        cmd.accumulate = tile->in0 != 0;
        ++stats->mvm_commands;
        uint32_t err = backend->mvm(backend->ctx, &cmd);
        if (err) return failed(stats, err, "mvm");
    }
    return 0;
}
