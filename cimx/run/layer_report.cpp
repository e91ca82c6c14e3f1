#include "cimx/run/layer_report.h"

#include "cimx/run/run_error.h"

#include <cmath>
#include <cstdio>

namespace cimx {

std::vector<LayerRow> layer_rows(const VpRegion& region, double inferences,
                                 const std::vector<std::string>& names, double clock_hz) {
    std::vector<LayerRow> rows;
    for (const auto& [tag, l] : region.layers) {
        if (tag > names.size())
            throw RunError("cimvp statistics: layer tag " + std::to_string(tag) +
                           " but the firmware names " + std::to_string(names.size()) + " layers");
        const VpActivity& a = l.activity;
        const double k = 1.0 / inferences;
        LayerRow r;
        r.tag = tag;
        r.name = tag ? names[tag - 1] : "(outside layers)";
        r.time_s = a.sim_time_s * k;
        r.cpu_s = l.cpu_s * k;
        r.xbar_busy_s = a.xbar_busy_s * k;
        r.xbar_mvm_s = a.xbar_mvm_s * k;
        r.periphery_s = l.periphery_s * k;
        r.xbar_dma_s = a.xbar_dma_s * k;
        r.xbar_program_s = a.xbar_program_s * k;
        r.dma_wait_s = l.dma_wait_s * k;
        r.mvms = double(l.mvms) * k;
        r.conversions = double(l.conversions) * k;
        r.programmed_cells = double(l.programmed_cells) * k;
        r.descriptors = double(l.descriptors) * k;
        r.instructions = double(a.instructions) * k;
        r.cpu_cycles = r.cpu_s * clock_hz;
        r.energy = cimvp::scaled(a.energy, k);
        rows.push_back(r);
    }
    return rows;
}

nlohmann::json layers_json(const std::vector<LayerRow>& rows) {
    nlohmann::json j = nlohmann::json::array();
    for (const LayerRow& r : rows) {
        nlohmann::json e = nlohmann::json::object();
        for (const cimvp::EnergyComponent& c : cimvp::kEnergyComponents)
            e[c.name] = r.energy.*c.joules;
        j.push_back({{"layer", r.tag == 0 ? nlohmann::json(nullptr) : nlohmann::json(r.tag - 1)},
                     {"name", r.name},
                     {"time_s", r.time_s},
                     {"cpu_s", r.cpu_s},
                     {"xbar_busy_s", r.xbar_busy_s},
                     {"xbar_mvm_s", r.xbar_mvm_s},
                     {"periphery_s", r.periphery_s},
                     {"xbar_dma_s", r.xbar_dma_s},
                     {"xbar_program_s", r.xbar_program_s},
                     {"dma_wait_s", r.dma_wait_s},
                     {"mvms", r.mvms},
                     {"conversions", r.conversions},
                     {"programmed_cells", r.programmed_cells},
                     {"descriptors", r.descriptors},
                     {"cpu_instructions", r.instructions},
                     {"cpu_cycles", r.cpu_cycles},
                     {"energy_j", cimvp::total_joules(r.energy)},
                     {"energy_breakdown_j", e}});
    }
    return j;
}

void print_layers(const std::vector<LayerRow>& rows) {
    double total_s = 0;
    for (const LayerRow& r : rows) total_s += r.time_s;
    std::printf("layers (one image alone, per inference; times in us, energy in nJ):\n");
    std::printf("%-18s %9s %6s %9s %9s %9s %9s %9s %9s %9s %7s %8s %8s %9s %9s %8s %8s %8s %8s "
                "%8s %8s %8s\n",
                "layer", "time", "share", "cpu", "xbar_busy", "mvm", "periph", "dma", "program",
                "dma_wait", "MVMs", "convs", "cells", "cpu_insn", "cpu_cyc", "energy", "cpu",
                "xbar_mvm", "adc", "dma", "program", "periph");
    LayerRow sum;
    sum.name = "total";
    // Rows are differences of running sums: a residue of 1e-20 would print as -0.000.
    auto nj = [](double j) { return std::abs(j) < 1e-15 ? 0.0 : j * 1e9; };
    auto us = [](double s) { return std::abs(s) < 1e-15 ? 0.0 : s * 1e6; };
    auto line = [&](const LayerRow& r) {
        std::printf(
            "%-18.18s %9.3f %5.1f%% %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f %7.0f %8.0f %8.0f "
            "%9.0f %9.0f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f\n",
            r.name.c_str(), us(r.time_s), total_s > 0 ? 100.0 * r.time_s / total_s : 0.0,
            us(r.cpu_s), us(r.xbar_busy_s), us(r.xbar_mvm_s), us(r.periphery_s), us(r.xbar_dma_s),
            us(r.xbar_program_s), us(r.dma_wait_s), r.mvms, r.conversions, r.programmed_cells,
            r.instructions, r.cpu_cycles, nj(cimvp::total_joules(r.energy)), nj(r.energy.cpu_j),
            nj(r.energy.xbar_mvm_j), nj(r.energy.xbar_adc_j), nj(r.energy.xbar_dma_j),
            nj(r.energy.xbar_program_j), nj(r.energy.xbar_periphery_j));
    };
    for (const LayerRow& r : rows) {
        line(r);
        sum.time_s += r.time_s, sum.cpu_s += r.cpu_s, sum.xbar_busy_s += r.xbar_busy_s;
        sum.xbar_mvm_s += r.xbar_mvm_s, sum.periphery_s += r.periphery_s;
        sum.xbar_dma_s += r.xbar_dma_s, sum.xbar_program_s += r.xbar_program_s;
        sum.dma_wait_s += r.dma_wait_s;
        sum.mvms += r.mvms, sum.conversions += r.conversions;
        sum.programmed_cells += r.programmed_cells, sum.instructions += r.instructions;
        sum.cpu_cycles += r.cpu_cycles;
        sum.energy += r.energy;
    }
    line(sum);
    std::printf("(mvm, periph, dma and program are the units' busy times: they overlap, so they "
                "add up to more than xbar_busy; dma_wait is the time the layer's transfers were "
                "ready but the DMA channel was busy)\n");
}

} // namespace cimx
