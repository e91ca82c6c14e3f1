// Seeing each executed instruction: the interface tools (instruction trace,
// profile, a lock-step checker) implement to watch the core.
//
// Zero cost when off: Core::run only tests for an observer once per pass of
// its outer loop, never per instruction. While one is attached the core runs
// one instruction per pass on its per-instruction path (the same mechanism
// as a debugger's single step, Core::step) and reports it after it executed;
// the block engine (rv32_blocks.cpp) is not used. Expect a few tens of MIPS
// instead of a few hundred.
#pragma once

#include <cstdint>

namespace iss {

// One instruction the core executed.
struct ExecutedInsn {
    uint32_t pc = 0;
    uint32_t raw = 0;       // the encoding as fetched: 16 bits for a compressed one
    uint8_t len = 4;        // 2 or 4 bytes
    bool retired = true;    // false: it trapped (it does not count in minstret)
    uint64_t cycle = 0;     // Core::cycles() before it (mcycle, unless firmware wrote mcycle)
    uint64_t cycles = 0;    // cycles it took, bus stall cycles included
    uint64_t instret = 0;   // Core::instret() after it
    uint8_t rd = 0;         // the register it wrote (1..31; a0 for a semihosting call); 0: none
    uint32_t rd_value = 0;  // the value written to rd
    uint8_t mem_size = 0;   // bytes of its load or store (1, 2, 4); 0: no memory access
    bool mem_store = false; // a store (else a load)
    uint32_t mem_addr = 0;
    uint32_t mem_value = 0; // the value stored, or the bytes loaded (before sign extension)
};

class InsnObserver {
  public:
    virtual ~InsnObserver() = default;
    // Called after each instruction that ran, trapped or not. A trap taken for
    // an interrupt, or for a fetch that failed, is not an instruction.
    virtual void executed(const ExecutedInsn& insn) = 0;
};

} // namespace iss
