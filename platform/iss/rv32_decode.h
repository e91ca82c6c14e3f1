// RV32IMC + Zicsr + Zifencei instruction decoding, separate from execution.
//
// Compressed instructions are first expanded to their 32-bit equivalent
// (expand_compressed), so execution only knows the base encodings. The
// decoded form is what the core's decode cache stores.
#pragma once

#include <cstdint>

namespace iss {

// clang-format 14 does not settle on one layout of this list.
// clang-format off
#define ISS_OPS(X)                                                                                 \
    X(illegal)                                                                                     \
    X(lui) X(auipc) X(jal) X(jalr) X(beq) X(bne) X(blt) X(bge) X(bltu) X(bgeu) X(lb) X(lh) X(lw)   \
        X(lbu) X(lhu) X(sb) X(sh) X(sw) X(addi) X(slti) X(sltiu) X(xori) X(ori) X(andi) X(slli)    \
            X(srli) X(srai) X(add) X(sub) X(sll) X(slt) X(sltu) X(xor_) X(srl) X(sra) X(or_)       \
                X(and_) X(mul) X(mulh) X(mulhsu) X(mulhu) X(div) X(divu) X(rem) X(remu) X(fence)   \
                    X(fence_i) X(ecall) X(ebreak) X(mret) X(wfi) X(csrrw) X(csrrs) X(csrrc)        \
                        X(csrrwi) X(csrrsi) X(csrrci)
// clang-format on

enum class Op : uint8_t {
#define ISS_ENUM(name) name,
    ISS_OPS(ISS_ENUM)
#undef ISS_ENUM
        count
};

const char* op_name(Op op);

// Instruction classes for energy accounting (platform/cpu_energy.h): branch includes the
// jumps, system the CSR instructions and ecall/ebreak/mret/wfi/fence/fence.i.
enum class InsnClass : uint8_t { alu, load, store, branch, mul, div, system, count };

constexpr InsnClass insn_class(Op op) {
    switch (op) {
    case Op::lb:
    case Op::lh:
    case Op::lw:
    case Op::lbu:
    case Op::lhu: return InsnClass::load;
    case Op::sb:
    case Op::sh:
    case Op::sw: return InsnClass::store;
    case Op::jal:
    case Op::jalr:
    case Op::beq:
    case Op::bne:
    case Op::blt:
    case Op::bge:
    case Op::bltu:
    case Op::bgeu: return InsnClass::branch;
    case Op::mul:
    case Op::mulh:
    case Op::mulhsu:
    case Op::mulhu: return InsnClass::mul;
    case Op::div:
    case Op::divu:
    case Op::rem:
    case Op::remu: return InsnClass::div;
    case Op::fence:
    case Op::fence_i:
    case Op::ecall:
    case Op::ebreak:
    case Op::mret:
    case Op::wfi:
    case Op::csrrw:
    case Op::csrrs:
    case Op::csrrc:
    case Op::csrrwi:
    case Op::csrrsi:
    case Op::csrrci: return InsnClass::system;
    default: return InsnClass::alu;
    }
}

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
