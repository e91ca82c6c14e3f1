// Instruction encoders for the ISS tests, written from the RISC-V spec's
// format tables and deliberately independent from platform/iss/rv32_decode.cpp
// (which has its own encoders for the RVC expansion): a bug there must not be
// mirrored here.
//
// 32-bit forms: enc::r/i/s/b/u/j plus one helper per mnemonic.
// 16-bit forms: enc::c_* helpers, immediates scattered bit by bit following the
// spec's "imm[...]" field lists.
#pragma once

#include <cstdint>
#include <initializer_list>

namespace enc {

// clang-format off
enum Reg : uint32_t {
    zero, ra, sp, gp, tp, t0, t1, t2, s0, s1, a0, a1, a2, a3, a4, a5,
    a6, a7, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, t3, t4, t5, t6,
};
// clang-format on

constexpr uint32_t bit(uint32_t v, unsigned n) { return (v >> n) & 1u; }
constexpr uint32_t field(uint32_t v, unsigned hi, unsigned lo) {
    return (v >> lo) & ((1u << (hi - lo + 1)) - 1);
}
constexpr uint32_t u(int32_t v) { return static_cast<uint32_t>(v); }

// ---- base formats -----------------------------------------------------------
constexpr uint32_t r(uint32_t funct7, uint32_t rs2, uint32_t rs1, uint32_t funct3, uint32_t rd,
                     uint32_t opcode) {
    return funct7 << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
}
constexpr uint32_t i(int32_t imm, uint32_t rs1, uint32_t funct3, uint32_t rd, uint32_t opcode) {
    return field(u(imm), 11, 0) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
}
constexpr uint32_t s(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t funct3, uint32_t opcode) {
    return field(u(imm), 11, 5) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 |
           field(u(imm), 4, 0) << 7 | opcode;
}
constexpr uint32_t b(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t funct3) {
    uint32_t v = u(imm);
    return bit(v, 12) << 31 | field(v, 10, 5) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 |
           field(v, 4, 1) << 8 | bit(v, 11) << 7 | 0x63;
}
constexpr uint32_t uj_u(uint32_t imm20, uint32_t rd, uint32_t opcode) {
    return (imm20 & 0xfffff) << 12 | rd << 7 | opcode;
}
constexpr uint32_t j(int32_t imm, uint32_t rd) {
    uint32_t v = u(imm);
    return bit(v, 20) << 31 | field(v, 10, 1) << 21 | bit(v, 11) << 20 | field(v, 19, 12) << 12 |
           rd << 7 | 0x6f;
}

// ---- RV32I ------------------------------------------------------------------
constexpr uint32_t lui(uint32_t rd, uint32_t imm20) { return uj_u(imm20, rd, 0x37); }
constexpr uint32_t auipc(uint32_t rd, uint32_t imm20) { return uj_u(imm20, rd, 0x17); }
constexpr uint32_t jal(uint32_t rd, int32_t off) { return j(off, rd); }
constexpr uint32_t jalr(uint32_t rd, uint32_t rs1, int32_t off) { return i(off, rs1, 0, rd, 0x67); }

constexpr uint32_t beq(uint32_t rs1, uint32_t rs2, int32_t off) { return b(off, rs2, rs1, 0); }
constexpr uint32_t bne(uint32_t rs1, uint32_t rs2, int32_t off) { return b(off, rs2, rs1, 1); }
constexpr uint32_t blt(uint32_t rs1, uint32_t rs2, int32_t off) { return b(off, rs2, rs1, 4); }
constexpr uint32_t bge(uint32_t rs1, uint32_t rs2, int32_t off) { return b(off, rs2, rs1, 5); }
constexpr uint32_t bltu(uint32_t rs1, uint32_t rs2, int32_t off) { return b(off, rs2, rs1, 6); }
constexpr uint32_t bgeu(uint32_t rs1, uint32_t rs2, int32_t off) { return b(off, rs2, rs1, 7); }

constexpr uint32_t lb(uint32_t rd, uint32_t rs1, int32_t off) { return i(off, rs1, 0, rd, 0x03); }
constexpr uint32_t lh(uint32_t rd, uint32_t rs1, int32_t off) { return i(off, rs1, 1, rd, 0x03); }
constexpr uint32_t lw(uint32_t rd, uint32_t rs1, int32_t off) { return i(off, rs1, 2, rd, 0x03); }
constexpr uint32_t lbu(uint32_t rd, uint32_t rs1, int32_t off) { return i(off, rs1, 4, rd, 0x03); }
constexpr uint32_t lhu(uint32_t rd, uint32_t rs1, int32_t off) { return i(off, rs1, 5, rd, 0x03); }
constexpr uint32_t sb(uint32_t rs2, uint32_t rs1, int32_t off) { return s(off, rs2, rs1, 0, 0x23); }
constexpr uint32_t sh(uint32_t rs2, uint32_t rs1, int32_t off) { return s(off, rs2, rs1, 1, 0x23); }
constexpr uint32_t sw(uint32_t rs2, uint32_t rs1, int32_t off) { return s(off, rs2, rs1, 2, 0x23); }

constexpr uint32_t addi(uint32_t rd, uint32_t rs1, int32_t imm) { return i(imm, rs1, 0, rd, 0x13); }
constexpr uint32_t slti(uint32_t rd, uint32_t rs1, int32_t imm) { return i(imm, rs1, 2, rd, 0x13); }
constexpr uint32_t sltiu(uint32_t rd, uint32_t rs1, int32_t imm) {
    return i(imm, rs1, 3, rd, 0x13);
}
constexpr uint32_t xori(uint32_t rd, uint32_t rs1, int32_t imm) { return i(imm, rs1, 4, rd, 0x13); }
constexpr uint32_t ori(uint32_t rd, uint32_t rs1, int32_t imm) { return i(imm, rs1, 6, rd, 0x13); }
constexpr uint32_t andi(uint32_t rd, uint32_t rs1, int32_t imm) { return i(imm, rs1, 7, rd, 0x13); }
constexpr uint32_t slli(uint32_t rd, uint32_t rs1, uint32_t sh) {
    return r(0, sh, rs1, 1, rd, 0x13);
}
constexpr uint32_t srli(uint32_t rd, uint32_t rs1, uint32_t sh) {
    return r(0, sh, rs1, 5, rd, 0x13);
}
constexpr uint32_t srai(uint32_t rd, uint32_t rs1, uint32_t sh) {
    return r(0x20, sh, rs1, 5, rd, 0x13);
}
constexpr uint32_t nop() { return addi(zero, zero, 0); }

constexpr uint32_t op(uint32_t f7, uint32_t f3, uint32_t rd, uint32_t rs1, uint32_t rs2) {
    return r(f7, rs2, rs1, f3, rd, 0x33);
}
constexpr uint32_t add(uint32_t rd, uint32_t rs1, uint32_t rs2) { return op(0, 0, rd, rs1, rs2); }
constexpr uint32_t sub(uint32_t rd, uint32_t rs1, uint32_t rs2) {
    return op(0x20, 0, rd, rs1, rs2);
}
constexpr uint32_t sll(uint32_t rd, uint32_t rs1, uint32_t rs2) { return op(0, 1, rd, rs1, rs2); }
constexpr uint32_t slt(uint32_t rd, uint32_t rs1, uint32_t rs2) { return op(0, 2, rd, rs1, rs2); }
constexpr uint32_t sltu(uint32_t rd, uint32_t rs1, uint32_t rs2) { return op(0, 3, rd, rs1, rs2); }
constexpr uint32_t xor_(uint32_t rd, uint32_t rs1, uint32_t rs2) { return op(0, 4, rd, rs1, rs2); }
constexpr uint32_t srl(uint32_t rd, uint32_t rs1, uint32_t rs2) { return op(0, 5, rd, rs1, rs2); }
constexpr uint32_t sra(uint32_t rd, uint32_t rs1, uint32_t rs2) {
    return op(0x20, 5, rd, rs1, rs2);
}
constexpr uint32_t or_(uint32_t rd, uint32_t rs1, uint32_t rs2) { return op(0, 6, rd, rs1, rs2); }
constexpr uint32_t and_(uint32_t rd, uint32_t rs1, uint32_t rs2) { return op(0, 7, rd, rs1, rs2); }

// ---- M ----------------------------------------------------------------------
constexpr uint32_t mul(uint32_t rd, uint32_t rs1, uint32_t rs2) { return op(1, 0, rd, rs1, rs2); }
constexpr uint32_t mulh(uint32_t rd, uint32_t rs1, uint32_t rs2) { return op(1, 1, rd, rs1, rs2); }
constexpr uint32_t mulhsu(uint32_t rd, uint32_t rs1, uint32_t rs2) {
    return op(1, 2, rd, rs1, rs2);
}
constexpr uint32_t mulhu(uint32_t rd, uint32_t rs1, uint32_t rs2) { return op(1, 3, rd, rs1, rs2); }
constexpr uint32_t div(uint32_t rd, uint32_t rs1, uint32_t rs2) { return op(1, 4, rd, rs1, rs2); }
constexpr uint32_t divu(uint32_t rd, uint32_t rs1, uint32_t rs2) { return op(1, 5, rd, rs1, rs2); }
constexpr uint32_t rem(uint32_t rd, uint32_t rs1, uint32_t rs2) { return op(1, 6, rd, rs1, rs2); }
constexpr uint32_t remu(uint32_t rd, uint32_t rs1, uint32_t rs2) { return op(1, 7, rd, rs1, rs2); }

// ---- system, Zicsr, Zifencei -------------------------------------------------
constexpr uint32_t fence() { return 0x0ff0000f; } // fence iorw, iorw
constexpr uint32_t fence_i() { return i(0, 0, 1, 0, 0x0f); }
constexpr uint32_t ecall() { return 0x00000073; }
constexpr uint32_t ebreak() { return 0x00100073; }
constexpr uint32_t mret() { return 0x30200073; }
constexpr uint32_t wfi() { return 0x10500073; }
constexpr uint32_t csr_op(uint32_t f3, uint32_t rd, uint32_t csr, uint32_t rs1_or_zimm) {
    return csr << 20 | rs1_or_zimm << 15 | f3 << 12 | rd << 7 | 0x73;
}
constexpr uint32_t csrrw(uint32_t rd, uint32_t csr, uint32_t rs1) {
    return csr_op(1, rd, csr, rs1);
}
constexpr uint32_t csrrs(uint32_t rd, uint32_t csr, uint32_t rs1) {
    return csr_op(2, rd, csr, rs1);
}
constexpr uint32_t csrrc(uint32_t rd, uint32_t csr, uint32_t rs1) {
    return csr_op(3, rd, csr, rs1);
}
constexpr uint32_t csrrwi(uint32_t rd, uint32_t csr, uint32_t zimm) {
    return csr_op(5, rd, csr, zimm);
}
constexpr uint32_t csrrsi(uint32_t rd, uint32_t csr, uint32_t zimm) {
    return csr_op(6, rd, csr, zimm);
}
constexpr uint32_t csrrci(uint32_t rd, uint32_t csr, uint32_t zimm) {
    return csr_op(7, rd, csr, zimm);
}
constexpr uint32_t csrr(uint32_t rd, uint32_t csr) { return csrrs(rd, csr, zero); }
constexpr uint32_t csrw(uint32_t csr, uint32_t rs1) { return csrrw(zero, csr, rs1); }
constexpr uint32_t csrwi(uint32_t csr, uint32_t zimm) { return csrrwi(zero, csr, zimm); }

// ---- RVC --------------------------------------------------------------------
// Places immediate bits into instruction bits: `layout` lists, from
// instruction bit `top` downwards, which immediate bit goes there.
inline uint16_t scatter(uint32_t imm, unsigned top, std::initializer_list<unsigned> layout) {
    uint32_t out = 0;
    unsigned pos = top;
    for (unsigned imm_bit : layout) out |= bit(imm, imm_bit) << pos--;
    return static_cast<uint16_t>(out);
}
// x8..x15 as the 3-bit register field of the compressed formats.
constexpr uint32_t creg(uint32_t r) { return r - 8; }

inline uint16_t cfmt(uint32_t funct3, uint32_t quadrant) {
    return static_cast<uint16_t>(funct3 << 13 | quadrant);
}

// Quadrant 0
inline uint16_t c_addi4spn(uint32_t rd, uint32_t nzuimm) { // nzuimm[5:4|9:6|2|3] at 12:5
    return cfmt(0, 0) | scatter(nzuimm, 12, {5, 4, 9, 8, 7, 6, 2, 3}) | creg(rd) << 2;
}
inline uint16_t c_lw(uint32_t rd, uint32_t rs1, uint32_t uimm) { // uimm[5:3] 12:10, [2|6] 6:5
    return cfmt(2, 0) | scatter(uimm, 12, {5, 4, 3}) | creg(rs1) << 7 | scatter(uimm, 6, {2, 6}) |
           creg(rd) << 2;
}
inline uint16_t c_sw(uint32_t rs2, uint32_t rs1, uint32_t uimm) {
    return cfmt(6, 0) | scatter(uimm, 12, {5, 4, 3}) | creg(rs1) << 7 | scatter(uimm, 6, {2, 6}) |
           creg(rs2) << 2;
}
// Quadrant 1
inline uint16_t ci(uint32_t funct3, uint32_t quadrant, uint32_t rd, int32_t imm6) {
    return cfmt(funct3, quadrant) | scatter(u(imm6), 12, {5}) | rd << 7 |
           scatter(u(imm6), 6, {4, 3, 2, 1, 0});
}
inline uint16_t c_nop() { return ci(0, 1, 0, 0); }
inline uint16_t c_addi(uint32_t rd, int32_t imm) { return ci(0, 1, rd, imm); }
inline uint16_t c_li(uint32_t rd, int32_t imm) { return ci(2, 1, rd, imm); }
inline uint16_t c_lui(uint32_t rd, int32_t imm6) { return ci(3, 1, rd, imm6); } // imm[17:12]
inline uint16_t c_addi16sp(int32_t imm) { // nzimm[9] at 12, nzimm[4|6|8:7|5] at 6:2
    return cfmt(3, 1) | scatter(u(imm), 12, {9}) | sp << 7 | scatter(u(imm), 6, {4, 6, 8, 7, 5});
}
inline uint16_t cj(uint32_t funct3, int32_t off) { // offset[11|4|9:8|10|6|7|3:1|5] at 12:2
    return cfmt(funct3, 1) | scatter(u(off), 12, {11, 4, 9, 8, 10, 6, 7, 3, 2, 1, 5});
}
inline uint16_t c_jal(int32_t off) { return cj(1, off); }
inline uint16_t c_j(int32_t off) { return cj(5, off); }
inline uint16_t cb_shift_andi(uint32_t funct2, uint32_t rd, uint32_t imm6) {
    return cfmt(4, 1) | scatter(imm6, 12, {5}) | funct2 << 10 | creg(rd) << 7 |
           scatter(imm6, 6, {4, 3, 2, 1, 0});
}
inline uint16_t c_srli(uint32_t rd, uint32_t shamt) { return cb_shift_andi(0, rd, shamt); }
inline uint16_t c_srai(uint32_t rd, uint32_t shamt) { return cb_shift_andi(1, rd, shamt); }
inline uint16_t c_andi(uint32_t rd, int32_t imm) { return cb_shift_andi(2, rd, u(imm)); }
inline uint16_t ca(uint32_t bit12, uint32_t funct2, uint32_t rd, uint32_t rs2) {
    return cfmt(4, 1) | bit12 << 12 | 3u << 10 | creg(rd) << 7 | funct2 << 5 | creg(rs2) << 2;
}
inline uint16_t c_sub(uint32_t rd, uint32_t rs2) { return ca(0, 0, rd, rs2); }
inline uint16_t c_xor(uint32_t rd, uint32_t rs2) { return ca(0, 1, rd, rs2); }
inline uint16_t c_or(uint32_t rd, uint32_t rs2) { return ca(0, 2, rd, rs2); }
inline uint16_t c_and(uint32_t rd, uint32_t rs2) { return ca(0, 3, rd, rs2); }
inline uint16_t cb_branch(uint32_t funct3, uint32_t rs1, int32_t off) { // off[8|4:3] [7:6|2:1|5]
    return cfmt(funct3, 1) | scatter(u(off), 12, {8, 4, 3}) | creg(rs1) << 7 |
           scatter(u(off), 6, {7, 6, 2, 1, 5});
}
inline uint16_t c_beqz(uint32_t rs1, int32_t off) { return cb_branch(6, rs1, off); }
inline uint16_t c_bnez(uint32_t rs1, int32_t off) { return cb_branch(7, rs1, off); }
// Quadrant 2
inline uint16_t c_slli(uint32_t rd, uint32_t shamt) {
    return ci(0, 2, rd, static_cast<int32_t>(shamt));
}
inline uint16_t c_lwsp(uint32_t rd, uint32_t uimm) { // uimm[5] at 12, uimm[4:2|7:6] at 6:2
    return cfmt(2, 2) | scatter(uimm, 12, {5}) | rd << 7 | scatter(uimm, 6, {4, 3, 2, 7, 6});
}
inline uint16_t c_swsp(uint32_t rs2, uint32_t uimm) { // uimm[5:2|7:6] at 12:7
    return cfmt(6, 2) | scatter(uimm, 12, {5, 4, 3, 2, 7, 6}) | rs2 << 2;
}
inline uint16_t cr(uint32_t bit12, uint32_t rd_rs1, uint32_t rs2) {
    return cfmt(4, 2) | bit12 << 12 | rd_rs1 << 7 | rs2 << 2;
}
inline uint16_t c_jr(uint32_t rs1) { return cr(0, rs1, 0); }
inline uint16_t c_mv(uint32_t rd, uint32_t rs2) { return cr(0, rd, rs2); }
inline uint16_t c_ebreak() { return cr(1, 0, 0); }
inline uint16_t c_jalr(uint32_t rs1) { return cr(1, rs1, 0); }
inline uint16_t c_add(uint32_t rd, uint32_t rs2) { return cr(1, rd, rs2); }

} // namespace enc
