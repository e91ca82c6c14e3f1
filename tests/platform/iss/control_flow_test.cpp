// Control transfer executed by iss::Core: the six branches taken and not
// taken (signed vs unsigned comparisons), jal/jalr links and targets, jalr
// clearing bit 0, 2-byte aligned targets with mixed 16/32-bit code, the
// compressed jumps and branches, and the cycle accounting of each
// instruction class (taken branches and jumps pay the taken penalty).
#include "tests/platform/iss/test_machine.h"

using namespace enc;
using namespace isstest;

namespace {

struct BranchCase {
    const char* name;
    uint32_t (*encode)(uint32_t, uint32_t, int32_t);
    uint32_t a, b;
    bool taken;
};

const BranchCase branch_cases[] = {
    {"beq equal", beq, 5, 5, true},
    {"beq differ", beq, 5, 6, false},
    {"bne equal", bne, 5, 5, false},
    {"bne differ", bne, 0, 0x80000000u, true},
    {"blt -1 < 0", blt, 0xffffffffu, 0, true},
    {"blt 0 < -1", blt, 0, 0xffffffffu, false},
    {"blt equal", blt, 7, 7, false},
    {"blt INT_MIN < INT_MAX", blt, 0x80000000u, 0x7fffffffu, true},
    {"bge -1 >= 0", bge, 0xffffffffu, 0, false},
    {"bge 0 >= -1", bge, 0, 0xffffffffu, true},
    {"bge equal", bge, 7, 7, true},
    {"bltu 0 < 0xffffffff", bltu, 0, 0xffffffffu, true},
    {"bltu 0xffffffff < 0", bltu, 0xffffffffu, 0, false},
    {"bltu equal", bltu, 3, 3, false},
    {"bgeu 0xffffffff >= 0", bgeu, 0xffffffffu, 0, true},
    {"bgeu 0 >= 0x80000000", bgeu, 0, 0x80000000u, false},
    {"bgeu equal", bgeu, 3, 3, true},
};

TEST(ControlFlow, BranchesTakenAndNotTaken) {
    for (const BranchCase& k : branch_cases)
        for (int32_t off : {8, -8, 4094, -4096, 6}) {
            TestMachine m;
            uint32_t at = ram_base + 0x4000;
            m.write32(at, k.encode(a1, a2, off));
            m.set_x(a1, k.a);
            m.set_x(a2, k.b);
            m.exec_at(at);
            EXPECT_EQ(m.core.pc(), k.taken ? at + off : at + 4) << k.name << " off " << off;
        }
}

TEST(ControlFlow, BranchComparesARegisterWithItself) {
    TestMachine m;
    m.set_x(a1, 0x80000000u);
    uint32_t at = m.emit(blt(a1, a1, 64));
    m.emit(bge(a1, a1, 64));
    m.step(2);
    EXPECT_EQ(m.core.pc(), at + 4 + 64);
}

TEST(ControlFlow, JalLinksAndJumpsBothWays) {
    TestMachine m;
    uint32_t at = ram_base + 0x4000;
    m.write32(at, jal(ra, 0x100));
    m.write32(at + 0x100, jal(t0, -0x100 + 8));
    m.write32(at + 8, jal(zero, -8));
    m.exec_at(at);
    EXPECT_EQ(m.core.pc(), at + 0x100);
    EXPECT_EQ(m.x(ra), at + 4);
    m.step();
    EXPECT_EQ(m.core.pc(), at + 8);
    EXPECT_EQ(m.x(t0), at + 0x104);
    m.step();
    EXPECT_EQ(m.core.pc(), at);
}

TEST(ControlFlow, JalExtremeOffsets) {
    TestMachine m;
    // Targets outside RAM are fine for jal itself; the fetch there faults.
    m.install_spin_handler();
    m.write32(ram_base, jal(ra, (1 << 20) - 2));
    m.exec_at(ram_base);
    EXPECT_EQ(m.core.pc(), ram_base + (1 << 20) - 2);
    EXPECT_EQ(m.x(ra), ram_base + 4);
    m.step(); // the fetch faults (no cycle), the handler's `j .` runs
    EXPECT_EQ(m.core.pc(), handler_addr);
    EXPECT_EQ(m.csr(iss::csr::mepc), ram_base + (1 << 20) - 2);
    EXPECT_EQ(m.csr(iss::csr::mcause), iss::cause::fetch_access);

    m.write32(ram_base + 0x1000, jal(zero, -(1 << 20)));
    m.exec_at(ram_base + 0x1000);
    EXPECT_EQ(m.core.pc(), ram_base + 0x1000 - (1 << 20));
}

TEST(ControlFlow, JalrClearsBitZeroAndLinksAfterReadingTheBase) {
    TestMachine m;
    uint32_t target = ram_base + 0x200;
    m.set_x(a0, target - 3); // odd sum: bit 0 cleared
    uint32_t at = m.emit(jalr(a0, a0, 4));
    m.exec_at(at);
    EXPECT_EQ(m.core.pc(), target);
    EXPECT_EQ(m.x(a0), at + 4);

    m.set_x(t1, target + 0x7ff + 1); // negative offset
    m.write32(target, jalr(ra, t1, -0x800));
    m.step();
    EXPECT_EQ(m.core.pc(), target);
    EXPECT_EQ(m.x(ra), target + 4);
}

TEST(ControlFlow, TwoByteAlignedTargetsRunWithCompressedCode) {
    TestMachine m;
    m.emit(jal(zero, 6));      // to ram_base + 6, only 2-byte aligned
    m.emit16(c_li(a0, 1));     // skipped
    m.emit16(c_li(a1, 2));     // at +6
    m.emit(addi(a2, a1, 1));   // 32-bit instruction at +8
    m.emit16(c_mv(a3, a2));    // +12
    m.emit(addi(a4, zero, 5)); // 32-bit at +14: not 4-byte aligned
    m.step(5);
    EXPECT_EQ(m.x(a0), 0u);
    EXPECT_EQ(m.x(a1), 2u);
    EXPECT_EQ(m.x(a2), 3u);
    EXPECT_EQ(m.x(a3), 3u);
    EXPECT_EQ(m.x(a4), 5u);
    EXPECT_EQ(m.core.pc(), ram_base + 18);

    // jalr to an odd address lands on the 2-byte boundary below.
    m.set_x(t0, ram_base + 7);
    m.write16(ram_base + 18, c_jr(t0));
    m.step();
    EXPECT_EQ(m.core.pc(), ram_base + 6);
}

TEST(ControlFlow, CompressedJumpsLinkTheNextHalfword) {
    TestMachine m;
    uint32_t at = ram_base + 0x1000;
    m.write16(at, c_jal(-0x800));
    m.exec_at(at);
    EXPECT_EQ(m.core.pc(), at - 0x800);
    EXPECT_EQ(m.x(ra), at + 2);

    m.write16(at + 2, c_j(0x7fe));
    m.exec_at(at + 2);
    EXPECT_EQ(m.core.pc(), at + 2 + 0x7fe);

    m.set_x(a5, at + 0x40);
    m.write16(at + 4, c_jr(a5));
    m.exec_at(at + 4);
    EXPECT_EQ(m.core.pc(), at + 0x40);

    m.set_x(ra, at + 0x80);
    m.write16(at + 6, c_jalr(ra)); // target read before ra is overwritten
    m.exec_at(at + 6);
    EXPECT_EQ(m.core.pc(), at + 0x80);
    EXPECT_EQ(m.x(ra), at + 8);
}

TEST(ControlFlow, CompressedBranches) {
    TestMachine m;
    uint32_t at = ram_base + 0x1000;
    m.write16(at, c_beqz(s0, -256));
    m.write16(at + 2, c_bnez(s1, 254));
    m.set_x(s0, 0);
    m.exec_at(at);
    EXPECT_EQ(m.core.pc(), at - 256);
    m.set_x(s0, 1);
    m.exec_at(at);
    EXPECT_EQ(m.core.pc(), at + 2);
    m.set_x(s1, 0x80000000u);
    m.step();
    EXPECT_EQ(m.core.pc(), at + 2 + 254);
    m.set_x(s1, 0);
    m.exec_at(at + 2);
    EXPECT_EQ(m.core.pc(), at + 4);
}

// Cycle accounting with distinct costs per class: each instruction adds its
// class's cost, and taken branches and jumps add the taken penalty.
TEST(ControlFlow, CycleAccountingPerInstructionClass) {
    TestMachine m;
    iss::CpiTable cpi; // distinct prime-ish costs so that mixing them up shows
    cpi.alu = 1, cpi.load = 2, cpi.store = 3, cpi.branch = 5, cpi.jump = 7, cpi.taken_penalty = 11;
    cpi.mul = 13, cpi.div = 17, cpi.csr = 19, cpi.system = 23;
    m.core.set_cpi(cpi);
    m.set_x(s0, data_addr);
    struct Step {
        uint32_t insn;
        uint64_t cycles;
    };
    const Step steps[] = {
        {addi(a0, zero, 1), 1},
        {lw(a1, s0, 0), 2},
        {sw(a1, s0, 4), 3},
        {beq(a0, zero, 64), 5},     // not taken
        {bne(a0, zero, 8), 5 + 11}, // taken, to +8
        {0, 0},                     // (skipped)
        {jal(ra, 4), 7 + 11},
        {jalr(zero, ra, 8), 7 + 11}, // skips the next word
        {0, 0},
        {mul(a2, a0, a0), 13},
        {divu(a2, a0, a0), 17},
        {csrr(a3, iss::csr::mscratch), 19},
        {fence(), 23},
        {fence_i(), 23},
    };
    for (const Step& s : steps) m.emit(s.insn);
    for (const Step& s : steps) {
        if (!s.insn) continue;
        uint64_t before = m.core.cycles();
        uint32_t pc = m.core.pc();
        EXPECT_EQ(m.step(), iss::Stop::budget);
        EXPECT_EQ(m.core.cycles() - before, s.cycles) << "at pc 0x" << std::hex << pc;
    }
    EXPECT_EQ(m.core.instret(), 12u);
}

TEST(ControlFlow, CompressedInstructionsCostLikeTheirExpansion) {
    TestMachine m;
    iss::CpiTable cpi;
    cpi.alu = 1, cpi.branch = 2, cpi.jump = 4, cpi.taken_penalty = 3;
    m.core.set_cpi(cpi);
    m.emit16(c_li(s0, 0));
    m.emit16(c_bnez(s0, 8)); // not taken
    m.emit16(c_beqz(s0, 4)); // taken
    m.emit16(c_nop());
    m.emit16(c_j(2));
    m.step();
    EXPECT_EQ(m.core.cycles(), 1u);
    m.step();
    EXPECT_EQ(m.core.cycles(), 3u);
    m.step();
    EXPECT_EQ(m.core.cycles(), 8u);
    m.step();
    EXPECT_EQ(m.core.cycles(), 15u);
    EXPECT_EQ(m.core.pc(), ram_base + 10);
}

TEST(ControlFlow, RunStopsAtTheCycleLimitBetweenInstructions) {
    TestMachine m;
    iss::CpiTable cpi = unit_cpi();
    cpi.div = 10;
    m.core.set_cpi(cpi);
    m.emit(divu(a0, a1, a2));
    m.emit(addi(a0, a0, 1));
    // The limit is checked before each instruction: a 10-cycle divide that
    // starts below the limit completes, then the run stops.
    EXPECT_EQ(m.core.run(5), iss::Stop::budget);
    EXPECT_EQ(m.core.cycles(), 10u);
    EXPECT_EQ(m.core.pc(), ram_base + 4);
    EXPECT_EQ(m.core.run(10), iss::Stop::budget); // nothing to do
    EXPECT_EQ(m.core.pc(), ram_base + 4);
    EXPECT_EQ(m.core.run(11), iss::Stop::budget);
    EXPECT_EQ(m.core.pc(), ram_base + 8);
}

} // namespace
