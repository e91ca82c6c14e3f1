// The network shapes `cimx train` builds (layer by layer, see docs/models.md):
//   mlp: Flatten | Dense(in->H) BN Act | Dense(H->H) BN Act | Dense(H->classes) Scale
//   cnn: Conv3x3 pad1 (1->c1) BN Act Pool | Conv3x3 (c1->c2) BN Act Pool |
//        Conv3x3 (c2->c3) BN Act | Flatten | [Dense(->d) BN Act] | Dense(->classes) Scale
//   (with pool_first, the pooled blocks are Conv Pool BN Act)
// Every weight is binary (bnn) or ternary (tnn), the first layer's included; the first
// layer's input is the real-valued pixel; hidden activations are binary/ternary; the output
// layer ends in a real per-class scale and bias. Hidden convolutions have no padding, so
// the crossbar never needs a padding value outside {-1, +1} / {-1, 0, +1}.
#pragma once

#include "cimx/train/network.h"
#include "cimx/train/quantize.h"
#include "cimx/train/rng.h"

#include <string>
#include <vector>

namespace cimx::train {

struct ArchSpec {
    std::string arch = "mlp"; // "mlp" or "cnn"
    QuantKind quant = QuantKind::binary;
    int64_t hidden = 512;                         // mlp: width of both hidden layers
    std::vector<int64_t> channels = {32, 64, 64}; // cnn: conv output channels
    int64_t cnn_dense = 0; // cnn: width of an extra hidden dense layer (0 = none)
    // cnn: Conv Pool BN Act instead of Conv BN Act Pool. Pooling the integer
    // pre-activations keeps information that pooling binary/ternary values (an OR) loses.
    bool pool_first = false;
};

Network build_network(const ArchSpec& spec, int64_t height, int64_t width, int64_t classes,
                      Rng& rng);

} // namespace cimx::train
