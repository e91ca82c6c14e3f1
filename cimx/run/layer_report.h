// cimx run's per-layer table (--layers; always in the JSON record as "layers"): per network
// layer, per inference, where the time and the energy went. From cimvp's per-layer statistics
// (platform/stats_regions.h): the firmware marks the layer the CPU works on, and the
// accelerator attributes each command-list descriptor to the layer tagged in it. Row 0
// ("(outside layers)") is the CPU's time outside any layer: building and starting the command
// list, waking up from wfi, the input stage. The rows add up to the run's figures: time to
// the latency, energy to the energy per inference.
#pragma once

#include "platform/energy_breakdown.h"
#include "cimx/run/vp_stats.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cimx {

struct LayerRow {
    uint32_t tag = 0;  // 0: outside layers, i + 1: layer i
    std::string name;  // the model's name of the layer's linear node
    double time_s = 0; // its share of the time: cpu_s + xbar_busy_s
    double cpu_s = 0, xbar_busy_s = 0, xbar_mvm_s = 0, periphery_s = 0, xbar_dma_s = 0,
           xbar_program_s = 0, dma_wait_s = 0;
    double mvms = 0, conversions = 0, programmed_cells = 0, descriptors = 0;
    double instructions = 0, cpu_cycles = 0; // cpu_cycles: cpu_s at the CPU clock
    cimvp::EnergyBreakdown energy;
};

// The rows of a region, per inference (its activity divided by `inferences`); names[i] is
// layer tag i + 1's name. Throws RunError if the region has a tag with no name.
std::vector<LayerRow> layer_rows(const VpRegion& region, double inferences,
                                 const std::vector<std::string>& names, double clock_hz);
nlohmann::json layers_json(const std::vector<LayerRow>& rows);
// The table for people (stdout), with each row's share of the rows' time (the latency).
void print_layers(const std::vector<LayerRow>& rows);

} // namespace cimx
