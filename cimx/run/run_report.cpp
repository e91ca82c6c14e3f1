#include "cimx/run/run_report.h"

#include "cimx/run/run_error.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace cimx {
namespace {

void expect_entries(const VpRegion& r, int64_t expected, const char* what) {
    if (int64_t(r.entries) != expected)
        throw RunError(std::string("cimvp statistics: the ") + what + " region has " +
                       std::to_string(r.entries) + " entries, the firmware reports " +
                       std::to_string(expected));
}

// Per entry of a region: the time by where it went; the CPU's share is what the accelerator
// did not take (the firmware sleeps while the accelerator works).
TimeSplit split_per_entry(const VpActivity& a, double entries) {
    TimeSplit t;
    t.cpu = (a.sim_time_s - a.xbar_busy_s) / entries;
    t.xbar_mvm = a.xbar_mvm_s / entries;
    t.xbar_dma = a.xbar_dma_s / entries;
    t.xbar_program = a.xbar_program_s / entries;
    return t;
}

// "6.083 ms", "19.37 nJ": four significant digits with an SI prefix.
std::string si(double v, const char* unit) {
    static const struct {
        double scale;
        const char* prefix;
    } prefixes[] = {{1e9, "G"},  {1e6, "M"},  {1e3, "k"},   {1, ""},     {1e-3, "m"},
                    {1e-6, "u"}, {1e-9, "n"}, {1e-12, "p"}, {1e-15, "f"}};
    char buf[48];
    if (v == 0) return std::string("0 ") + unit;
    for (const auto& p : prefixes)
        if (std::fabs(v) >= p.scale * 0.9995 || p.scale == 1e-15) {
            std::snprintf(buf, sizeof buf, "%.4g %s%s", v / p.scale, p.prefix, unit);
            return buf;
        }
    return buf;
}

std::string energy_parts(const cimvp::EnergyBreakdown& e) {
    std::string s;
    for (const cimvp::EnergyComponent& c : cimvp::kEnergyComponents)
        s += std::string(s.empty() ? "" : ", ") + c.name + " " + si(e.*c.joules, "J");
    return s;
}

} // namespace

RunMetrics compute_metrics(const FirmwareStats& fw, const VpStats& vp) {
    RunMetrics m;
    const VpRegion& batched = region(vp, kRegionThroughput);
    const VpRegion& alone = region(vp, kRegionLatency);
    const VpRegion& setup = region(vp, kRegionSetup);
    expect_entries(batched, fw.batches, "throughput");
    expect_entries(alone, fw.latency_images, "latency");
    expect_entries(setup, 1, "setup");
    if (fw.images < 1 || fw.latency_images < 1 || fw.inference_ns <= 0)
        throw RunError("firmware: no image was measured");
    m.latency_images = fw.latency_images;
    m.latency_s = double(fw.latency_total_ns) * 1e-9 / double(fw.latency_images);
    m.latency_min_s = double(fw.latency_min_ns) * 1e-9;
    m.latency_max_s = double(fw.latency_max_ns) * 1e-9;
    m.latency_split = split_per_entry(alone.activity, double(alone.entries));
    m.energy_batch1 = cimvp::scaled(alone.activity.energy, 1.0 / double(fw.latency_images));
    m.batch = fw.batch;
    m.batches = fw.batches;
    m.batched_s = double(fw.inference_ns) * 1e-9;
    m.throughput_ips = double(fw.images) / m.batched_s;
    m.energy = cimvp::scaled(batched.activity.energy, 1.0 / double(fw.images));
    m.cpu_cycles_per_image = double(fw.inference_cycles) / double(fw.images);
    m.setup_s = double(fw.setup_ns) * 1e-9;
    m.setup_energy = setup.activity.energy;
    return m;
}

nlohmann::json energy_json(const cimvp::EnergyBreakdown& e) {
    nlohmann::json j = nlohmann::json::object();
    for (const cimvp::EnergyComponent& c : cimvp::kEnergyComponents) j[c.name] = e.*c.joules;
    return j;
}

nlohmann::json metrics_json(const RunMetrics& m) {
    const TimeSplit& t = m.latency_split;
    return {
        {"latency_s", m.latency_s},
        {"latency_min_s", m.latency_min_s},
        {"latency_max_s", m.latency_max_s},
        {"latency_images", m.latency_images},
        {"latency_breakdown_s",
         {{"cpu", t.cpu},
          {"xbar_mvm", t.xbar_mvm},
          {"xbar_dma", t.xbar_dma},
          {"xbar_program", t.xbar_program}}},
        {"throughput_ips", m.throughput_ips},
        {"batch", m.batch},
        {"batches", m.batches},
        {"batched_inference_s", m.batched_s},
        {"energy_j", cimvp::total_joules(m.energy)},
        {"energy_breakdown_j", energy_json(m.energy)},
        {"energy_batch1_j", cimvp::total_joules(m.energy_batch1)},
        {"energy_batch1_breakdown_j", energy_json(m.energy_batch1)},
        {"cpu_cycles_per_image", m.cpu_cycles_per_image},
        {"setup_s", m.setup_s},
        {"setup_energy_j", cimvp::total_joules(m.setup_energy)},
        {"setup_energy_breakdown_j", energy_json(m.setup_energy)},
    };
}

void print_metrics(const RunMetrics& m, const VpStats& vp, double host_s) {
    const TimeSplit& t = m.latency_split;
    std::printf("latency %s per inference (one image alone, mean of %lld; min %s, max %s): "
                "cpu %s, xbar_mvm %s, xbar_dma %s, xbar_program %s\n",
                si(m.latency_s, "s").c_str(), static_cast<long long>(m.latency_images),
                si(m.latency_min_s, "s").c_str(), si(m.latency_max_s, "s").c_str(),
                si(t.cpu, "s").c_str(), si(t.xbar_mvm, "s").c_str(), si(t.xbar_dma, "s").c_str(),
                si(t.xbar_program, "s").c_str());
    std::printf("throughput %.4g inferences/s at batch %lld (nn_infer over %lld batches, %s; "
                "reading images and printing excluded)\n",
                m.throughput_ips, static_cast<long long>(m.batch),
                static_cast<long long>(m.batches), si(m.batched_s, "s").c_str());
    std::printf("energy %s per inference at batch %lld: %s\n",
                si(cimvp::total_joules(m.energy), "J").c_str(), static_cast<long long>(m.batch),
                energy_parts(m.energy).c_str());
    std::printf("setup %s, %s (programming the resident tiles, once)\n", si(m.setup_s, "s").c_str(),
                si(cimvp::total_joules(m.setup_energy), "J").c_str());
    std::printf("simulation %.1f MIPS, host %.2f s\n", vp.mips, host_s);
}

} // namespace cimx
