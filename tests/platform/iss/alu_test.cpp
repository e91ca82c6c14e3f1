// Integer computational instructions executed by iss::Core: lui/auipc, every
// register-immediate and register-register RV32I op against host arithmetic
// on edge and seeded random operands, shifts by register amounts >= 32 (only
// the low 5 bits count), destination aliasing a source, and x0 never being
// written (ALU ops, loads, jal/jalr, CSR reads, compressed HINTs).
#include "tests/platform/iss/test_machine.h"

#include <functional>
#include <random>

using namespace enc;
using namespace isstest;

namespace {

const uint32_t edge_values[] = {0,           1,          2,          0x7ffffffe, 0x7fffffff,
                                0x80000000u, 0x80000001, 0xfffffffe, 0xffffffff, 31,
                                32,          33,         63,         0x12345678, 0xdeadbeef};

struct RegOp {
    const char* name;
    uint32_t (*encode)(uint32_t, uint32_t, uint32_t);
    std::function<uint32_t(uint32_t, uint32_t)> expected;
};

int32_t sgn(uint32_t v) { return static_cast<int32_t>(v); }

const RegOp reg_ops[] = {
    {"add", add, [](uint32_t a, uint32_t b) { return a + b; }},
    {"sub", sub, [](uint32_t a, uint32_t b) { return a - b; }},
    {"sll", sll, [](uint32_t a, uint32_t b) { return a << (b % 32); }},
    {"slt", slt, [](uint32_t a, uint32_t b) { return uint32_t(sgn(a) < sgn(b)); }},
    {"sltu", sltu, [](uint32_t a, uint32_t b) { return uint32_t(a < b); }},
    {"xor", xor_, [](uint32_t a, uint32_t b) { return a ^ b; }},
    {"srl", srl, [](uint32_t a, uint32_t b) { return a >> (b % 32); }},
    {"sra", sra,
     [](uint32_t a, uint32_t b) {
         // Arithmetic shift written without relying on >> of negative values.
         uint32_t n = b % 32;
         uint32_t fill = (a & 0x80000000u) && n ? ~(0xffffffffu >> n) : 0;
         return (a >> n) | fill;
     }},
    {"or", or_, [](uint32_t a, uint32_t b) { return a | b; }},
    {"and", and_, [](uint32_t a, uint32_t b) { return a & b; }},
};

class Alu : public ::testing::Test {
  protected:
    TestMachine m;

