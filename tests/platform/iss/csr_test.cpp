// Zicsr executed by iss::Core: the six CSR instructions' read/set/clear
// semantics and when they write at all (rs1 = x0, zimm = 0), read-only CSRs
// (writes trap, reads don't), unknown CSRs trap with mtval = the instruction,
// WARL masks of mstatus/mtvec/mepc/mie/mip, misa and the ID registers, and
// the counters: mcycle/minstret (and high halves) written and read back, the
// value written to minstret being what the next instruction reads, the `time`
// CSR from BusPort::mtime, and trapping instructions not retiring.
#include "tests/platform/iss/test_machine.h"

using namespace enc;
using namespace isstest;
namespace csr = iss::csr;

namespace {

class Csr : public ::testing::Test {
  protected:
    TestMachine m;
    void SetUp() override { m.install_spin_handler(); }

    // Runs one instruction at a fresh address; returns its address.
    uint32_t exec(uint32_t insn) {
        uint32_t at = m.emit(insn);
        m.exec_at(at);
        return at;
    }
    void expect_illegal(uint32_t insn) {
        m.set_csr(csr::mcause, 0);
        uint32_t at = exec(insn);
        EXPECT_EQ(m.core.pc(), handler_addr) << "insn 0x" << std::hex << insn;
        EXPECT_EQ(m.csr(csr::mcause), iss::cause::illegal_insn) << "insn 0x" << std::hex << insn;
        EXPECT_EQ(m.csr(csr::mtval), insn);
        EXPECT_EQ(m.csr(csr::mepc), at);
    }
    void expect_no_trap(uint32_t insn) {
        uint32_t at = exec(insn);
        EXPECT_EQ(m.core.pc(), at + 4) << "insn 0x" << std::hex << insn;
    }
};

TEST_F(Csr, ReadWriteSetClearRegisterForms) {
    m.set_csr(csr::mscratch, 0xf0f0f0f0);
    m.set_x(a1, 0x0000ffff);
    exec(csrrw(a0, csr::mscratch, a1));
    EXPECT_EQ(m.x(a0), 0xf0f0f0f0u);
    EXPECT_EQ(m.csr(csr::mscratch), 0x0000ffffu);
    m.set_x(a1, 0xff000000);
    exec(csrrs(a0, csr::mscratch, a1));
    EXPECT_EQ(m.x(a0), 0x0000ffffu);
    EXPECT_EQ(m.csr(csr::mscratch), 0xff00ffffu);
    m.set_x(a1, 0x0f00000f);
    exec(csrrc(a0, csr::mscratch, a1));
    EXPECT_EQ(m.x(a0), 0xff00ffffu);
    EXPECT_EQ(m.csr(csr::mscratch), 0xf000fff0u);
}

TEST_F(Csr, ImmediateFormsUseTheFiveBitZimm) {
    m.set_csr(csr::mscratch, 0xffffff00);
    exec(csrrwi(a0, csr::mscratch, 31));
    EXPECT_EQ(m.x(a0), 0xffffff00u);
    EXPECT_EQ(m.csr(csr::mscratch), 31u) << "zimm is zero-extended";
    exec(csrrci(a0, csr::mscratch, 0x11));
    EXPECT_EQ(m.csr(csr::mscratch), 0x0eu);
    exec(csrrsi(a0, csr::mscratch, 0x10));
    EXPECT_EQ(m.x(a0), 0x0eu);
    EXPECT_EQ(m.csr(csr::mscratch), 0x1eu);
}

TEST_F(Csr, DestinationAliasingTheSourceReadsTheOldValue) {
    m.set_csr(csr::mscratch, 5);
    m.set_x(a0, 9);
    exec(csrrw(a0, csr::mscratch, a0));
    EXPECT_EQ(m.x(a0), 5u);
    EXPECT_EQ(m.csr(csr::mscratch), 9u);
}

TEST_F(Csr, ReadOnlyCsrsTrapOnWriteButNotOnRead) {
    const uint16_t read_only[] = {csr::mvendorid, csr::marchid, csr::mimpid, csr::mhartid,
                                  csr::cycle,     csr::time,    csr::instret};
    m.set_x(a1, 0); // a zero value still counts as a write when rs1 != x0
    for (uint16_t n : read_only) {
        SCOPED_TRACE(testing::Message() << "csr 0x" << std::hex << n);
        expect_no_trap(csrr(a0, n));
        expect_no_trap(csrrs(a0, n, zero));
        expect_no_trap(csrrc(a0, n, zero));
        expect_no_trap(csrrsi(a0, n, 0));
        expect_no_trap(csrrci(a0, n, 0));
        expect_illegal(csrrw(a0, n, a1));
        expect_illegal(csrrw(zero, n, zero)); // csrrw always writes
        expect_illegal(csrrs(a0, n, a1));
        expect_illegal(csrrc(a0, n, a1));
        expect_illegal(csrrwi(a0, n, 0));
        expect_illegal(csrrsi(a0, n, 1));
        expect_illegal(csrrci(a0, n, 1));
    }
}

TEST_F(Csr, TrappingCsrInstructionLeavesTheDestinationAlone) {
    m.set_x(a0, 0x5a5a);
    expect_illegal(csrrw(a0, csr::mhartid, a1));
    EXPECT_EQ(m.x(a0), 0x5a5au);
}

TEST_F(Csr, UnknownCsrsTrap) {
    const uint16_t unknown[] = {
        0x180, // satp (no S-mode)
        0x100, // sstatus
        0x302, // medeleg
        0x320, // mcountinhibit
        0x3a0, // pmpcfg0
        0x7b0, // dcsr (debug mode only)
        0x7c0, // custom
        0xb03, // mhpmcounter3
        0xc03, // hpmcounter3
        0x001, // fflags (no F)
        0xfff,
    };
    for (uint16_t n : unknown) {
        SCOPED_TRACE(testing::Message() << "csr 0x" << std::hex << n);
        expect_illegal(csrr(a0, n));
        expect_illegal(csrw(n, a0));
        uint32_t v = 0;
        EXPECT_FALSE(m.core.csr_read(n, v));
        EXPECT_FALSE(m.core.csr_write(n, 1));
    }
}

TEST_F(Csr, MisaAndIdRegisters) {
    exec(csrr(a0, csr::misa));
    EXPECT_EQ(m.x(a0), 0x40001104u); // MXL=1 (RV32), I, M, C
    EXPECT_EQ(m.x(a0) >> 30, 1u);
    EXPECT_EQ(m.x(a0) & 0x3ffffff, (1u << ('I' - 'A')) | (1u << ('M' - 'A')) | (1u << ('C' - 'A')));
    // misa is WARL and fixed here: writes are ignored, not trapped.
    m.set_x(a1, 0);
    expect_no_trap(csrw(csr::misa, a1));
    EXPECT_EQ(m.csr(csr::misa), 0x40001104u);
    for (uint16_t n : {csr::mvendorid, csr::marchid, csr::mimpid, csr::mhartid, csr::mconfigptr,
                       csr::mstatush}) {
        EXPECT_EQ(m.csr(n), 0u) << std::hex << n;
    }
}

TEST_F(Csr, WarlMasks) {
    m.set_x(a1, 0xffffffff);
    exec(csrw(csr::mstatus, a1));
    EXPECT_EQ(m.csr(csr::mstatus), (1u << 3) | (1u << 7) | (3u << 11)) << "MIE, MPIE, MPP=M";
    exec(csrw(csr::mstatus, zero));
    EXPECT_EQ(m.csr(csr::mstatus), 3u << 11) << "MPP stays M (no U-mode)";

    exec(csrw(csr::mie, a1));
    EXPECT_EQ(m.csr(csr::mie), (1u << 3) | (1u << 7) | (1u << 11));

    exec(csrw(csr::mip, a1));
    EXPECT_EQ(m.csr(csr::mip), 0u) << "mip bits are driven by the interrupt lines";

    m.set_x(a1, 0x80001003);
    exec(csrw(csr::mepc, a1));
    EXPECT_EQ(m.csr(csr::mepc), 0x80001002u) << "IALIGN=16: only bit 0 is cleared";

    m.set_x(a1, handler_addr | 1);
    exec(csrw(csr::mtvec, a1));
    EXPECT_EQ(m.csr(csr::mtvec), handler_addr | 1) << "vectored mode kept";
    m.set_x(a1, handler_addr | 2);
    exec(csrw(csr::mtvec, a1));
    EXPECT_EQ(m.csr(csr::mtvec), handler_addr) << "reserved modes fall back to direct";
    m.set_x(a1, handler_addr | 3);
    exec(csrw(csr::mtvec, a1));
    EXPECT_EQ(m.csr(csr::mtvec), handler_addr);

    m.set_x(a1, 0xdeadbeef);
    exec(csrw(csr::mcause, a1));
    exec(csrw(csr::mtval, a1));
    EXPECT_EQ(m.csr(csr::mcause), 0xdeadbeefu);
    EXPECT_EQ(m.csr(csr::mtval), 0xdeadbeefu);
}

TEST_F(Csr, MinstretReadExcludesTheReadingInstruction) {
    m.emit_all({nop(), nop(), nop(), csrr(a0, csr::minstret), csrr(a1, csr::instret),
                csrr(a2, csr::minstreth)});
    m.step(6);
    EXPECT_EQ(m.x(a0), 3u);
    EXPECT_EQ(m.x(a1), 4u);
    EXPECT_EQ(m.x(a2), 0u);
    EXPECT_EQ(m.core.instret(), 6u);
}

// Found by riscv-tests rv32mi-p-instret_overflow: the next instruction must
// read exactly the value written (the writing instruction's increment is
// suppressed), also when minstreth is written and when the 64-bit counter
// then wraps.
TEST_F(Csr, ValueWrittenToMinstretIsReadByTheNextInstruction) {
    m.set_x(a1, 1000);
    m.set_x(t0, 0xffffffff);
    m.emit_all({
        csrw(csr::minstret, a1), csrr(a0, csr::minstret), // 1000
        csrwi(csr::minstret, 0), csrr(a2, csr::minstret), // 0
        csrw(csr::minstret, t0),
        csrw(csr::minstreth, t0), // 0xffffffff_ffffffff, increment suppressed
        nop(),                    // wraps to 0
        csrr(a3, csr::minstret),  // 0
        csrr(a4, csr::minstreth), // 0 (the previous csrr counted 1 in the low half)
        csrr(a5, csr::minstret),  // 2
    });
    m.step(10);
    EXPECT_EQ(m.x(a0), 1000u);
    EXPECT_EQ(m.x(a2), 0u);
    EXPECT_EQ(m.x(a3), 0u);
    EXPECT_EQ(m.x(a4), 0u);
    EXPECT_EQ(m.x(a5), 2u);
}

TEST_F(Csr, MinstrethCarriesFromTheLowHalf) {
    m.set_x(t0, 0xfffffffe);
    m.set_x(t1, 7);
    m.emit_all({csrw(csr::minstreth, t1), csrw(csr::minstret, t0), nop(), nop(),
                csrr(a0, csr::minstreth), csrr(a1, csr::minstret)});
    m.step(6);
    EXPECT_EQ(m.x(a0), 8u);
    EXPECT_EQ(m.x(a1), 1u);
}

TEST_F(Csr, McycleWrittenAndReadBack) {
    m.set_x(a1, 0xfffffff0);
    m.set_x(a2, 0x12);
    m.emit_all({csrw(csr::mcycle, a1), csrw(csr::mcycleh, a2), csrr(a3, csr::mcycle),
                csrr(a4, csr::mcycleh), csrr(a5, csr::cycle), csrr(a6, csr::cycleh)});
    m.step(6);
    // Each instruction costs one cycle here; a read sees at most the cycles
    // of the instructions since the write, including its own.
    EXPECT_GE(m.x(a3), 0xfffffff0u);
    EXPECT_LE(m.x(a3), 0xfffffff0u + 2);
    EXPECT_EQ(m.x(a4), 0x12u);
    EXPECT_GT(m.x(a5), m.x(a3));
    EXPECT_EQ(m.x(a6), 0x12u);
    uint64_t mcycle = (uint64_t(m.csr(csr::mcycleh)) << 32) | m.csr(csr::mcycle);
    EXPECT_EQ(mcycle - ((uint64_t(0x12) << 32) | 0xfffffff0u), m.core.cycles() - 1);

    // mcycle keeps counting with the core's cycles, idle cycles included.
    m.core.add_idle_cycles(100);
    uint64_t after = (uint64_t(m.csr(csr::mcycleh)) << 32) | m.csr(csr::mcycle);
    EXPECT_EQ(after - mcycle, 100u);
}

TEST_F(Csr, McycleCarriesIntoMcycleh) {
    m.set_x(a1, 0xffffffff);
    m.emit_all({csrw(csr::mcycle, a1), nop(), nop(), csrr(a2, csr::mcycleh)});
    m.step(4);
    EXPECT_EQ(m.x(a2), 1u);
}

TEST_F(Csr, TimeComesFromTheBusPort) {
    m.bus.time = 0x0000000512345678ull;
    exec(csrr(a0, csr::time));
    exec(csrr(a1, csr::timeh));
    EXPECT_EQ(m.x(a0), 0x12345678u);
    EXPECT_EQ(m.x(a1), 5u);
}

// A trapping CSR access must not retire: minstret counts only the
// instructions that completed (a double decrement used to lose one more).
TEST_F(Csr, TrappingCsrAccessDoesNotRetire) {
    m.emit_all({nop(), csrw(csr::mhartid, a1), nop()});
    m.write32(handler_addr, nop());
    m.write32(handler_addr + 4, csrr(a0, csr::minstret));
    m.write32(handler_addr + 8, jal(zero, 0));
    m.step(4); // nop, csrw (traps), handler's nop, csrr
    EXPECT_EQ(m.csr(csr::mcause), iss::cause::illegal_insn);
    EXPECT_EQ(m.x(a0), 2u) << "nop + handler nop";
    EXPECT_EQ(m.core.instret(), 3u);
}

TEST_F(Csr, CoreApiMatchesTheInstructions) {
    EXPECT_TRUE(m.core.csr_write(csr::mscratch, 77));
    exec(csrr(a0, csr::mscratch));
    EXPECT_EQ(m.x(a0), 77u);
    EXPECT_EQ(m.core.reg(32), 0u) << "out-of-range register index reads 0";
    m.core.set_reg(0, 5);
    EXPECT_EQ(m.core.reg(0), 0u);
}

} // namespace
