// cimvp's end-of-run statistics (--stats-json, written by platform/soc/run_stats.cpp) as a typed
// record: the run's totals and the statistics regions the firmware delimited (setup,
// throughput phase, latency phase; sw/nn/firmware_main.c). A missing or mistyped key is an
// error naming it.
#pragma once

#include "platform/energy_breakdown.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>

namespace cimx {

struct VpActivity {
    double sim_time_s = 0;
    uint64_t cycles = 0, instructions = 0, sleep_cycles = 0;
    std::map<std::string, uint64_t> retired_by_class;
    double xbar_busy_s = 0, xbar_mvm_s = 0, xbar_dma_s = 0, xbar_program_s = 0;
    cimvp::EnergyBreakdown energy;
};

// One layer's part of a region (cimvp's "layers", platform/stats_regions.h): activity with
// sim_time_s = the layer's share of the time, and cpu_s its CPU part.
struct VpLayer {
    VpActivity activity;
    double cpu_s = 0;
    uint64_t descriptors = 0, mvms = 0, conversions = 0, programmed_cells = 0;
    double periphery_s = 0, dma_wait_s = 0;
};

struct VpRegion {
    uint64_t entries = 0;
    VpActivity activity;
    std::map<uint32_t, VpLayer> layers; // by layer tag: 0 = outside layers, i + 1 = layer i
};

struct VpStats {
    double mips = 0, host_s = 0, clock_hz = 0, timebase_hz = 0;
    uint64_t seed = 0;
    VpActivity total;
    std::map<uint32_t, VpRegion> regions;
    nlohmann::json raw; // everything, for the JSON record
};

// The firmware's regions (sw/nn/firmware_main.c).
enum : uint32_t { kRegionSetup = 0, kRegionThroughput = 1, kRegionLatency = 2 };

// Throws RunError naming the file and key.
VpStats read_vp_stats(const std::string& path);
// The region, or RunError if the firmware did not report it.
const VpRegion& region(const VpStats& s, uint32_t id);

} // namespace cimx
