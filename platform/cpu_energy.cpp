#include "platform/cpu_energy.h"

namespace cimvp {

double cpu_energy_pj(const CpuEnergyParams& p, const CpuActivity& a) {
    double pj = p.sleep_pj_per_cycle * static_cast<double>(a.sleep_cycles);
    for (unsigned k = 0; k < kInsnClasses; ++k)
        pj += p.insn_pj[k] * static_cast<double>(a.retired[k]);
    return pj;
}

} // namespace cimvp
