// What the compiled firmware prints (docs/compiler.md, "Formats"): one "pred <index> <class>"
// line per image, in order, then "stat <name> <value>" lines. Read into a typed record: every
// statistic the firmware must print is a member, and a missing, repeated or malformed line
// is an error naming it (never a silent 0).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cimx {

// The firmware's statistics (sw/nn/firmware_main.c), all integers.
struct FirmwareStats {
    int64_t images = 0, batch = 0, timebase_hz = 0;
    int64_t setup_ns = 0;                  // programming the resident tiles
    int64_t batches = 0, inference_ns = 0; // phase 1: nn_infer over every batch
    int64_t inference_cycles = 0;          // phase 1, mcycle
    int64_t latency_images = 0, latency_total_ns = 0, latency_min_ns = 0,
            latency_max_ns = 0; // phase 2: one image at a time
    int64_t xbar_programs = 0, xbar_mvm_commands = 0, xbar_mvms = 0, xbar_busy_ns = 0,
            xbar_energy_fj = 0; // phase 1, accelerator
};

struct FirmwareOutput {
    std::vector<int> predictions;
    FirmwareStats stats;
    std::vector<std::string> layer_names; // of layer tags 1, 2, ... ("layer <tag> <name>")
};

// Every statistic by name, in the firmware's order (for the JSON record).
std::vector<std::pair<std::string, int64_t>> firmware_stats_fields(const FirmwareStats& s);

// `who` names the producer in errors ("firmware", "cimc --reference"); predictions must be
// images first .. first + n - 1. With `with_stats`, every FirmwareStats member must be there.
// Throws RunError.
FirmwareOutput parse_firmware_output(const std::string& out, int64_t first, int64_t n,
                                     const std::string& who, bool with_stats);

} // namespace cimx
