/* The firmware backend: the VP's crossbar accelerator through the sw/ driver. */
#ifndef CIMC_NN_BACKEND_CIMVP_H
#define CIMC_NN_BACKEND_CIMVP_H

#include "sw/nn/nn_backend.h"

/* Fills `backend`; waits for commands by sleeping in wfi on the accelerator's interrupt. */
void nn_cimvp_backend_init(nn_backend* backend);

#endif
