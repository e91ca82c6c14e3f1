// Writes the compiled tables as C: OUTDIR/model_data.h (declares cimc_model) and
// OUTDIR/model_data.c (the arrays and structs). It prints the HostModel's nn_model field by
// field, so the firmware's tables are the very values the host reference executor runs.
#pragma once

#include "sw/nn/nn_model.h"

#include <string>

namespace cimc {

void emit_model_c(const nn_model& model, const std::string& outdir);

} // namespace cimc
