/* The table-driven inference runtime: runs a compiled nn_model on batches of images through
 * an nn_backend. Plain C99; the same code is the firmware's and the host reference's. */
#ifndef CIMC_NN_RUNTIME_H
#define CIMC_NN_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include "sw/nn/nn_backend.h"
#include "sw/nn/nn_model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint32_t programs, mvm_commands; /* tile programs and MVM commands (or descriptors) so far */
    uint32_t error;                  /* first backend error (0 = none) */
    const char* error_what;          /* "program", "set_adc_range", "mvm" or "queue" */
    /* --postprocess xbar: command lists run, and the list last built (rebuilt when the
     * image count or the input changes). */
    uint32_t queues, queue_ops, queue_count, queue_programs, queue_mvms;
    const void* queue_input;
} nn_stats;

/* Bytes of workspace nn_infer needs for batches of up to `batch` images. */
size_t nn_workspace_bytes(const nn_model* model, uint32_t batch);

/* Programs the resident tiles (and their ADC ranges). Returns 0 or the backend's error code (also
 * in stats). */
uint32_t nn_init(const nn_model* model, const nn_backend* backend, nn_stats* stats);

/* Classifies `count` (<= model->batch) images of model->input_size pixels each, stored one
 * after the other in `pixels`; predictions[i] is the class of image i: the index of the
 * largest logit, the lowest index on ties. `workspace` holds nn_workspace_bytes(model,
 * model->batch) bytes, 4-byte aligned. Returns 0 or the first backend error. */
uint32_t nn_infer(const nn_model* model, const nn_backend* backend, const uint8_t* pixels,
                  uint32_t count, void* workspace, uint16_t* predictions, nn_stats* stats);

#ifdef __cplusplus
}
#endif

#endif
