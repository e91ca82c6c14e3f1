#include "platform/soc/run_stats.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>

namespace cimvp {

namespace {

nlohmann::json energy_json(const EnergyBreakdown& e) {
    nlohmann::json j = nlohmann::json::object();
    for (const EnergyComponent& c : kEnergyComponents) j[c.name] = e.*c.joules;
    j["total"] = total_joules(e);
    return j;
}

nlohmann::json retired_json(const CpuActivity& cpu) {
    nlohmann::json j = nlohmann::json::object();
    for (unsigned k = 0; k < kInsnClasses; ++k)
        j[iss::insn_class_name(static_cast<iss::InsnClass>(k))] = cpu.retired[k];
    return j;
}

// The keys common to the whole run and to a region.
nlohmann::json activity_json(const Activity& a, double clock_hz) {
    return {
        {"instructions", a.instructions},
        {"cycles", a.cycles},
        {"sleep_cycles", a.cpu.sleep_cycles},
        {"sim_time_s", clock_hz > 0 ? double(a.cycles) / clock_hz : 0.0},
        {"retired_by_class", retired_json(a.cpu)},
        {"energy_j", energy_json(a.energy)},
        {"xbar",
         {{"commands", a.xbar_commands},
          {"mvms", a.xbar_mvms},
          {"conversions", a.xbar_conversions},
          {"programmed_cells", a.xbar_cells},
          {"dma_bytes", a.xbar_dma_bytes},
          {"busy_s", a.xbar_busy_ns * 1e-9},
          {"mvm_s", a.xbar_mvm_ns * 1e-9},
          {"dma_s", a.xbar_dma_ns * 1e-9},
          {"program_s", a.xbar_program_ns * 1e-9},
          {"descriptors", a.xbar_descriptors},
          {"periphery_s", a.xbar_periph_ns * 1e-9},
          {"dma_wait_s", a.xbar_dma_wait_ns * 1e-9},
          // Kept from earlier versions: the accelerator's energy and its parts, the MVMs'
          // with their ADC conversions (energy_j above has the ADC apart).
          {"energy_j", total_joules(a.energy) - a.energy.cpu_j},
          {"mvm_j", a.energy.xbar_mvm_j + a.energy.xbar_adc_j},
          {"dma_j", a.energy.xbar_dma_j},
          {"program_j", a.energy.xbar_program_j}}},
    };
}

// Per layer tag: the activity's keys, with sim_time_s the layer's share of the time (its CPU
// time and the accelerator's busy time attributed to it) and cpu_s the CPU's part.
nlohmann::json layers_json(const std::map<uint32_t, LayerActivity>& layers, double clock_hz) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& [tag, l] : layers) {
        nlohmann::json lj = activity_json(l.activity, clock_hz);
        lj["layer"] = tag;
        lj["sim_time_s"] = l.time_ns() * 1e-9;
        lj["cpu_s"] = l.cpu_ns * 1e-9;
        j.push_back(lj);
    }
    return j;
}

nlohmann::json energy_params_json(const CpuEnergyParams& p) {
    nlohmann::json j = nlohmann::json::object();
    for (unsigned k = 0; k < kInsnClasses; ++k)
        j[std::string("e_") + iss::insn_class_name(static_cast<iss::InsnClass>(k)) + "_pj"] =
            p.insn_pj[k];
    j["e_sleep_pj_per_cycle"] = p.sleep_pj_per_cycle;
    return j;
}

} // namespace

void RunStats::print(FILE* log) const {
    std::fprintf(log,
                 "cimvp: %s, exit code %d: %llu instructions, %llu cycles, %.6f ms simulated "
                 "(%.1f MHz, quantum %.3g us); host %.3f s, %.1f MIPS\n",
                 end.c_str(), exit_code, static_cast<unsigned long long>(total.instructions),
                 static_cast<unsigned long long>(total.cycles), sim_time_s * 1e3, clock_hz / 1e6,
                 quantum_s * 1e6, host_s, mips());
    if (total.xbar_commands)
        std::fprintf(log,
                     "cimvp: xbar: %llu commands, %llu MVMs, %llu conversions, %llu cells "
                     "programmed, %.3f us busy\n",
                     static_cast<unsigned long long>(total.xbar_commands),
                     static_cast<unsigned long long>(total.xbar_mvms),
                     static_cast<unsigned long long>(total.xbar_conversions),
                     static_cast<unsigned long long>(total.xbar_cells), total.xbar_busy_ns * 1e-3);
    std::string parts;
    for (const EnergyComponent& c : kEnergyComponents) {
        char part[64];
        std::snprintf(part, sizeof part, "%s%s %.3f", parts.empty() ? "" : ", ", c.name,
                      total.energy.*c.joules * 1e9);
        parts += part;
    }
    std::fprintf(log, "cimvp: energy %.3f nJ (%s nJ)\n", total_joules(total.energy) * 1e9,
                 parts.c_str());
    if (region_misuse)
        std::fprintf(log, "cimvp: %llu misused statistics-region writes (see stats_regions.h)\n",
                     static_cast<unsigned long long>(region_misuse));
}

void RunStats::write_json(const std::string& path) const {
    nlohmann::json j = activity_json(total, clock_hz);
    j.update({
        {"firmware", firmware},
        {"end", end},
        {"exit_code", exit_code},
        {"firmware_exit_code", firmware_exit_code},
        {"sim_time_s", sim_time_s},
        {"host_s", host_s},
        {"mips", mips()},
        {"clock_hz", clock_hz},
        {"timebase_hz", timebase_hz},
        {"quantum_s", quantum_s},
        {"seed", seed},
        {"cpu_energy_params", energy_params_json(cpu_energy)},
        {"stats_region_misuse", region_misuse},
        {"interrupts_taken", interrupts_taken},
        {"layers", layers_json(layers, clock_hz)},
    });
    nlohmann::json regions_json = nlohmann::json::array();
    for (const auto& [id, r] : regions) {
        nlohmann::json rj = activity_json(r.activity, clock_hz);
        rj["id"] = id;
        rj["entries"] = r.entries;
        rj["layers"] = layers_json(r.layers, clock_hz);
        regions_json.push_back(rj);
    }
    j["regions"] = regions_json;
    std::ofstream out(path);
    out << j.dump(2) << "\n";
    if (!out) throw std::runtime_error(path + ": cannot write statistics");
}

} // namespace cimvp
