// RV32IMC + Zicsr + Zifencei instruction decoding, separate from execution.
//
// Compressed instructions are first expanded to their 32-bit equivalent
// (expand_compressed), so execution only knows the base encodings. The
// decoded form is what the core's decode cache stores.
#pragma once

#include "platform/iss/rv32_insns.h"

#include <cstdint>

namespace iss {

// Op::illegal, then one Op per line of the instruction table (rv32_insns.h).
enum class Op : uint8_t {
    illegal,
#define ISS_ENUM(name, ...) name,
    ISS_INSNS(ISS_ENUM)
#undef ISS_ENUM
        count
};

// Operand layout of an encoding (the table's format column).
enum class Format : uint8_t { none, R, I, Ish, S, B, U, J, Sys, Fence };
// The ISA extension an op belongs to (the table's extension column).
enum class Extension : uint8_t { none, I, M, Zicsr, Zifencei, Priv };
// What an op costs: the CpiTable field (rv32_core.h) of the table's cycle
// class column. A jump costs `jump` plus the taken penalty.
enum class CycleClass : uint8_t { alu, load, store, branch, jump, mul, div, csr, system };

// Instruction classes for energy accounting (platform/cpu_energy.h): branch includes the
// jumps, system the CSR instructions and ecall/ebreak/mret/wfi/fence/fence.i.
enum class InsnClass : uint8_t { alu, load, store, branch, mul, div, system, count };

// One line of the instruction table.
struct InsnInfo {
    const char* name;
    Format format;
    Extension extension;
    bool writes_rd;
    CycleClass cycle_class;
    uint32_t match, mask;
};

namespace detail {
// clang-format off
constexpr InsnInfo insn_table[] = {
    {"illegal", Format::none, Extension::none, false, CycleClass::system, 0, 0},
#define ISS_INFO(name, format, ext, rd, cycle, match, mask) \
    {#name, Format::format, Extension::ext, rd != 0, CycleClass::cycle, match, mask},
    ISS_INSNS(ISS_INFO)
#undef ISS_INFO
};
// clang-format on
static_assert(sizeof insn_table / sizeof insn_table[0] == static_cast<unsigned>(Op::count),
              "one table line per Op");
} // namespace detail

constexpr const InsnInfo& insn_info(Op op) {
    return detail::insn_table[op < Op::count ? static_cast<unsigned>(op) : 0];
}
constexpr bool writes_rd(Op op) { return insn_info(op).writes_rd; }
constexpr CycleClass cycle_class(Op op) { return insn_info(op).cycle_class; }

constexpr InsnClass insn_class(CycleClass c) {
    switch (c) {
    case CycleClass::load: return InsnClass::load;
    case CycleClass::store: return InsnClass::store;
    case CycleClass::branch:
    case CycleClass::jump: return InsnClass::branch;
    case CycleClass::mul: return InsnClass::mul;
    case CycleClass::div: return InsnClass::div;
    case CycleClass::csr:
    case CycleClass::system: return InsnClass::system;
    default: return InsnClass::alu;
    }
}
constexpr InsnClass insn_class(Op op) { return insn_class(cycle_class(op)); }

const char* op_name(Op op);
const char* insn_class_name(InsnClass c);

// One decoded instruction. For CSR ops `imm` holds the CSR number and, for
// the immediate forms, `rs1` holds the 5-bit zimm.
struct Insn {
    Op op = Op::illegal;
    uint8_t rd = 0, rs1 = 0, rs2 = 0;
    int32_t imm = 0;
    uint8_t len = 4;  // 2 for compressed encodings
    uint32_t raw = 0; // the original encoding (16 or 32 bits), for mtval
};

// Length in bytes of the instruction whose low 16 bits are `low_half`.
inline unsigned insn_length(uint16_t low_half) { return (low_half & 3) == 3 ? 4 : 2; }

// The 32-bit instruction a 16-bit RVC encoding stands for, or 0 if the
// encoding is illegal or reserved.
uint32_t expand_compressed(uint16_t c);

// Decodes a 32-bit instruction, or a compressed one (given in the low half,
// upper half ignored) when its low two bits are not 0b11.
Insn decode(uint32_t raw);

} // namespace iss
