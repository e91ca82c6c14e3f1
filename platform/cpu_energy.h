// Energy of the CPU: a fixed energy per retired instruction of each class (rv32_decode.h's
// InsnClass: ALU, load, store, branch/jump, mul, div, CSR/system) and per cycle asleep in wfi.
// An instruction's energy covers everything it costs while the core is awake: fetch, decode,
// register file, pipeline clocking, its functional unit and, for loads and stores, the RAM
// access (folded into the class; there is no separate per-access term). Plain C++, no SystemC.
// The defaults and their sources: docs/platform/cpu-energy.md.
#pragma once

#include "platform/iss/rv32_decode.h"

#include <cstdint>

namespace cimvp {

constexpr unsigned kInsnClasses = static_cast<unsigned>(iss::InsnClass::count);

struct CpuEnergyParams {
    // pJ per retired instruction, indexed by iss::InsnClass.
    double insn_pj[kInsnClasses] = {
        70.0, // alu: per-instruction overhead 70 pJ + 32-bit add 0.1 pJ (rounded)
        75.0, // load: 70 pJ + 32-bit word from an 8 KiB SRAM, 5 pJ
        75.0, // store: 70 pJ + 32-bit word into an 8 KiB SRAM, 5 pJ
        70.0, // branch/jump: 70 pJ + compare (an add, 0.1 pJ)
        73.1, // mul: 70 pJ + 32-bit multiply 3.1 pJ
        73.2, // div: 70 pJ + 32 add/subtract steps of 0.1 pJ
        70.0, // system/CSR: 70 pJ
    };
    double sleep_pj_per_cycle = 7.0; // clock gated in wfi: leakage, 10 % of an active cycle
};

struct CpuActivity {
    uint64_t retired[kInsnClasses] = {}; // retired instructions by class
    uint64_t sleep_cycles = 0;           // cycles asleep in wfi
};

// pJ of the activity under the parameters.
double cpu_energy_pj(const CpuEnergyParams& p, const CpuActivity& a);

} // namespace cimvp
