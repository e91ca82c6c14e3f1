// What the platform has done so far, as cumulative counters: CPU cycles, retired
// instructions by class, sleep, the accelerator's work and time, and the energy of it all.
// The difference of two snapshots is the activity in between (the stats regions that
// firmware delimits, platform/stats_regions.h); the final snapshot is the run's total.
#pragma once

#include "platform/cpu_energy.h"
#include "platform/energy_breakdown.h"

#include <cstdint>

namespace cimvp {

struct Activity {
    uint64_t cycles = 0, instructions = 0; // CPU cycles (including sleep) and retired instructions
    CpuActivity cpu;
    // The accelerator: commands, MVMs, ADC conversions, cells programmed, DMA bytes...
    uint64_t xbar_commands = 0, xbar_mvms = 0, xbar_conversions = 0, xbar_cells = 0,
             xbar_dma_bytes = 0;
    // ...and its busy time by operation (ns: MVM compute, DMA, programming).
    double xbar_busy_ns = 0, xbar_mvm_ns = 0, xbar_dma_ns = 0, xbar_program_ns = 0;
    // The command queue: descriptors run, periphery unit time, time waiting for the DMA (ns).
    uint64_t xbar_descriptors = 0;
    double xbar_periph_ns = 0, xbar_dma_wait_ns = 0;
    EnergyBreakdown energy;
};

Activity operator-(const Activity& later, const Activity& earlier);
Activity& operator+=(Activity& a, const Activity& b);

// The activity of one network layer (platform/stats_regions.h, LAYER): what happened while
// the firmware's layer marker named it, plus the accelerator's work on the queue descriptors
// tagged with it. `cpu_ns` is the time the CPU worked with the marker on it (its cycles' time
// less the accelerator's busy time meanwhile); the layer's share of the time is cpu_ns +
// activity.xbar_busy_ns, and the shares of all layers add up to the elapsed time.
struct LayerActivity {
    Activity activity;
    double cpu_ns = 0;
    double time_ns() const { return cpu_ns + activity.xbar_busy_ns; }
};
LayerActivity operator-(const LayerActivity& later, const LayerActivity& earlier);
LayerActivity& operator+=(LayerActivity& a, const LayerActivity& b);

} // namespace cimvp
