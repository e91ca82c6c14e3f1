// The compiler pipeline: import (with shape inference) -> input stage -> fold batch norm into
// thresholds -> partition -> output arithmetic -> im2col -> CPU weight lists -> tiling ->
// placement.
#pragma once

#include "compiler/ir/network.h"
#include "ip/xbar/xbar_config.h"

#include <string>

namespace cimc {

struct CompileOptions {
    xbar::XbarConfig xbar; // the accelerator the program will run on (xbar.* options)
    uint32_t batch = 32;   // images per batch (per MVM command for dense layers)
    bool first_layer_xbar = false;
    // --input-scale as given ("" = the model's metadata, else 1/255; qonnx/input_scale.h).
    std::string input_scale;
    // Each inference one command list on the accelerator, gathers, thresholds, pools and
    // padding corrections on its periphery (--postprocess xbar); false: the CPU does them.
    bool postprocess_xbar = true;
};

// Runs the passes on an imported network (its input_stage.scale set by the import).
void compile_network(Network& net, const CompileOptions& options);
// Imports and compiles a model file.
Network compile_model(const std::string& path, const CompileOptions& options);

} // namespace cimc
