// The instruction table of the ISS: one line per instruction, as Spike's
// instruction lists and encoding.h are data. Everything else is derived from
// it (rv32_decode.h, rv32_decode.cpp, rv32_core.cpp): the Op enum and names,
// decoding (an instruction is the line whose `mask` bits of the encoding equal
// `match`; `format` says where its operands are), which ops write rd (x0 is
// then mapped to a sink register), the cycle cost (a CpiTable field by
// `cycle class`), the energy class and the interpreter's handler table. The
// semantics of each op are in rv32_semantics.h, the CSRs in rv32_csr.cpp.
// docs/platform/cpu.md ("Adding an instruction") says what to touch.
//
// Columns:
//   name         the Op (a C++ identifier: xor_, or_, and_ avoid the keywords)
//   format       R, I, Ish (I with a 5-bit shift amount), S, B, U, J,
//                Sys (imm = the 12-bit funct12/CSR field, unsigned; for the
//                immediate CSR forms rs1 is the 5-bit zimm), Fence (no operand)
//   extension    I, M, Zicsr, Zifencei, Priv (machine-mode privileged ops)
//   writes rd    1 if the op writes rd
//   cycle class  alu, load, store, branch, jump (its cost includes the taken
//                penalty), mul, div, csr, system: the CpiTable field it costs
//   match, mask  the fixed bits of the 32-bit encoding (compressed encodings
//                are expanded to these first, rv32_decode.cpp)
//
// The order of the lines is the order of Op (illegal comes first, outside the
// table) and of the handler table; it carries no other meaning.
#pragma once

// clang-format off
#define ISS_INSNS(X)                                                        \
    /* name     format ext       rd  cycle   match       mask        */      \
    X(lui,      U,     I,        1,  alu,    0x00000037, 0x0000007f)         \
    X(auipc,    U,     I,        1,  alu,    0x00000017, 0x0000007f)         \
    X(jal,      J,     I,        1,  jump,   0x0000006f, 0x0000007f)         \
    X(jalr,     I,     I,        1,  jump,   0x00000067, 0x0000707f)         \
    X(beq,      B,     I,        0,  branch, 0x00000063, 0x0000707f)         \
    X(bne,      B,     I,        0,  branch, 0x00001063, 0x0000707f)         \
    X(blt,      B,     I,        0,  branch, 0x00004063, 0x0000707f)         \
    X(bge,      B,     I,        0,  branch, 0x00005063, 0x0000707f)         \
    X(bltu,     B,     I,        0,  branch, 0x00006063, 0x0000707f)         \
    X(bgeu,     B,     I,        0,  branch, 0x00007063, 0x0000707f)         \
    X(lb,       I,     I,        1,  load,   0x00000003, 0x0000707f)         \
    X(lh,       I,     I,        1,  load,   0x00001003, 0x0000707f)         \
    X(lw,       I,     I,        1,  load,   0x00002003, 0x0000707f)         \
    X(lbu,      I,     I,        1,  load,   0x00004003, 0x0000707f)         \
    X(lhu,      I,     I,        1,  load,   0x00005003, 0x0000707f)         \
    X(sb,       S,     I,        0,  store,  0x00000023, 0x0000707f)         \
    X(sh,       S,     I,        0,  store,  0x00001023, 0x0000707f)         \
    X(sw,       S,     I,        0,  store,  0x00002023, 0x0000707f)         \
    X(addi,     I,     I,        1,  alu,    0x00000013, 0x0000707f)         \
    X(slti,     I,     I,        1,  alu,    0x00002013, 0x0000707f)         \
    X(sltiu,    I,     I,        1,  alu,    0x00003013, 0x0000707f)         \
    X(xori,     I,     I,        1,  alu,    0x00004013, 0x0000707f)         \
    X(ori,      I,     I,        1,  alu,    0x00006013, 0x0000707f)         \
    X(andi,     I,     I,        1,  alu,    0x00007013, 0x0000707f)         \
    X(slli,     Ish,   I,        1,  alu,    0x00001013, 0xfe00707f)         \
    X(srli,     Ish,   I,        1,  alu,    0x00005013, 0xfe00707f)         \
    X(srai,     Ish,   I,        1,  alu,    0x40005013, 0xfe00707f)         \
    X(add,      R,     I,        1,  alu,    0x00000033, 0xfe00707f)         \
    X(sub,      R,     I,        1,  alu,    0x40000033, 0xfe00707f)         \
    X(sll,      R,     I,        1,  alu,    0x00001033, 0xfe00707f)         \
    X(slt,      R,     I,        1,  alu,    0x00002033, 0xfe00707f)         \
    X(sltu,     R,     I,        1,  alu,    0x00003033, 0xfe00707f)         \
    X(xor_,     R,     I,        1,  alu,    0x00004033, 0xfe00707f)         \
    X(srl,      R,     I,        1,  alu,    0x00005033, 0xfe00707f)         \
    X(sra,      R,     I,        1,  alu,    0x40005033, 0xfe00707f)         \
    X(or_,      R,     I,        1,  alu,    0x00006033, 0xfe00707f)         \
    X(and_,     R,     I,        1,  alu,    0x00007033, 0xfe00707f)         \
    X(mul,      R,     M,        1,  mul,    0x02000033, 0xfe00707f)         \
    X(mulh,     R,     M,        1,  mul,    0x02001033, 0xfe00707f)         \
    X(mulhsu,   R,     M,        1,  mul,    0x02002033, 0xfe00707f)         \
    X(mulhu,    R,     M,        1,  mul,    0x02003033, 0xfe00707f)         \
    X(div,      R,     M,        1,  div,    0x02004033, 0xfe00707f)         \
    X(divu,     R,     M,        1,  div,    0x02005033, 0xfe00707f)         \
    X(rem,      R,     M,        1,  div,    0x02006033, 0xfe00707f)         \
    X(remu,     R,     M,        1,  div,    0x02007033, 0xfe00707f)         \
    X(fence,    Fence, I,        0,  system, 0x0000000f, 0x0000707f)         \
    X(fence_i,  Fence, Zifencei, 0,  system, 0x0000100f, 0x0000707f)         \
    X(ecall,    Sys,   I,        0,  system, 0x00000073, 0xffffffff)         \
    X(ebreak,   Sys,   I,        0,  system, 0x00100073, 0xffffffff)         \
    X(mret,     Sys,   Priv,     0,  system, 0x30200073, 0xffffffff)         \
    X(wfi,      Sys,   Priv,     0,  system, 0x10500073, 0xffffffff)         \
    X(csrrw,    Sys,   Zicsr,    1,  csr,    0x00001073, 0x0000707f)         \
    X(csrrs,    Sys,   Zicsr,    1,  csr,    0x00002073, 0x0000707f)         \
    X(csrrc,    Sys,   Zicsr,    1,  csr,    0x00003073, 0x0000707f)         \
    X(csrrwi,   Sys,   Zicsr,    1,  csr,    0x00005073, 0x0000707f)         \
    X(csrrsi,   Sys,   Zicsr,    1,  csr,    0x00006073, 0x0000707f)         \
    X(csrrci,   Sys,   Zicsr,    1,  csr,    0x00007073, 0x0000707f)
// clang-format on
