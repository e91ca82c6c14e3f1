// Tiling: a crossbar layer's M x K patch weight matrix is cut into tiles of at most
// max_outputs x max_inputs (the device's MAX_OUTPUTS / MAX_INPUTS under the mapping, i.e.
// the crossbar size divided by the mapping's columns per output and rows per input). The
// cuts are even (sizes differ by at most one) so that no tile is a small leftover: every
// tile then has a similar number of active rows, and with it a similar ADC full scale.
// Tiles are ordered output-tile major; the runtime accumulates an output tile's input tiles.
#pragma once

#include "compiler/ir/network.h"

#include <utility>
#include <vector>

namespace cimc {

// [begin, size) parts of n, as few as max_part allows, sizes differing by at most one.
std::vector<std::pair<int64_t, int64_t>> split_even(int64_t n, int64_t max_part);

void tile_layer(Layer& l, int max_inputs, int max_outputs);
void tile_network(Network& net);

} // namespace cimc
