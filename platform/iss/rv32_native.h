// The block engine's translator to host code (x86-64): a block whose every
// instruction it knows is compiled once into host code, which the block engine
// (rv32_blocks.cpp) enters in place of the block's micro-ops. Design and
// switches: the header comment of rv32_native.cpp. Internal to platform/iss.
#pragma once

#include "platform/iss/rv32_decode.h"

#include <cstddef>
#include <cstdint>

// ISS_NATIVE (default 1; CMake option CIMVP_ISS_NATIVE) builds the translator
// on x86-64 hosts; 0, or another host, leaves the block engine's micro-ops alone.
#ifndef ISS_NATIVE
#define ISS_NATIVE 1
#endif
#if ISS_NATIVE && defined(__x86_64__) && (defined(__linux__) || defined(__APPLE__))
#define ISS_NATIVE_AVAILABLE 1
#else
#define ISS_NATIVE_AVAILABLE 0
#endif

namespace iss {

// The state the host code shares with the core: the counters it keeps in host
// registers (cycles, instret) on entry and exit, and the exit's details.
struct NativeState {
    uint64_t cycles = 0, instret = 0, limit = 0;
    uint8_t* mem = nullptr; // the DMI window's host pointer
    void* chain = nullptr;  // NativeCode::Exit::link: the slot to chain; jalr_miss: its links
    uint32_t pc = 0;        // where to go on
    uint32_t unused = 0;
};

// Where the host code finds the core's state: byte offsets from the Core object.
struct NativeLayout {
    int32_t x = 0;       // x_[0]
    int32_t retired = 0; // retired_[0]
    int32_t state = 0;   // NativeState
};

// One guest instruction of a block, as the translator sees it.
struct NativeInsn {
    Op op;
    uint8_t rd, rs1, rs2; // rd 32: x0's sink (the result is dropped)
    int32_t imm;          // auipc: its result
    uint32_t pc;
    uint32_t through; // cycles from the block's start through this instruction
};

struct NativeBlock {
    uint32_t pc, last_start, cycles, taken_pc, next_pc;
    const NativeInsn* insns;
    unsigned count;  // guest instructions
    bool terminated; // the last one is a branch, jal or jalr (else: go on at next_pc)
    uint32_t penalty, dmi_base, dmi_size, tohost_guard;
};

// Per compiled block: its successors' host code (the chaining), in data memory
// (the code itself stays read-only).
struct NativeLinks {
    const uint8_t* taken; // taken branch, jal, jalr's cached target
    const uint8_t* next;  // fall-through
    uint32_t jalr_target; // odd: none
    uint32_t unused;
    uint64_t runs; // times the block retired whole (its classes are counted from this)
};

class NativeCode {
  public:
    enum Exit : uint32_t {
        tail,      // the block at state.pc does not fit before the limit
        interpret, // run the instruction at state.pc on the per-instruction loop
        link,      // go on at state.pc; state.chain: the slot that wants its host code
        jalr_miss, // jalr to state.pc; state.chain: the NativeLinks of the jalr
    };

    // retired: the core's retired-by-class counters (InsnClass), to which flush() adds the
    // counts of the whole blocks that ran since the last flush.
    NativeCode(const NativeLayout& layout, uint64_t* retired);
    ~NativeCode();
    NativeCode(const NativeCode&) = delete;
    NativeCode& operator=(const NativeCode&) = delete;

    bool ok() const { return code_ != nullptr; }
    // True when the code is written through a second, read-write mapping (no system call
    // per block); false on the mprotect fallback.
    bool aliased() const { return writable_ != nullptr; }
    // Whether NativeCode objects made from now on try the two-mapping scheme (default on;
    // the tests turn it off to check the mprotect fallback).
    static void set_alias_mapping(bool on) { use_alias_ = on; }
    void flush();
    bool room() const;
    // The host code of b, or nullptr if it holds an instruction the translator leaves out.
    const uint8_t* compile(const NativeBlock& b);
    // Runs host code from `entry` until it exits; the core's NativeState carries the counters.
    Exit enter(void* core, const uint8_t* entry) const { return Exit(enter_(core, entry)); }
    size_t blocks() const { return links_used_; } // compiled since the last flush
    // Retired instructions of class c in whole blocks since the last flush (not yet in the
    // core's counters): each block's count of c times its runs.
    uint64_t pending(unsigned c) const;
    uint32_t offset(const uint8_t* p) const { return static_cast<uint32_t>(p - code_); }
    const uint8_t* at(uint32_t offset) const { return code_ + offset; }
    // What a chaining slot points to when its successor has host code.
    static void set_link(void* slot, const uint8_t* entry) {
        *static_cast<const uint8_t**>(slot) = entry;
    }

  private:
    uint8_t* code_ = nullptr;     // kCodeBytes, executable (and the links after it)
    uint8_t* writable_ = nullptr; // the same kCodeBytes mapped read-write, or nullptr
    static inline bool use_alias_ = true;
    uint8_t* map_writable_alias(uint8_t* code);
    size_t used_ = 0, fixed_ = 0;
    NativeLinks* links_ = nullptr;
    size_t links_used_ = 0;
    const uint8_t* exit_ = nullptr;
    uint32_t (*enter_)(void*, const uint8_t*) = nullptr;
    NativeLayout layout_;
    uint64_t* retired_ = nullptr;
    uint8_t* classes_ = nullptr; // per compiled block: instructions by class
    bool write(const uint8_t* bytes, size_t n);
};

} // namespace iss
