// The system's energy split by component: the typed record cimvp writes (--stats-json) and
// cimx reads. Every consumer walks kEnergyComponents, so a new component is one member, one
// table row and one line where the platform fills the record (system_energy() in
// platform/soc/platform.cpp). Header-only, no dependencies.
#pragma once

namespace cimvp {

struct EnergyBreakdown {
    double cpu_j = 0;            // instructions and wfi sleep (platform/cpu_energy.h)
    double xbar_mvm_j = 0;       // crossbar MVMs without the ADC: word-lines, cell reads, digital
    double xbar_adc_j = 0;       // the crossbars' ADC conversions
    double xbar_dma_j = 0;       // the accelerator's DMA
    double xbar_program_j = 0;   // programming tiles (write pulses, verify reads)
    double xbar_periphery_j = 0; // the command queue's threshold, pool and row-add units
};

struct EnergyComponent {
    const char* name; // JSON key and label
    double EnergyBreakdown::*joules;
    const char* meaning;
};

// clang-format off
inline constexpr EnergyComponent kEnergyComponents[] = {
    {"cpu", &EnergyBreakdown::cpu_j, "CPU: retired instructions by class and cycles asleep in wfi"},
    {"xbar_mvm", &EnergyBreakdown::xbar_mvm_j, "crossbar MVMs without the ADC (word-line drive, cell reads, shift-and-add)"},
    {"xbar_adc", &EnergyBreakdown::xbar_adc_j, "the crossbars' ADC conversions"},
    {"xbar_dma", &EnergyBreakdown::xbar_dma_j, "accelerator DMA between RAM and the crossbars"},
    {"xbar_program", &EnergyBreakdown::xbar_program_j, "programming crossbar tiles (write pulses and verify reads)"},
    {"xbar_periphery", &EnergyBreakdown::xbar_periphery_j, "the accelerator's digital periphery: threshold, max-pool and row-add units"},
};
// clang-format on

inline double total_joules(const EnergyBreakdown& e) {
    double sum = 0;
    for (const EnergyComponent& c : kEnergyComponents) sum += e.*c.joules;
    return sum;
}

inline EnergyBreakdown operator-(EnergyBreakdown a, const EnergyBreakdown& b) {
    for (const EnergyComponent& c : kEnergyComponents) a.*c.joules -= b.*c.joules;
    return a;
}

inline EnergyBreakdown& operator+=(EnergyBreakdown& a, const EnergyBreakdown& b) {
    for (const EnergyComponent& c : kEnergyComponents) a.*c.joules += b.*c.joules;
    return a;
}

inline EnergyBreakdown scaled(EnergyBreakdown e, double factor) {
    for (const EnergyComponent& c : kEnergyComponents) e.*c.joules *= factor;
    return e;
}

} // namespace cimvp
