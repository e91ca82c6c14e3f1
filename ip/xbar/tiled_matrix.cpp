#include "ip/xbar/tiled_matrix.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace xbar {

TileGrid tile_grid(const XbarConfig& cfg, int outputs, int inputs) {
    TileGrid g;
    g.tile_outputs = std::min(outputs, cfg.max_tile_outputs());
    g.tile_inputs = std::min(inputs, cfg.max_tile_inputs());
    g.output_tiles = (outputs + cfg.max_tile_outputs() - 1) / cfg.max_tile_outputs();
    g.input_tiles = (inputs + cfg.max_tile_inputs() - 1) / cfg.max_tile_inputs();
    return g;
}

namespace {

// Extent of tile `t` along a dimension of `size` split in tiles of `full`.
int extent(int t, int full, int size) { return std::min(full, size - t * full); }

} // namespace

TiledMatrix::TiledMatrix(const XbarConfig& cfg, const int8_t* weights, int outputs, int inputs)
    : cfg_(cfg), grid_(tile_grid(cfg, outputs, inputs)), outputs_(outputs), inputs_(inputs) {
    validate(cfg_);
    if (outputs < 1 || inputs < 1) throw std::invalid_argument("empty weight matrix");
    if (grid_.count() > cfg.crossbars)
        throw std::invalid_argument(
            std::to_string(outputs) + " outputs x " + std::to_string(inputs) + " inputs need " +
            std::to_string(grid_.count()) + " crossbars of " + std::to_string(cfg.rows) + "x" +
            std::to_string(cfg.cols) + " under " + to_string(cfg.mapping) + " (" +
            std::to_string(grid_.output_tiles) + " x " + std::to_string(grid_.input_tiles) +
            " tiles of at most " + std::to_string(cfg.max_tile_outputs()) + " outputs x " +
            std::to_string(cfg.max_tile_inputs()) +
            " inputs), but xbar.count = " + std::to_string(cfg.crossbars));
    xbars_.reserve(grid_.count());
    std::vector<int8_t> tile;
    for (int ot = 0; ot < grid_.output_tiles; ++ot)
        for (int it = 0; it < grid_.input_tiles; ++it) {
            const int m = extent(ot, grid_.tile_outputs, outputs);
            const int n = extent(it, grid_.tile_inputs, inputs);
            tile.resize(static_cast<size_t>(m) * n);
            for (int j = 0; j < m; ++j)
                std::copy_n(weights + static_cast<size_t>(ot * grid_.tile_outputs + j) * inputs +
                                it * grid_.tile_inputs,
                            n, tile.data() + static_cast<size_t>(j) * n);
            xbars_.emplace_back(cfg_, static_cast<uint32_t>(xbars_.size()));
            program_cost_ +=
                xbar::program_cost(cfg_.timing, xbars_.back().program(tile.data(), m, n));
        }
}

Cost TiledMatrix::mvm_batch(const int8_t* x, size_t batch, int32_t* y, unsigned threads) {
    std::fill(y, y + batch * outputs_, 0);
    std::vector<int8_t> xs;
    std::vector<int32_t> ys;
    Cost total;
    double slowest = 0.0;
    for (int ot = 0; ot < grid_.output_tiles; ++ot)
        for (int it = 0; it < grid_.input_tiles; ++it) {
            Crossbar& xb = xbars_[static_cast<size_t>(ot) * grid_.input_tiles + it];
            const int m = xb.outputs(), n = xb.inputs();
            xs.resize(batch * n);
            ys.resize(batch * m);
            for (size_t b = 0; b < batch; ++b)
                std::copy_n(x + b * inputs_ + it * grid_.tile_inputs, n, xs.data() + b * n);
            const MvmActivity a = xb.mvm_batch(xs.data(), batch, ys.data(), threads);
            for (size_t b = 0; b < batch; ++b)
                for (int j = 0; j < m; ++j)
                    y[b * outputs_ + ot * grid_.tile_outputs + j] += ys[b * m + j];
            const Cost c = mvm_cost(cfg_.timing, cfg_.device.v_read, xb.shape(), a);
            total.pj += c.pj;
            slowest = std::max(slowest, c.ns);
        }
    total.ns = slowest;
    return total;
}

} // namespace xbar
