// The figures cimx run reports, computed from the firmware's statistics and cimvp's regions,
// printed and written as one JSON record (README.md and docs/user-guide.md describe them):
//  * latency: the simulated time of one inference, one image through the network and nothing
//    else (mean over the images measured alone, with min and max);
//  * throughput: images per simulated second at the chosen batch, over the batch loop's
//    nn_infer calls (tile re-programming, DMA, MVMs and CPU layers; not reading images or
//    printing);
//  * energy: the system's energy per inference at the chosen batch (CPU + accelerator), by
//    component; the same for one image alone as energy_batch1.
#pragma once

#include "platform/energy_breakdown.h"
#include "cimx/run/firmware_output.h"
#include "cimx/run/vp_stats.h"

#include <nlohmann/json.hpp>

#include <string>

namespace cimx {

// Simulated time of one inference by where it went (s).
struct TimeSplit {
    double cpu = 0, xbar_mvm = 0, xbar_dma = 0, xbar_program = 0;
};

struct RunMetrics {
    double latency_s = 0, latency_min_s = 0, latency_max_s = 0; // one image alone
    int64_t latency_images = 0;
    TimeSplit latency_split;
    cimvp::EnergyBreakdown energy_batch1; // per inference, one image alone
    int64_t batch = 0, batches = 0;
    double batched_s = 0, throughput_ips = 0; // batch loop: time of nn_infer, images / it
    cimvp::EnergyBreakdown energy;            // per inference at the batch
    double cpu_cycles_per_image = 0;
    double setup_s = 0;
    cimvp::EnergyBreakdown setup_energy;
};

// Throws RunError if the statistics disagree (e.g. a region has the wrong number of entries).
RunMetrics compute_metrics(const FirmwareStats& fw, const VpStats& vp);

nlohmann::json metrics_json(const RunMetrics& m);
nlohmann::json energy_json(const cimvp::EnergyBreakdown& e);
// The result lines after the top-1 line (stdout).
void print_metrics(const RunMetrics& m, const VpStats& vp, double host_s);

} // namespace cimx
