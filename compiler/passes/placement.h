// Placing tiles on the accelerator's crossbars. When all tiles fit (tiles <= xbar.count)
// every tile gets its own crossbar and is programmed once before inference. Otherwise the
// first count - 1 tiles in execution order stay resident and the rest take turns on the last
// crossbar, each programmed right before its MVMs in every batch: for the cyclic order in
// which a batch visits the tiles this is the fewest re-programmings per batch
// (tiles - count + 1; Belady's rule keeps count - 1 fixed). The cost shows in the timing.
#pragma once

#include "compiler/ir/network.h"

namespace cimc {

void place_tiles(Network& net);

} // namespace cimc
