// The input vectors each crossbar tile of a compiled network receives, recorded by running the
// compiled program (the sw/nn runtime) with the exact backend wrapped so that it keeps every MVM's
// inputs. Independent of the ADC calibration's profiler (no crossbar model, no signals).
#pragma once

#include "compiler/ir/network.h"
#include "compiler/reference/reference_executor.h"

#include <cstdint>
#include <vector>

namespace compilertest {

struct TileInputs {
    size_t layer = 0, tile = 0; // net.layers[layer].tiles[tile]
    int64_t inputs = 0;
    std::vector<int8_t> x; // the vectors one after the other, `inputs` each
    size_t vectors() const { return inputs ? x.size() / size_t(inputs) : 0; }
};

// One entry per crossbar tile of `net`, in layer and tile order, for images [first, first+count).
std::vector<TileInputs> record_tile_inputs(const cimc::Network& net, const cimc::ImageSet& images,
                                           uint32_t first, uint32_t count);

} // namespace compilertest
