// A weight matrix larger than one crossbar, split into tiles over several crossbars of the
// accelerator: output tiles are independent, partial sums of input tiles are accumulated
// digitally (exact integer addition of each tile's rounded result), as the firmware would.
#pragma once

#include "ip/xbar/crossbar.h"
#include "ip/xbar/timing_energy.h"
#include "ip/xbar/xbar_config.h"

#include <cstdint>
#include <vector>

namespace xbar {

struct TileGrid {
    int output_tiles = 0, input_tiles = 0; // tiles along outputs and inputs
    int tile_outputs = 0, tile_inputs = 0; // size of a full tile
    int count() const { return output_tiles * input_tiles; }
};

// How an outputs x inputs matrix is split into tiles of at most the crossbar's capacity under
// the configured mapping.
TileGrid tile_grid(const XbarConfig& cfg, int outputs, int inputs);

class TiledMatrix {
  public:
    // Programs weights (row-major, outputs x inputs) onto grid.count() crossbars (tile ids
    // 0, 1, ... row by row of the grid). Throws std::invalid_argument if that exceeds
    // cfg.crossbars or a weight is outside the mapping's alphabet.
    TiledMatrix(const XbarConfig& cfg, const int8_t* weights, int outputs, int inputs);

    // y[b * outputs + j] = (W x_b)_j for `batch` input vectors x[b * inputs + i]. Returns the
    // cost: crossbars work in parallel (time of the slowest), energies add up.
    Cost mvm_batch(const int8_t* x, size_t batch, int32_t* y, unsigned threads = 1);

    // Programming all tiles one after the other (one write driver shared by the crossbars).
    const Cost& program_cost() const { return program_cost_; }
    const TileGrid& grid() const { return grid_; }
    const std::vector<Crossbar>& crossbars() const { return xbars_; }
    int outputs() const { return outputs_; }
    int inputs() const { return inputs_; }

  private:
    XbarConfig cfg_;
    TileGrid grid_;
    int outputs_, inputs_;
    std::vector<Crossbar> xbars_;
    Cost program_cost_;
};

} // namespace xbar
