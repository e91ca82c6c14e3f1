/* An exact crossbar in plain C: tiles are remembered by pointer (the compiled tables live as
 * long as the run) and an MVM is the integer product W x. ADC ranges are checked and ignored
 * (no ADC). Used by the host reference executor; errors use the device's codes. */
#ifndef CIMC_NN_BACKEND_EXACT_H
#define CIMC_NN_BACKEND_EXACT_H

#include "sw/nn/nn_backend.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const int8_t* weights;
    uint32_t outputs, inputs;
} nn_exact_tile;

typedef struct {
    nn_exact_tile* tiles; /* one per crossbar, caller-owned */
    uint32_t crossbars, max_inputs, max_outputs;
} nn_exact_state;

/* Fills `backend` to use `state`, whose tiles array has `crossbars` entries. */
void nn_exact_backend_init(nn_backend* backend, nn_exact_state* state, nn_exact_tile* tiles,
                           uint32_t crossbars, uint32_t max_inputs, uint32_t max_outputs);

#ifdef __cplusplus
}
#endif

#endif
