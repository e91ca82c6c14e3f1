#include "cimx/run/vp_stats.h"

#include "cimx/run/run_error.h"

#include <fstream>

namespace cimx {
namespace {

// Reads j[key] as T; `where` is the path of j in the file, for errors.
template <typename T>
T get(const nlohmann::json& j, const std::string& key, const std::string& where) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        throw RunError("cimvp statistics: no '" + where + key + "'");
    try {
        return it->get<T>();
    } catch (const nlohmann::json::exception&) {
        throw RunError("cimvp statistics: '" + where + key + "' has the wrong type");
    }
}

VpActivity activity(const nlohmann::json& j, const std::string& where) {
    VpActivity a;
    a.sim_time_s = get<double>(j, "sim_time_s", where);
    a.cycles = get<uint64_t>(j, "cycles", where);
    a.instructions = get<uint64_t>(j, "instructions", where);
    a.sleep_cycles = get<uint64_t>(j, "sleep_cycles", where);
    a.retired_by_class = get<std::map<std::string, uint64_t>>(j, "retired_by_class", where);
    const auto xbar = get<nlohmann::json>(j, "xbar", where);
    a.xbar_busy_s = get<double>(xbar, "busy_s", where + "xbar.");
    a.xbar_mvm_s = get<double>(xbar, "mvm_s", where + "xbar.");
    a.xbar_dma_s = get<double>(xbar, "dma_s", where + "xbar.");
    a.xbar_program_s = get<double>(xbar, "program_s", where + "xbar.");
    const auto energy = get<nlohmann::json>(j, "energy_j", where);
    for (const cimvp::EnergyComponent& c : cimvp::kEnergyComponents)
        a.energy.*c.joules = get<double>(energy, c.name, where + "energy_j.");
    return a;
}

std::map<uint32_t, VpLayer> layers(const nlohmann::json& region, const std::string& where) {
    std::map<uint32_t, VpLayer> by_tag;
    for (const nlohmann::json& l : get<nlohmann::json>(region, "layers", where)) {
        const uint32_t tag = get<uint32_t>(l, "layer", where + "layers[].");
        const std::string at = where + "layers[" + std::to_string(tag) + "].";
        VpLayer v;
        v.activity = activity(l, at);
        v.cpu_s = get<double>(l, "cpu_s", at);
        const auto xbar = get<nlohmann::json>(l, "xbar", at);
        v.descriptors = get<uint64_t>(xbar, "descriptors", at + "xbar.");
        v.mvms = get<uint64_t>(xbar, "mvms", at + "xbar.");
        v.conversions = get<uint64_t>(xbar, "conversions", at + "xbar.");
        v.programmed_cells = get<uint64_t>(xbar, "programmed_cells", at + "xbar.");
        v.periphery_s = get<double>(xbar, "periphery_s", at + "xbar.");
        v.dma_wait_s = get<double>(xbar, "dma_wait_s", at + "xbar.");
        by_tag[tag] = v;
    }
    return by_tag;
}

} // namespace

VpStats read_vp_stats(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw RunError(path + ": cimvp wrote no statistics");
    VpStats s;
    try {
        s.raw = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw RunError(path + ": cimvp statistics are not JSON: " + e.what());
    }
    s.mips = get<double>(s.raw, "mips", "");
    s.host_s = get<double>(s.raw, "host_s", "");
    s.clock_hz = get<double>(s.raw, "clock_hz", "");
    s.timebase_hz = get<double>(s.raw, "timebase_hz", "");
    s.seed = get<uint64_t>(s.raw, "seed", "");
    s.total = activity(s.raw, "");
    for (const nlohmann::json& r : get<nlohmann::json>(s.raw, "regions", "")) {
        const uint32_t id = get<uint32_t>(r, "id", "regions[].");
        const std::string where = "regions[" + std::to_string(id) + "].";
        s.regions[id] = {get<uint64_t>(r, "entries", where), activity(r, where), layers(r, where)};
    }
    return s;
}

const VpRegion& region(const VpStats& s, uint32_t id) {
    auto it = s.regions.find(id);
    if (it == s.regions.end())
        throw RunError("cimvp statistics: the firmware reported no region " + std::to_string(id));
    return it->second;
}

} // namespace cimx
