// End-of-run statistics: printed on the VP's log and written as JSON.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace cimvp {

struct RunStats {
    std::string firmware;
    std::string end;            // exited | fatal | instruction_limit | sleeping_forever
    int exit_code = 0;          // the process exit code
    int firmware_exit_code = 0; // as the firmware gave it (may not fit in 8 bits)
    uint64_t instructions = 0, cycles = 0, sleep_cycles = 0; // sleep: in wfi
    double sim_time_s = 0, host_s = 0, clock_hz = 0, quantum_s = 0;
    uint64_t seed = 0;
    // The accelerator's activity (ip/tlm/xbar_device.h).
    uint64_t xbar_commands = 0, xbar_mvms = 0, xbar_conversions = 0, xbar_cells = 0,
             xbar_dma_bytes = 0;
    double xbar_energy_j = 0, xbar_busy_s = 0, xbar_mvm_s = 0, xbar_program_s = 0, xbar_dma_s = 0;
    double xbar_mvm_j = 0, xbar_program_j = 0, xbar_dma_j = 0;

    double mips() const { return host_s > 0 ? instructions / host_s / 1e6 : 0; }
    void print(FILE* log) const;
    void write_json(const std::string& path) const; // throws std::runtime_error
};

} // namespace cimvp
