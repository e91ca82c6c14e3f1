// Emits the QONNX quantizer node used for both weights and activations:
//   binary:  BipolarQuant(x, scale=1)
//   ternary: Quant(x, scale=1, zeropt=0, bitwidth=2) {signed=1, narrow=1, rounding_mode=ROUND}
// in domain qonnx.custom_op.general. The scalar parameters are shared initializers.
#pragma once

#include "cimx/train/layer.h"
#include "cimx/train/quantize.h"

namespace cimx::train {

std::string export_quant_node(ExportContext& ctx, const std::string& x, QuantKind kind,
                              const std::string& node_name);

} // namespace cimx::train
