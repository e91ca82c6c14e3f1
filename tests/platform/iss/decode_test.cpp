// 32-bit decoding (iss::decode): every RV32IM/Zicsr/Zifencei mnemonic maps to
// its Op with the right register fields and sign-extended immediates
// (extremes included), and encodings outside RV32IMC+Zicsr+Zifencei machine
// mode (RV64, A, F, S-mode, reserved funct fields) decode as illegal.
#include "platform/iss/rv32_decode.h"
#include "tests/platform/iss/rv_encode.h"

#include <gtest/gtest.h>

using namespace enc;
using iss::Op;

namespace {

struct Expected {
    uint32_t raw;
    Op op;
    int rd, rs1, rs2; // -1: don't care
    int32_t imm;
    bool check_imm;
};

void expect_decodes(const Expected& e) {
    iss::Insn d = iss::decode(e.raw);
    SCOPED_TRACE(testing::Message() << "raw = 0x" << std::hex << e.raw);
    EXPECT_EQ(iss::op_name(d.op), std::string(iss::op_name(e.op)));
    if (e.rd >= 0) {
        EXPECT_EQ(d.rd, e.rd);
    }
    if (e.rs1 >= 0) {
        EXPECT_EQ(d.rs1, e.rs1);
    }
    if (e.rs2 >= 0) {
        EXPECT_EQ(d.rs2, e.rs2);
    }
    if (e.check_imm) {
        EXPECT_EQ(d.imm, e.imm);
    }
    EXPECT_EQ(d.len, 4);
    EXPECT_EQ(d.raw, e.raw);
}

Expected rtype(uint32_t raw, Op op) { return {raw, op, a0, a1, a2, 0, false}; }
Expected itype(uint32_t raw, Op op, int32_t imm) { return {raw, op, a0, a1, -1, imm, true}; }

TEST(Decode, RegisterRegisterOps) {
    const Expected cases[] = {
        rtype(add(a0, a1, a2), Op::add),       rtype(sub(a0, a1, a2), Op::sub),
        rtype(sll(a0, a1, a2), Op::sll),       rtype(slt(a0, a1, a2), Op::slt),
        rtype(sltu(a0, a1, a2), Op::sltu),     rtype(xor_(a0, a1, a2), Op::xor_),
        rtype(srl(a0, a1, a2), Op::srl),       rtype(sra(a0, a1, a2), Op::sra),
        rtype(or_(a0, a1, a2), Op::or_),       rtype(and_(a0, a1, a2), Op::and_),
        rtype(mul(a0, a1, a2), Op::mul),       rtype(mulh(a0, a1, a2), Op::mulh),
        rtype(mulhsu(a0, a1, a2), Op::mulhsu), rtype(mulhu(a0, a1, a2), Op::mulhu),
        rtype(div(a0, a1, a2), Op::div),       rtype(divu(a0, a1, a2), Op::divu),
        rtype(rem(a0, a1, a2), Op::rem),       rtype(remu(a0, a1, a2), Op::remu),
    };
    for (const Expected& e : cases) expect_decodes(e);
    expect_decodes({add(t6, s11, t5), Op::add, t6, s11, t5, 0, false});
}

TEST(Decode, ImmediateOpsSignExtend) {
    const Expected cases[] = {
        itype(addi(a0, a1, 2047), Op::addi, 2047),   itype(addi(a0, a1, -2048), Op::addi, -2048),
        itype(addi(a0, a1, -1), Op::addi, -1),       itype(slti(a0, a1, -5), Op::slti, -5),
        itype(sltiu(a0, a1, -1), Op::sltiu, -1),     itype(xori(a0, a1, -1), Op::xori, -1),
        itype(ori(a0, a1, 0x555), Op::ori, 0x555),   itype(andi(a0, a1, -256), Op::andi, -256),
        itype(slli(a0, a1, 31), Op::slli, 31),       itype(srli(a0, a1, 1), Op::srli, 1),
        itype(srai(a0, a1, 31), Op::srai, 31),       itype(lb(a0, a1, -2048), Op::lb, -2048),
        itype(lh(a0, a1, 2047), Op::lh, 2047),       itype(lw(a0, a1, -4), Op::lw, -4),
        itype(lbu(a0, a1, 1), Op::lbu, 1),           itype(lhu(a0, a1, -2), Op::lhu, -2),
        itype(jalr(a0, a1, -2048), Op::jalr, -2048), itype(jalr(a0, a1, 2047), Op::jalr, 2047),
    };
    for (const Expected& e : cases) expect_decodes(e);
}

TEST(Decode, StoresBranchesAndJumpsReassembleTheirImmediates) {
    const Expected cases[] = {
        {sb(a2, a1, -2048), Op::sb, -1, a1, a2, -2048, true},
        {sh(a2, a1, 2047), Op::sh, -1, a1, a2, 2047, true},
        {sw(a2, a1, -1), Op::sw, -1, a1, a2, -1, true},
        {beq(a1, a2, -4096), Op::beq, -1, a1, a2, -4096, true},
        {bne(a1, a2, 4094), Op::bne, -1, a1, a2, 4094, true},
        {blt(a1, a2, -2), Op::blt, -1, a1, a2, -2, true},
        {bge(a1, a2, 2048), Op::bge, -1, a1, a2, 2048, true},
        {bltu(a1, a2, 0x7fe), Op::bltu, -1, a1, a2, 0x7fe, true},
        {bgeu(a1, a2, -0x800), Op::bgeu, -1, a1, a2, -0x800, true},
        {jal(ra, -(1 << 20)), Op::jal, ra, -1, -1, -(1 << 20), true},
        {jal(zero, (1 << 20) - 2), Op::jal, zero, -1, -1, (1 << 20) - 2, true},
        {jal(a0, 0x800), Op::jal, a0, -1, -1, 0x800, true},
        {lui(a0, 0xfffff), Op::lui, a0, -1, -1, static_cast<int32_t>(0xfffff000u), true},
        {auipc(a0, 0x80000), Op::auipc, a0, -1, -1, static_cast<int32_t>(0x80000000u), true},
    };
    for (const Expected& e : cases) expect_decodes(e);
}

TEST(Decode, SystemCsrAndFence) {
    const Expected cases[] = {
        {ecall(), Op::ecall, -1, -1, -1, 0, false},
        {ebreak(), Op::ebreak, -1, -1, -1, 0, false},
        {mret(), Op::mret, -1, -1, -1, 0, false},
        {wfi(), Op::wfi, -1, -1, -1, 0, false},
        {fence(), Op::fence, -1, -1, -1, 0, false},
        {0x8330000f, Op::fence, -1, -1, -1, 0, false}, // fence.tso
        {fence_i(), Op::fence_i, -1, -1, -1, 0, false},
        {csrrw(a0, 0x340, a1), Op::csrrw, a0, a1, -1, 0x340, true},
        {csrrs(a0, 0xfff, a1), Op::csrrs, a0, a1, -1, 0xfff, true},
        {csrrc(a0, 0xb00, a1), Op::csrrc, a0, a1, -1, 0xb00, true},
        {csrrwi(a0, 0x300, 31), Op::csrrwi, a0, 31, -1, 0x300, true}, // rs1 holds zimm
        {csrrsi(a0, 0x344, 8), Op::csrrsi, a0, 8, -1, 0x344, true},
        {csrrci(a0, 0x305, 1), Op::csrrci, a0, 1, -1, 0x305, true},
    };
    for (const Expected& e : cases) expect_decodes(e);
}

TEST(Decode, EncodingsOutsideTheIsaAreIllegal) {
    struct Case {
        const char* what;
        uint32_t raw;
    };
    const Case cases[] = {
        {"all ones", 0xffffffffu},
        {"custom-0 opcode", 0x0000000bu},
        {"OP-IMM-32 (addiw)", i(1, a1, 0, a0, 0x1b)},
        {"OP-32 (addw)", r(0, a2, a1, 0, a0, 0x3b)},
        {"ld", i(0, a1, 3, a0, 0x03)},
        {"lwu", i(0, a1, 6, a0, 0x03)},
        {"load funct3=7", i(0, a1, 7, a0, 0x03)},
        {"sd", s(0, a2, a1, 3, 0x23)},
        {"store funct3=4", s(0, a2, a1, 4, 0x23)},
        {"branch funct3=2", b(8, a2, a1, 2)},
        {"branch funct3=3", b(8, a2, a1, 3)},
        {"jalr funct3=1", i(0, a1, 1, a0, 0x67)},
        {"slli with shamt[5]=1 (RV64)", r(0, 0, a1, 1, a0, 0x13) | 1u << 25},
        {"srli with shamt[5]=1 (RV64)", r(0, 0, a1, 5, a0, 0x13) | 1u << 25},
        {"srai with shamt[5]=1 (RV64)", r(0x20, 0, a1, 5, a0, 0x13) | 1u << 25},
        {"slli funct7=0x20", r(0x20, 1, a1, 1, a0, 0x13)},
        {"OP funct7=0x20 funct3=1", r(0x20, a2, a1, 1, a0, 0x33)},
        {"OP funct7=0x20 funct3=7", r(0x20, a2, a1, 7, a0, 0x33)},
        {"OP funct7=0x02", r(0x02, a2, a1, 0, a0, 0x33)},
        {"OP funct7=0x40", r(0x40, a2, a1, 0, a0, 0x33)},
        {"AMO (amoadd.w)", r(0, a2, a1, 2, a0, 0x2f)},
        {"flw", i(0, a1, 2, a0, 0x07)},
        {"fsw", s(0, a2, a1, 2, 0x27)},
        {"fadd.s", r(0, a2, a1, 0, a0, 0x53)},
        {"fence funct3=2", i(0, 0, 2, 0, 0x0f)},
        {"SYSTEM funct3=4", csr_op(4, a0, 0x300, a1)},
        {"sret", 0x10200073u},
        {"uret", 0x00200073u},
        {"sfence.vma", 0x12000073u},
        {"ecall with rd != 0", 0x00000073u | a0 << 7},
        {"ebreak with rs1 != 0", 0x00100073u | a0 << 15},
        {"mret with rd != 0", 0x30200073u | 1u << 7},
    };
    for (const Case& k : cases)
        EXPECT_EQ(iss::decode(k.raw).op, Op::illegal)
            << k.what << " raw = 0x" << std::hex << k.raw << " decoded as "
            << iss::op_name(iss::decode(k.raw).op);
}

TEST(Decode, OpNames) {
    EXPECT_STREQ(iss::op_name(Op::illegal), "illegal");
    EXPECT_STREQ(iss::op_name(Op::csrrci), "csrrci");
    EXPECT_STREQ(iss::op_name(Op::count), "?");
}

} // namespace
