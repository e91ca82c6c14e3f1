// End-of-run statistics: printed on the VP's log and written as JSON (--stats-json; the keys
// are described in docs/user-guide.md).
#pragma once

#include "platform/activity.h"
#include "platform/cpu_energy.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

namespace cimvp {

struct RunStats {
    std::string firmware;
    std::string end;            // exited | fatal | instruction_limit | sleeping_forever
    int exit_code = 0;          // the process exit code
    int firmware_exit_code = 0; // as the firmware gave it (may not fit in 8 bits)
    double sim_time_s = 0, host_s = 0, clock_hz = 0, timebase_hz = 0, quantum_s = 0;
    uint64_t seed = 0;
    Activity total;             // the whole run
    CpuEnergyParams cpu_energy; // the cpu.e_* options the CPU energy was computed with
    struct Region {
        uint64_t entries = 0;
        Activity activity;
        std::map<uint32_t, LayerActivity> layers; // by layer tag (stats_regions.h, LAYER)
    };
    std::map<uint32_t, LayerActivity> layers; // the whole run by layer tag
    std::map<uint32_t, Region> regions;       // statistics regions the firmware delimited
    uint64_t region_misuse = 0;
    uint64_t interrupts_taken = 0; // traps into an interrupt handler

    double mips() const { return host_s > 0 ? total.instructions / host_s / 1e6 : 0; }
    void print(FILE* log) const;
    void write_json(const std::string& path) const; // throws std::runtime_error
};

} // namespace cimvp
