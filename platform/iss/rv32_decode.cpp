#include "platform/iss/rv32_decode.h"

namespace iss {

const char* op_name(Op op) { return op < Op::count ? insn_info(op).name : "?"; }

const char* insn_class_name(InsnClass c) {
    static const char* const names[] = {"alu", "load", "store", "branch", "mul", "div", "system"};
    static_assert(sizeof names / sizeof names[0] == static_cast<unsigned>(InsnClass::count),
                  "one name per class");
    return c < InsnClass::count ? names[static_cast<unsigned>(c)] : "?";
}

namespace {

// ---- field extraction -------------------------------------------------------
uint32_t bits(uint32_t v, unsigned hi, unsigned lo) {
    return (v >> lo) & ((1u << (hi - lo + 1)) - 1);
}
int32_t sext(uint32_t v, unsigned width) {
    uint32_t m = 1u << (width - 1);
    return static_cast<int32_t>((v ^ m) - m);
}

int32_t imm_i(uint32_t r) { return static_cast<int32_t>(r) >> 20; }
int32_t imm_s(uint32_t r) { return sext((bits(r, 31, 25) << 5) | bits(r, 11, 7), 12); }
int32_t imm_b(uint32_t r) {
    return sext((bits(r, 31, 31) << 12) | (bits(r, 7, 7) << 11) | (bits(r, 30, 25) << 5) |
                    (bits(r, 11, 8) << 1),
                13);
}
int32_t imm_u(uint32_t r) { return static_cast<int32_t>(r & 0xfffff000u); }
int32_t imm_j(uint32_t r) {
    return sext((bits(r, 31, 31) << 20) | (bits(r, 19, 12) << 12) | (bits(r, 20, 20) << 11) |
                    (bits(r, 30, 21) << 1),
                21);
}

// ---- 32-bit encoders used by the RVC expansion -----------------------------
constexpr uint32_t OP_LOAD = 0x03, OP_IMM = 0x13, OP_STORE = 0x23, OP_REG = 0x33, OP_LUI = 0x37,
                   OP_BRANCH = 0x63, OP_JALR = 0x67, OP_JAL = 0x6f;

uint32_t enc_r(uint32_t f7, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op) {
    return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}
uint32_t enc_i(int32_t imm, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op) {
    return (static_cast<uint32_t>(imm) & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}
uint32_t enc_s(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3) {
    uint32_t u = static_cast<uint32_t>(imm);
    return bits(u, 11, 5) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | bits(u, 4, 0) << 7 | OP_STORE;
}
uint32_t enc_b(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3) {
    uint32_t u = static_cast<uint32_t>(imm);
    return bits(u, 12, 12) << 31 | bits(u, 10, 5) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
           bits(u, 4, 1) << 8 | bits(u, 11, 11) << 7 | OP_BRANCH;
}
uint32_t enc_j(int32_t imm, uint32_t rd) {
    uint32_t u = static_cast<uint32_t>(imm);
    return bits(u, 20, 20) << 31 | bits(u, 10, 1) << 21 | bits(u, 11, 11) << 20 |
           bits(u, 19, 12) << 12 | rd << 7 | OP_JAL;
}

// ---- RVC immediates ---------------------------------------------------------
int32_t cj_imm(uint32_t c) { // C.J / C.JAL: imm[11|4|9:8|10|6|7|3:1|5]
    return sext(bits(c, 12, 12) << 11 | bits(c, 11, 11) << 4 | bits(c, 10, 9) << 8 |
                    bits(c, 8, 8) << 10 | bits(c, 7, 7) << 6 | bits(c, 6, 6) << 7 |
                    bits(c, 5, 3) << 1 | bits(c, 2, 2) << 5,
                12);
}
int32_t cb_imm(uint32_t c) { // C.BEQZ / C.BNEZ: offset[8|4:3] [7:6|2:1|5]
    return sext(bits(c, 12, 12) << 8 | bits(c, 11, 10) << 3 | bits(c, 6, 5) << 6 |
                    bits(c, 4, 3) << 1 | bits(c, 2, 2) << 5,
                9);
}
int32_t ci_imm(uint32_t c) { return sext(bits(c, 12, 12) << 5 | bits(c, 6, 2), 6); }
uint32_t clw_uimm(uint32_t c) {
    return bits(c, 12, 10) << 3 | bits(c, 6, 6) << 2 | bits(c, 5, 5) << 6;
}

uint32_t expand_q0(uint32_t c) {
    uint32_t rdp = 8 + bits(c, 4, 2), rs1p = 8 + bits(c, 9, 7);
    switch (bits(c, 15, 13)) {
    case 0: { // C.ADDI4SPN
        uint32_t nzuimm =
            bits(c, 12, 11) << 4 | bits(c, 10, 7) << 6 | bits(c, 6, 6) << 2 | bits(c, 5, 5) << 3;
        return nzuimm ? enc_i(static_cast<int32_t>(nzuimm), 2, 0, rdp, OP_IMM) : 0;
    }
    case 2: return enc_i(static_cast<int32_t>(clw_uimm(c)), rs1p, 2, rdp, OP_LOAD); // C.LW
    case 6: return enc_s(static_cast<int32_t>(clw_uimm(c)), rdp, rs1p, 2);          // C.SW
    default: return 0; // C.FLD/C.FLW/C.FSD/C.FSW (no F/D) and the reserved slot
    }
}

uint32_t expand_q1(uint32_t c) {
    uint32_t rd = bits(c, 11, 7), rdp = 8 + bits(c, 9, 7), rs2p = 8 + bits(c, 4, 2);
    switch (bits(c, 15, 13)) {
    case 0: return enc_i(ci_imm(c), rd, 0, rd, OP_IMM); // C.ADDI / C.NOP
    case 1: return enc_j(cj_imm(c), 1);                 // C.JAL
    case 2: return enc_i(ci_imm(c), 0, 0, rd, OP_IMM);  // C.LI
    case 3:
        if (rd == 2) { // C.ADDI16SP
            int32_t imm = sext(bits(c, 12, 12) << 9 | bits(c, 6, 6) << 4 | bits(c, 5, 5) << 6 |
                                   bits(c, 4, 3) << 7 | bits(c, 2, 2) << 5,
                               10);
            return imm ? enc_i(imm, 2, 0, 2, OP_IMM) : 0;
        } else { // C.LUI
            int32_t imm = ci_imm(c);
            return imm ? (static_cast<uint32_t>(imm) << 12) | rd << 7 | OP_LUI : 0;
        }
    case 4:
        switch (bits(c, 11, 10)) {
        case 0:
            return bits(c, 12, 12) ? 0 : enc_r(0x00, bits(c, 6, 2), rdp, 5, rdp, OP_IMM); // C.SRLI
        case 1:
            return bits(c, 12, 12) ? 0 : enc_r(0x20, bits(c, 6, 2), rdp, 5, rdp, OP_IMM); // C.SRAI
        case 2: return enc_i(ci_imm(c), rdp, 7, rdp, OP_IMM);                             // C.ANDI
        default: {
            if (bits(c, 12, 12)) return 0; // RV64-only C.SUBW/C.ADDW and reserved
            static const uint32_t f3[] = {0, 4, 6, 7}, f7[] = {0x20, 0, 0, 0}; // SUB XOR OR AND
            uint32_t k = bits(c, 6, 5);
            return enc_r(f7[k], rs2p, rdp, f3[k], rdp, OP_REG);
        }
        }
    case 5: return enc_j(cj_imm(c), 0);          // C.J
    case 6: return enc_b(cb_imm(c), 0, rdp, 0);  // C.BEQZ
    default: return enc_b(cb_imm(c), 0, rdp, 1); // C.BNEZ
    }
}

uint32_t expand_q2(uint32_t c) {
    uint32_t rd = bits(c, 11, 7), rs2 = bits(c, 6, 2);
    switch (bits(c, 15, 13)) {
    case 0: return bits(c, 12, 12) ? 0 : enc_r(0, rs2, rd, 1, rd, OP_IMM); // C.SLLI
    case 2: {                                                              // C.LWSP
        uint32_t uimm = bits(c, 12, 12) << 5 | bits(c, 6, 4) << 2 | bits(c, 3, 2) << 6;
        return rd ? enc_i(static_cast<int32_t>(uimm), 2, 2, rd, OP_LOAD) : 0;
    }
    case 4:
        if (!bits(c, 12, 12)) {
            if (rs2 == 0) return rd ? enc_i(0, rd, 0, 0, OP_JALR) : 0; // C.JR
            return enc_r(0, rs2, 0, 0, rd, OP_REG);                    // C.MV
        }
        if (rd == 0 && rs2 == 0) return 0x00100073;       // C.EBREAK
        if (rs2 == 0) return enc_i(0, rd, 0, 1, OP_JALR); // C.JALR
        return enc_r(0, rs2, rd, 0, rd, OP_REG);          // C.ADD
    case 6: {                                             // C.SWSP
        uint32_t uimm = bits(c, 12, 9) << 2 | bits(c, 8, 7) << 6;
        return enc_s(static_cast<int32_t>(uimm), rs2, 2, 2);
    }
    default: return 0; // C.FLDSP/C.FLWSP/C.FSDSP/C.FSWSP
    }
}

// ---- 32-bit decode, from the instruction table ----------------------------------

// The table's ops grouped by major opcode (the low 7 bits, fixed in every
// mask), so that a decode tries a handful of lines instead of all of them.
struct OpcodeIndex {
    Op ops[static_cast<unsigned>(Op::count)];
    uint8_t first[129] = {}; // ops of opcode k: ops[first[k] .. first[k + 1])
    OpcodeIndex() {
        unsigned n = 0;
        for (unsigned opcode = 0; opcode < 128; ++opcode) {
            first[opcode] = static_cast<uint8_t>(n);
            for (unsigned k = 1; k < static_cast<unsigned>(Op::count); ++k)
                if ((detail::insn_table[k].match & 0x7f) == opcode) ops[n++] = static_cast<Op>(k);
        }
        first[128] = static_cast<uint8_t>(n);
    }
};

Op lookup_op(uint32_t r) {
    static const OpcodeIndex index;
    const unsigned opcode = r & 0x7f;
    for (unsigned k = index.first[opcode]; k < index.first[opcode + 1]; ++k) {
        const InsnInfo& info = insn_info(index.ops[k]);
        if ((r & info.mask) == info.match) return index.ops[k];
    }
    return Op::illegal;
}

int32_t immediate(Format f, uint32_t r) {
    switch (f) {
    case Format::I: return imm_i(r);
    case Format::Ish: return static_cast<int32_t>(bits(r, 24, 20));
    case Format::S: return imm_s(r);
    case Format::B: return imm_b(r);
    case Format::U: return imm_u(r);
    case Format::J: return imm_j(r);
    case Format::Sys: return static_cast<int32_t>(bits(r, 31, 20));
    default: return 0; // R, Fence: no immediate
    }
}

Insn decode32(uint32_t r) {
    Insn d;
    d.raw = r;
    d.op = lookup_op(r);
    d.rd = bits(r, 11, 7);
    d.rs1 = bits(r, 19, 15);
    d.rs2 = bits(r, 24, 20);
    if (d.op != Op::illegal) d.imm = immediate(insn_info(d.op).format, r);
    return d;
}

} // namespace

uint32_t expand_compressed(uint16_t c) {
    switch (c & 3) {
    case 0: return expand_q0(c);
    case 1: return expand_q1(c);
    case 2: return expand_q2(c);
    default: return 0;
    }
}

Insn decode(uint32_t raw) {
    if ((raw & 3) == 3) return decode32(raw);
    uint16_t c = static_cast<uint16_t>(raw);
    uint32_t expanded = expand_compressed(c);
    Insn d = expanded ? decode32(expanded) : Insn{};
    d.len = 2;
    d.raw = c;
    return d;
}

} // namespace iss
