// Shape inference: the feature shape after each operator the compiler accepts, with the
// checks that make a mismatch one error line naming the node. The import calls these as it
// walks the graph (it needs the shapes to decide, e.g., whether a Reshape is a flatten).
#pragma once

#include "compiler/ir/network.h"

namespace cimc {

// The graph input [N, C, H, W] or [N, F] without the batch dimension.
FeatureShape input_shape(const qonnx::ValueInfo& input, const std::string& origin);
// Output map of a convolution over `in`; checks channels and that the kernel fits.
FeatureShape conv_output(const std::string& node, const FeatureShape& in, int64_t in_channels,
                         int64_t out_channels, const ConvGeometry& g);
FeatureShape pool_output(const std::string& node, const FeatureShape& in, const PoolGeometry& g);
// Flatten (axis 1) or a Reshape to [N, F]: the flat vector of `in`.
FeatureShape flatten(const FeatureShape& in);
// Checks a dense layer's fan-in against its input vector.
void check_dense_input(const std::string& node, const FeatureShape& in, int64_t fan_in);

} // namespace cimc
