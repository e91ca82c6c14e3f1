// RVC expansion (iss::expand_compressed and iss::decode on 16-bit encodings):
// every compressed form, swept over its registers and its whole immediate
// range (negative and extreme values included), compared against the 32-bit
// instruction built with the independent encoders of rv_encode.h; the HINT
// encodings that must stay legal; and every reserved or unsupported encoding,
// which must expand to 0 (illegal).
#include "platform/iss/rv32_decode.h"
#include "tests/platform/iss/rv_encode.h"

#include <gtest/gtest.h>

#include <iomanip>
#include <sstream>

using namespace enc;
using iss::expand_compressed;

namespace {

std::string hex(uint32_t v) {
    std::ostringstream s;
    s << "0x" << std::hex << std::setw(8) << std::setfill('0') << v;
    return s.str();
}

#define EXPECT_EXPANDS(c16, expected32)                                                            \
    EXPECT_EQ(hex(expand_compressed(c16)), hex(expected32)) << "c = " << hex(c16)

constexpr uint32_t compressed_regs[] = {s0, s1, a0, a1, a2, a3, a4, a5};

TEST(RvcExpand, AddI4SpnAllRegistersAndImmediates) {
    for (uint32_t rd : compressed_regs)
        for (uint32_t imm = 4; imm <= 1020; imm += 4)
            EXPECT_EXPANDS(c_addi4spn(rd, imm), addi(rd, sp, static_cast<int32_t>(imm)));
}

TEST(RvcExpand, LwAndSwAllRegistersAndOffsets) {
    for (uint32_t r1 : compressed_regs)
        for (uint32_t r2 : compressed_regs)
            for (uint32_t off = 0; off <= 124; off += 4) {
                EXPECT_EXPANDS(c_lw(r1, r2, off), lw(r1, r2, static_cast<int32_t>(off)));
                EXPECT_EXPANDS(c_sw(r1, r2, off), sw(r1, r2, static_cast<int32_t>(off)));
            }
}

TEST(RvcExpand, NopAddiLi) {
    EXPECT_EXPANDS(c_nop(), 0x00000013u);
    for (uint32_t rd = 1; rd < 32; ++rd)
        for (int32_t imm = -32; imm <= 31; ++imm) {
            EXPECT_EXPANDS(c_addi(rd, imm), addi(rd, rd, imm));
            EXPECT_EXPANDS(c_li(rd, imm), addi(rd, zero, imm));
        }
}

TEST(RvcExpand, JalAndJWholeOffsetRange) {
    for (int32_t off = -2048; off <= 2046; off += 2) {
        EXPECT_EXPANDS(c_jal(off), jal(ra, off));
        EXPECT_EXPANDS(c_j(off), jal(zero, off));
    }
}

TEST(RvcExpand, AddI16SpWholeRange) {
    for (int32_t imm = -512; imm <= 496; imm += 16)
        if (imm != 0) {
            EXPECT_EXPANDS(c_addi16sp(imm), addi(sp, sp, imm));
        }
}

TEST(RvcExpand, LuiSignExtendsItsSixBitImmediate) {
    for (uint32_t rd = 1; rd < 32; ++rd) {
        if (rd == sp) continue; // that slot is C.ADDI16SP
        for (int32_t imm = -32; imm <= 31; ++imm)
            if (imm != 0) {
                EXPECT_EXPANDS(c_lui(rd, imm), lui(rd, static_cast<uint32_t>(imm)));
            }
    }
    EXPECT_EXPANDS(c_lui(a0, -32), 0xfffe0537u); // lui a0, 0xfffe0
    EXPECT_EXPANDS(c_lui(a0, 31), 0x0001f537u);  // lui a0, 0x1f
}

TEST(RvcExpand, ShiftsAndAndi) {
    for (uint32_t rd : compressed_regs) {
        for (uint32_t shamt = 1; shamt < 32; ++shamt) {
            EXPECT_EXPANDS(c_srli(rd, shamt), srli(rd, rd, shamt));
            EXPECT_EXPANDS(c_srai(rd, shamt), srai(rd, rd, shamt));
        }
        for (int32_t imm = -32; imm <= 31; ++imm)
            EXPECT_EXPANDS(c_andi(rd, imm), andi(rd, rd, imm));
    }
    for (uint32_t rd = 1; rd < 32; ++rd)
        for (uint32_t shamt = 1; shamt < 32; ++shamt)
            EXPECT_EXPANDS(c_slli(rd, shamt), slli(rd, rd, shamt));
}

TEST(RvcExpand, RegisterRegisterArithmetic) {
    for (uint32_t rd : compressed_regs)
        for (uint32_t rs2 : compressed_regs) {
            EXPECT_EXPANDS(c_sub(rd, rs2), sub(rd, rd, rs2));
            EXPECT_EXPANDS(c_xor(rd, rs2), xor_(rd, rd, rs2));
            EXPECT_EXPANDS(c_or(rd, rs2), or_(rd, rd, rs2));
            EXPECT_EXPANDS(c_and(rd, rs2), and_(rd, rd, rs2));
        }
    for (uint32_t rd = 1; rd < 32; ++rd)
        for (uint32_t rs2 = 1; rs2 < 32; ++rs2) {
            EXPECT_EXPANDS(c_mv(rd, rs2), add(rd, zero, rs2));
            EXPECT_EXPANDS(c_add(rd, rs2), add(rd, rd, rs2));
        }
}

TEST(RvcExpand, BranchesWholeOffsetRange) {
    for (uint32_t rs1 : compressed_regs)
        for (int32_t off = -256; off <= 254; off += 2) {
            EXPECT_EXPANDS(c_beqz(rs1, off), beq(rs1, zero, off));
            EXPECT_EXPANDS(c_bnez(rs1, off), bne(rs1, zero, off));
        }
}

TEST(RvcExpand, StackPointerLoadsAndStores) {
    for (uint32_t r = 0; r < 32; ++r)
        for (uint32_t off = 0; off <= 252; off += 4) {
            if (r != 0) {
                EXPECT_EXPANDS(c_lwsp(r, off), lw(r, sp, static_cast<int32_t>(off)));
            }
            EXPECT_EXPANDS(c_swsp(r, off), sw(r, sp, static_cast<int32_t>(off)));
        }
}

TEST(RvcExpand, JumpRegisterAndEbreak) {
    for (uint32_t rs1 = 1; rs1 < 32; ++rs1) {
        EXPECT_EXPANDS(c_jr(rs1), jalr(zero, rs1, 0));
        EXPECT_EXPANDS(c_jalr(rs1), jalr(ra, rs1, 0));
    }
    EXPECT_EXPANDS(c_ebreak(), ebreak());
}

// Spot checks against encodings produced by GNU as, so that a mistake
// shared by the decoder and rv_encode.h would still show.
TEST(RvcExpand, KnownEncodingsFromTheAssembler) {
    EXPECT_EXPANDS(0x0040, 0x00410413u); // c.addi4spn s0,sp,4  -> addi s0,sp,4
    EXPECT_EXPANDS(0x1ffc, 0x3fc10793u); // c.addi4spn a5,sp,1020
    EXPECT_EXPANDS(0x4188, 0x0005a503u); // c.lw a0,0(a1)       -> lw a0,0(a1)
    EXPECT_EXPANDS(0xdffc, 0x06f7ae23u); // c.sw a5,124(a5)     -> sw a5,124(a5)
    EXPECT_EXPANDS(0x1141, 0xff010113u); // c.addi sp,-16
    EXPECT_EXPANDS(0x557d, 0xfff00513u); // c.li a0,-1
    EXPECT_EXPANDS(0x7101, 0xe0010113u); // c.addi16sp sp,-512
    EXPECT_EXPANDS(0x3001, 0x801ff0efu); // c.jal -2048         -> jal ra,-2048
    EXPECT_EXPANDS(0xaffd, 0x7fe0006fu); // c.j 2046            -> jal x0,2046
    EXPECT_EXPANDS(0xdc7d, 0xfe040fe3u); // c.beqz s0,-2        -> beq s0,x0,-2
    EXPECT_EXPANDS(0xec7d, 0x0e041f63u); // c.bnez s0,254
    EXPECT_EXPANDS(0x9002, 0x00100073u); // c.ebreak
    EXPECT_EXPANDS(0x8082, 0x00008067u); // c.jr ra (ret)
    EXPECT_EXPANDS(0x50fe, 0x0fc12083u); // c.lwsp ra,252(sp)
    EXPECT_EXPANDS(0xdf86, 0x0e112e23u); // c.swsp ra,252(sp)
}

// HINTs (rd = x0, zero shift amounts, ...) are legal and execute as no-ops.
TEST(RvcExpand, HintsStayLegal) {
    EXPECT_EXPANDS(c_addi(zero, 5), addi(zero, zero, 5));
    EXPECT_EXPANDS(c_addi(a0, 0), addi(a0, a0, 0));
    EXPECT_EXPANDS(c_li(zero, -3), addi(zero, zero, -3));
    EXPECT_EXPANDS(c_lui(zero, 1), lui(zero, 1));
    EXPECT_EXPANDS(c_mv(zero, a0), add(zero, zero, a0));
    EXPECT_EXPANDS(c_add(zero, a0), add(zero, zero, a0));
    EXPECT_EXPANDS(c_slli(zero, 3), slli(zero, zero, 3));
    EXPECT_EXPANDS(c_slli(a0, 0), slli(a0, a0, 0));
    EXPECT_EXPANDS(c_srli(a0, 0), srli(a0, a0, 0));
    EXPECT_EXPANDS(c_srai(a0, 0), srai(a0, a0, 0));
}

TEST(RvcExpand, ReservedAndUnsupportedEncodingsAreIllegal) {
    struct Case {
        const char* what;
        uint16_t c;
    };
    const Case cases[] = {
        {"all zeros", 0x0000},
        {"C.ADDI4SPN nzuimm=0, rd'=s1", c_addi4spn(s1, 0)},
        {"C.ADDI4SPN nzuimm=0, rd'=a5", c_addi4spn(a5, 0)},
        {"C.LWSP rd=0", c_lwsp(zero, 4)},
        {"C.LWSP rd=0 uimm=0", c_lwsp(zero, 0)},
        {"C.JR rs1=0", c_jr(zero)},
        {"C.ADDI16SP 0", c_addi16sp(0)},
        {"C.LUI a0, 0", c_lui(a0, 0)},
        {"C.LUI zero, 0", c_lui(zero, 0)},
        {"C.SLLI shamt[5]=1", c_slli(a0, 32)},
        {"C.SLLI shamt=63", c_slli(a0, 63)},
        {"C.SRLI shamt[5]=1", c_srli(s0, 32)},
        {"C.SRAI shamt[5]=1", c_srai(s0, 33)},
        {"C.SUBW (RV64)", ca(1, 0, s0, s1)},
        {"C.ADDW (RV64)", ca(1, 1, s0, s1)},
        {"reserved CA 1/10", ca(1, 2, s0, s1)},
        {"reserved CA 1/11", ca(1, 3, s0, s1)},
        {"C.FLD", static_cast<uint16_t>(cfmt(1, 0) | 0x0040)},
        {"C.FLW", static_cast<uint16_t>(cfmt(3, 0) | 0x0040)},
        {"reserved Q0 100", static_cast<uint16_t>(cfmt(4, 0) | 0x0040)},
        {"C.FSD", static_cast<uint16_t>(cfmt(5, 0) | 0x0040)},
        {"C.FSW", static_cast<uint16_t>(cfmt(7, 0) | 0x0040)},
        {"C.FLDSP", static_cast<uint16_t>(cfmt(1, 2) | 0x0504)},
        {"C.FLWSP", static_cast<uint16_t>(cfmt(3, 2) | 0x0504)},
        {"C.FSDSP", static_cast<uint16_t>(cfmt(5, 2) | 0x0504)},
        {"C.FSWSP", static_cast<uint16_t>(cfmt(7, 2) | 0x0504)},
        {"32-bit encoding", 0x0013},
        {"all ones", 0xffff},
    };
    for (const Case& k : cases) {
        EXPECT_EQ(expand_compressed(k.c), 0u) << k.what << " c = " << hex(k.c);
        iss::Insn d = iss::decode(k.c);
        if ((k.c & 3) != 3) {
            EXPECT_EQ(d.op, iss::Op::illegal) << k.what;
            EXPECT_EQ(d.len, 2) << k.what;
            EXPECT_EQ(d.raw, k.c) << k.what;
        }
    }
}

TEST(RvcDecode, CompressedInstructionsDecodeToTheirExpansionWithLengthTwo) {
    iss::Insn d = iss::decode(c_addi(a0, -7));
    EXPECT_EQ(d.op, iss::Op::addi);
    EXPECT_EQ(d.rd, a0);
    EXPECT_EQ(d.rs1, a0);
    EXPECT_EQ(d.imm, -7);
    EXPECT_EQ(d.len, 2);
    EXPECT_EQ(d.raw, c_addi(a0, -7));

    // The upper half of the word is ignored for a compressed instruction.
    d = iss::decode(0xdead0000u | c_bnez(s1, -256));
    EXPECT_EQ(d.op, iss::Op::bne);
    EXPECT_EQ(d.rs1, s1);
    EXPECT_EQ(d.rs2, zero);
    EXPECT_EQ(d.imm, -256);
    EXPECT_EQ(d.len, 2);
    EXPECT_EQ(d.raw, c_bnez(s1, -256));

    d = iss::decode(c_jal(-2048));
    EXPECT_EQ(d.op, iss::Op::jal);
    EXPECT_EQ(d.rd, ra);
    EXPECT_EQ(d.imm, -2048);

    d = iss::decode(c_ebreak());
    EXPECT_EQ(d.op, iss::Op::ebreak);
    EXPECT_EQ(d.len, 2);
}

} // namespace
