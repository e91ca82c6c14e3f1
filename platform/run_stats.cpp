#include "run_stats.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>

namespace cimvp {

void RunStats::print(FILE* log) const {
    std::fprintf(log,
                 "cimvp: %s, exit code %d: %llu instructions, %llu cycles, %.6f ms simulated "
                 "(%.1f MHz, quantum %.3g us); host %.3f s, %.1f MIPS\n",
                 end.c_str(), exit_code, static_cast<unsigned long long>(instructions),
                 static_cast<unsigned long long>(cycles), sim_time_s * 1e3, clock_hz / 1e6,
                 quantum_s * 1e6, host_s, mips());
    if (xbar_commands)
        std::fprintf(
            log,
            "cimvp: xbar: %llu commands, %llu MVMs, %llu conversions, %llu cells programmed, "
            "%.3f us busy, %.3f nJ\n",
            static_cast<unsigned long long>(xbar_commands),
            static_cast<unsigned long long>(xbar_mvms),
            static_cast<unsigned long long>(xbar_conversions),
            static_cast<unsigned long long>(xbar_cells), xbar_busy_s * 1e6, xbar_energy_j * 1e9);
}

void RunStats::write_json(const std::string& path) const {
    nlohmann::json j = {
        {"firmware", firmware},
        {"end", end},
        {"exit_code", exit_code},
        {"firmware_exit_code", firmware_exit_code},
        {"instructions", instructions},
        {"cycles", cycles},
        {"sleep_cycles", sleep_cycles},
        {"sim_time_s", sim_time_s},
        {"host_s", host_s},
        {"mips", mips()},
        {"clock_hz", clock_hz},
        {"quantum_s", quantum_s},
        {"seed", seed},
        {"xbar",
         {{"commands", xbar_commands},
          {"mvms", xbar_mvms},
          {"conversions", xbar_conversions},
          {"programmed_cells", xbar_cells},
          {"dma_bytes", xbar_dma_bytes},
          {"energy_j", xbar_energy_j},
          {"mvm_j", xbar_mvm_j},
          {"program_j", xbar_program_j},
          {"dma_j", xbar_dma_j},
          {"busy_s", xbar_busy_s},
          {"mvm_s", xbar_mvm_s},
          {"program_s", xbar_program_s},
          {"dma_s", xbar_dma_s}}},
    };
    std::ofstream out(path);
    out << j.dump(2) << "\n";
    if (!out) throw std::runtime_error(path + ": cannot write statistics");
}

} // namespace cimvp