    uint32_t run_reg_op(uint32_t insn_addr, uint32_t a, uint32_t b) {
        m.set_x(a1, a);
        m.set_x(a2, b);
        m.exec_at(insn_addr);
        EXPECT_EQ(m.core.pc(), insn_addr + 4);
        return m.x(a0);
    }
};

TEST_F(Alu, RegisterRegisterOpsMatchHostArithmetic) {
    std::mt19937 rng(12345);
    for (const RegOp& op : reg_ops) {
        uint32_t at = m.emit(op.encode(a0, a1, a2));
        for (uint32_t a : edge_values)
            for (uint32_t b : edge_values)
                EXPECT_EQ(run_reg_op(at, a, b), op.expected(a, b))
                    << op.name << " " << std::hex << a << ", " << b;
        for (int k = 0; k < 500; ++k) {
            uint32_t a = rng(), b = rng();
            EXPECT_EQ(run_reg_op(at, a, b), op.expected(a, b))
                << op.name << " " << std::hex << a << ", " << b;
        }
    }
}

TEST_F(Alu, ShiftsByRegisterUseOnlyTheLowFiveBits) {
    uint32_t at_sll = m.emit(sll(a0, a1, a2));
    uint32_t at_srl = m.emit(srl(a0, a1, a2));
    uint32_t at_sra = m.emit(sra(a0, a1, a2));
    EXPECT_EQ(run_reg_op(at_sll, 1, 32), 1u);
    EXPECT_EQ(run_reg_op(at_sll, 1, 33), 2u);
    EXPECT_EQ(run_reg_op(at_sll, 1, 0xffffffff), 0x80000000u);
    EXPECT_EQ(run_reg_op(at_srl, 0x80000000u, 32), 0x80000000u);
    EXPECT_EQ(run_reg_op(at_srl, 0x80000000u, 63), 1u);
    EXPECT_EQ(run_reg_op(at_srl, 0x80000000u, 0xffffffe0), 0x80000000u);
    EXPECT_EQ(run_reg_op(at_sra, 0x80000000u, 63), 0xffffffffu);
    EXPECT_EQ(run_reg_op(at_sra, 0x80000000u, 64), 0x80000000u);
    EXPECT_EQ(run_reg_op(at_sra, 0x40000000u, 0x7fffffff), 0u);
}

struct ImmOp {
    const char* name;
    uint32_t (*encode)(uint32_t, uint32_t, int32_t);
    std::function<uint32_t(uint32_t, int32_t)> expected;
};

const ImmOp imm_ops[] = {
    {"addi", addi, [](uint32_t a, int32_t i) { return a + uint32_t(i); }},
    {"slti", slti, [](uint32_t a, int32_t i) { return uint32_t(sgn(a) < i); }},
    {"sltiu", sltiu, [](uint32_t a, int32_t i) { return uint32_t(a < uint32_t(i)); }},
    {"xori", xori, [](uint32_t a, int32_t i) { return a ^ uint32_t(i); }},
    {"ori", ori, [](uint32_t a, int32_t i) { return a | uint32_t(i); }},
    {"andi", andi, [](uint32_t a, int32_t i) { return a & uint32_t(i); }},
};

TEST_F(Alu, RegisterImmediateOpsSignExtendTheirImmediate) {
    const int32_t imms[] = {0, 1, -1, 2047, -2048, 0x555, -0x556, 31, 32};
    for (const ImmOp& op : imm_ops)
        for (int32_t imm : imms) {
            uint32_t at = m.emit(op.encode(a0, a1, imm));
            for (uint32_t a : edge_values) {
                m.set_x(a1, a);
                m.exec_at(at);
                EXPECT_EQ(m.x(a0), op.expected(a, imm))
                    << op.name << " " << std::hex << a << ", " << std::dec << imm;
            }
        }
}

TEST_F(Alu, ShiftImmediates) {
    for (uint32_t sh = 0; sh < 32; ++sh) {
        uint32_t at = m.emit(slli(a0, a1, sh));
        m.emit(srli(a2, a1, sh));
        m.emit(srai(a3, a1, sh));
        for (uint32_t a : edge_values) {
            m.set_x(a1, a);
            m.core.set_pc(at);
            m.step(3);
            EXPECT_EQ(m.x(a0), a << sh);
            EXPECT_EQ(m.x(a2), a >> sh);
            uint32_t fill = (a & 0x80000000u) && sh ? ~(0xffffffffu >> sh) : 0;
            EXPECT_EQ(m.x(a3), (a >> sh) | fill) << std::hex << a << " >> " << std::dec << sh;
        }
    }
}

TEST_F(Alu, LuiAndAuipc) {
    m.emit(lui(a0, 0xfffff));
    m.emit(lui(a1, 0x00001));
    uint32_t auipc_at = m.emit(auipc(a2, 0x00010));
    m.emit(auipc(a3, 0x80000)); // 0x8000000c + 0x80000000 wraps
    m.emit(auipc(a4, 0));
    m.step(5);
    EXPECT_EQ(m.x(a0), 0xfffff000u);
    EXPECT_EQ(m.x(a1), 0x00001000u);
    EXPECT_EQ(m.x(a2), auipc_at + 0x10000);
    EXPECT_EQ(m.x(a3), 0x0000000cu);
    EXPECT_EQ(m.x(a4), ram_base + 16);
}

TEST_F(Alu, EmitLiBuildsAnyConstant) {
    const uint32_t values[] = {0, 0x7ff, 0x800, 0xfff, 0x80000000u, 0xffffffffu, 0x12345fff};
    for (unsigned k = 0; k < 7; ++k) m.emit_li(a0 + k, values[k]);
    m.step(2 * 7);
    for (unsigned k = 0; k < 7; ++k) EXPECT_EQ(m.x(a0 + k), values[k]) << k;
}

TEST_F(Alu, DestinationMayAliasSources) {
    m.set_x(a0, 21);
    m.emit(add(a0, a0, a0));
    m.emit(sub(a1, a0, a0));
    m.emit(addi(a0, a0, -2));
    m.step(3);
    EXPECT_EQ(m.x(a0), 40u);
    EXPECT_EQ(m.x(a1), 0u);
}

TEST_F(Alu, X0IsNeverWritten) {
    m.install_spin_handler();
    m.write32(data_addr, 0xdeadbeef);
    m.set_x(a1, 0x1234);
    m.set_x(s0, data_addr);
    m.emit_all({
        addi(zero, zero, 5), lui(zero, 0xfffff), auipc(zero, 1), add(zero, a1, a1),
        mul(zero, a1, a1), div(zero, a1, a1), lw(zero, s0, 0), lbu(zero, s0, 0),
        csrr(zero, iss::csr::mscratch), csrrw(zero, iss::csr::mscratch, a1),
        csrrsi(zero, iss::csr::mscratch, 3), jal(zero, 4),
        add(a2, zero, zero), // x0 read back as a source
    });
    uint32_t jalr_at = m.emit(auipc(t0, 0));
    m.emit(jalr(zero, t0, 12)); // to the instruction after the hints below
    m.emit16(c_li(zero, 7));    // HINT, never executed (jumped over)
    m.emit16(c_nop());
    m.emit16(c_li(zero, 7));  // HINT, executed
    m.emit16(c_lui(zero, 1)); // HINT
    m.emit16(c_mv(zero, a1)); // HINT
    m.emit16(c_add(zero, a1));
    m.emit16(c_slli(zero, 3));
    m.emit(add(a3, zero, a1));
    m.set_x(a2, 99);
    EXPECT_EQ(m.step(13 + 2 + 6), iss::Stop::budget);
    EXPECT_EQ(m.x(zero), 0u);
    EXPECT_EQ(m.x(a2), 0u);
    EXPECT_EQ(m.x(a3), 0x1234u);
    EXPECT_EQ(m.csr(iss::csr::mscratch), 0x1237u);
    EXPECT_EQ(m.core.pc(), jalr_at + 12 + 5 * 2 + 4);
    EXPECT_EQ(m.csr(iss::csr::mcause), 0u) << "nothing may trap";
}

} // namespace
