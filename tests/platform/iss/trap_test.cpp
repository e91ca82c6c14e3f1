// Traps and interrupts in iss::Core: ecall/ebreak/illegal-instruction causes
// with mepc/mtval (32- and 16-bit encodings), mstatus MIE/MPIE/MPP on trap
// and mret, direct and vectored mtvec, interrupt priority MEI > MSI > MTI,
// masking by mstatus.MIE and mie, set_irq from outside and from inside a bus
// access, wfi stopping the run and resuming on set_irq, the semihosting
// sequence, and the fatal stops (no handler, a handler that faults at once).
#include "tests/platform/iss/test_machine.h"

using namespace enc;
using namespace isstest;
using iss::Stop;
namespace csr = iss::csr;

namespace {

constexpr uint32_t MIE = 1u << 3, MPIE = 1u << 7, MPP_M = 3u << 11;
constexpr uint32_t MSIE = 1u << 3, MTIE = 1u << 7, MEIE = 1u << 11;

class Trap : public ::testing::Test {
  protected:
    TestMachine m;
    void SetUp() override { m.install_spin_handler(); }
};

TEST_F(Trap, EcallSavesStateAndMretRestoresIt) {
    m.set_csr(csr::mstatus, MIE);
    m.emit(nop());
    uint32_t ecall_at = m.emit(ecall());
    uint32_t after = m.emit(addi(a0, zero, 1));
    m.write32(handler_addr, csrr(t0, csr::mepc));
    m.write32(handler_addr + 4, addi(t0, t0, 4));
    m.write32(handler_addr + 8, csrw(csr::mepc, t0));
    m.write32(handler_addr + 12, mret());

    m.step(2);
    EXPECT_EQ(m.core.pc(), handler_addr);
    EXPECT_EQ(m.csr(csr::mcause), iss::cause::ecall_m);
    EXPECT_EQ(m.csr(csr::mepc), ecall_at);
    EXPECT_EQ(m.csr(csr::mtval), 0u);
    EXPECT_EQ(m.csr(csr::mstatus), MPIE | MPP_M) << "MIE saved in MPIE and cleared";
    EXPECT_EQ(m.core.instret(), 1u) << "ecall does not retire";

    m.step(4);
    EXPECT_EQ(m.core.pc(), after);
    EXPECT_EQ(m.csr(csr::mstatus), MIE | MPIE | MPP_M) << "MIE restored from MPIE, MPIE set";
    m.step();
    EXPECT_EQ(m.x(a0), 1u);
}

TEST_F(Trap, TrapWithInterruptsDisabledKeepsThemDisabledAfterMret) {
    m.set_csr(csr::mstatus, 0);
    m.emit(ecall());
    m.write32(handler_addr, mret());
    m.step();
    EXPECT_EQ(m.csr(csr::mstatus), MPP_M) << "MPIE = old MIE = 0";
    m.step();
    EXPECT_EQ(m.core.pc(), ram_base);
    EXPECT_EQ(m.csr(csr::mstatus), MPIE | MPP_M);
}

TEST_F(Trap, MretJumpsToMepcEvenTwoByteAligned) {
    m.set_csr(csr::mepc, ram_base + 0x102);
    m.write16(ram_base + 0x102, c_li(a0, 3));
    m.emit(mret());
    m.step(2);
    EXPECT_EQ(m.x(a0), 3u);
    EXPECT_EQ(m.core.pc(), ram_base + 0x104);
}

TEST_F(Trap, EbreakIsABreakpointWithThePcInMtval) {
    uint32_t at = m.emit(ebreak());
    m.step();
    EXPECT_EQ(m.csr(csr::mcause), iss::cause::breakpoint);
    EXPECT_EQ(m.csr(csr::mepc), at);
    EXPECT_EQ(m.csr(csr::mtval), at);
    EXPECT_TRUE(m.bus.semihost_calls.empty()) << "a lone ebreak is not a semihosting call";

    uint32_t c_at = m.cursor;
    m.emit16(c_ebreak());
    m.exec_at(c_at);
    EXPECT_EQ(m.csr(csr::mcause), iss::cause::breakpoint);
    EXPECT_EQ(m.csr(csr::mepc), c_at);
    EXPECT_EQ(m.csr(csr::mtval), c_at);
    EXPECT_EQ(m.core.instret(), 0u);
}

TEST_F(Trap, IllegalInstructionsReportTheirBits) {
    const uint32_t illegal32[] = {0xffffffffu, 0x0000000bu, 0x10200073u /* sret */,
                                  r(0, a2, a1, 2, a0, 0x2f) /* amoadd.w */,
                                  i(0, a1, 3, a0, 0x03) /* ld */};
    for (uint32_t raw : illegal32) {
        uint32_t at = m.emit(raw);
        m.exec_at(at);
        EXPECT_EQ(m.core.pc(), handler_addr);
        EXPECT_EQ(m.csr(csr::mcause), iss::cause::illegal_insn);
        EXPECT_EQ(m.csr(csr::mtval), raw);
        EXPECT_EQ(m.csr(csr::mepc), at);
    }
    // 16-bit: mtval holds just the halfword, even with a valid one after it.
    const uint16_t illegal16[] = {0x0000, c_lwsp(zero, 8), c_jr(zero), c_addi16sp(0),
                                  c_slli(a0, 32)};
    for (uint16_t raw : illegal16) {
        uint32_t at = m.emit16(raw);
        m.emit16(c_nop());
        m.exec_at(at);
        EXPECT_EQ(m.csr(csr::mcause), iss::cause::illegal_insn);
        EXPECT_EQ(m.csr(csr::mtval), raw);
        EXPECT_EQ(m.csr(csr::mepc), at);
    }
}

TEST_F(Trap, ExceptionsIgnoreVectoredMode) {
    m.set_trap_vector(handler_addr, true);
    m.emit(ecall());
    m.step();
    EXPECT_EQ(m.core.pc(), handler_addr);
}

// ---- interrupts ---------------------------------------------------------------

class Interrupt : public Trap {
  protected:
    void SetUp() override {
        Trap::SetUp();
        for (int k = 0; k < 16; ++k) m.emit(addi(a0, a0, 1));
        m.set_csr(csr::mie, MSIE | MTIE | MEIE);
        m.set_csr(csr::mstatus, MIE);
    }
};

TEST_F(Interrupt, TakenBeforeTheNextInstruction) {
    m.step(2);
    m.core.set_irq(iss::irq_mti, true);
    EXPECT_EQ(m.csr(csr::mip), MTIE);
    m.step();
    EXPECT_EQ(m.core.pc(), handler_addr);
    EXPECT_EQ(m.csr(csr::mcause), iss::cause::interrupt | 7);
    EXPECT_EQ(m.csr(csr::mepc), ram_base + 8);
    EXPECT_EQ(m.csr(csr::mtval), 0u);
    EXPECT_EQ(m.csr(csr::mstatus), MPIE | MPP_M);
    EXPECT_EQ(m.x(a0), 2u);
}

TEST_F(Interrupt, VectoredModeJumpsToBasePlusFourTimesCause) {
    const uint32_t base = handler_addr;
    for (uint32_t off : {0u, 4u * 3, 4u * 7, 4u * 11}) m.write32(base + off, jal(zero, 0));
    m.set_trap_vector(base, true);
    struct Case {
        iss::IrqBit line;
        uint32_t cause;
    };
    for (Case k : {Case{iss::irq_msi, 3}, Case{iss::irq_mti, 7}, Case{iss::irq_mei, 11}}) {
        m.core.set_pc(ram_base);
        m.set_csr(csr::mstatus, MIE);
        m.core.set_irq(k.line, true);
        m.step();
        EXPECT_EQ(m.core.pc(), base + 4 * k.cause);
        EXPECT_EQ(m.csr(csr::mcause), iss::cause::interrupt | k.cause);
        m.core.set_irq(k.line, false);
    }
}

TEST_F(Interrupt, PriorityIsExternalThenSoftwareThenTimer) {
    m.core.set_irq(iss::irq_mti, true);
    m.core.set_irq(iss::irq_msi, true);
    m.core.set_irq(iss::irq_mei, true);
    const struct {
        iss::IrqBit line;
        uint32_t cause;
    } expected[] = {{iss::irq_mei, 11}, {iss::irq_msi, 3}, {iss::irq_mti, 7}};
    for (const auto& k : expected) {
        m.core.set_pc(ram_base);
        m.set_csr(csr::mstatus, MIE);
        m.step();
        EXPECT_EQ(m.csr(csr::mcause), iss::cause::interrupt | k.cause);
        m.core.set_irq(k.line, false); // the handler would acknowledge the device
    }
    m.core.set_pc(ram_base);
    m.set_csr(csr::mstatus, MIE);
    m.step();
    EXPECT_EQ(m.core.pc(), ram_base + 4) << "nothing pending any more";
}

TEST_F(Interrupt, MaskedByMstatusMieOrByMie) {
    m.set_csr(csr::mstatus, 0);
    m.core.set_irq(iss::irq_mei, true);
    m.step(2);
    EXPECT_EQ(m.core.pc(), ram_base + 8);
    EXPECT_EQ(m.csr(csr::mip), MEIE) << "pending shows in mip";

    m.set_csr(csr::mie, MSIE | MTIE);
    m.set_csr(csr::mstatus, MIE);
    m.step(2);
    EXPECT_EQ(m.core.pc(), ram_base + 16);

    m.set_csr(csr::mie, MEIE); // unmasking takes it at once
    m.step();
    EXPECT_EQ(m.core.pc(), handler_addr);
    EXPECT_EQ(m.csr(csr::mepc), ram_base + 16);
}

TEST_F(Interrupt, EnablingMieWithAPendingInterruptTrapsAfterTheCsrInstruction) {
    m.set_csr(csr::mstatus, 0);
    m.core.set_irq(iss::irq_msi, true);
    uint32_t at = m.emit(csrrsi(zero, csr::mstatus, 8));
    m.emit(addi(a1, zero, 1));
    m.core.set_pc(at);
    m.step(2);
    EXPECT_EQ(m.csr(csr::mcause), iss::cause::interrupt | 3);
    EXPECT_EQ(m.csr(csr::mepc), at + 4);
    EXPECT_EQ(m.x(a1), 0u);
}

TEST_F(Interrupt, MretReenablingWithAPendingInterruptTrapsAtTheReturnAddress) {
    m.write32(handler_addr + 0x100, mret());
    m.set_csr(csr::mepc, ram_base + 12);
    m.set_csr(csr::mstatus, MPIE); // MIE off now, on after mret
    m.core.set_irq(iss::irq_mti, true);
    m.exec_at(handler_addr + 0x100);
    m.step();
    EXPECT_EQ(m.core.pc(), handler_addr);
    EXPECT_EQ(m.csr(csr::mepc), ram_base + 12);
    EXPECT_EQ(m.csr(csr::mcause), iss::cause::interrupt | 7);
}

TEST_F(Interrupt, RaisedByADeviceDuringAStoreIsTakenRightAfterIt) {
    m.bus.on_write = [&](uint32_t, uint32_t v) { m.core.set_irq(iss::irq_mei, v != 0); };
    m.set_x(s1, mmio_base);
    m.set_x(a2, 1);
    uint32_t at = m.emit(sw(a2, s1, 0));
    m.emit(addi(a1, zero, 1));
    m.core.set_pc(at);
    m.step(100);
    EXPECT_EQ(m.core.pc(), handler_addr);
    EXPECT_EQ(m.csr(csr::mepc), at + 4);
    EXPECT_EQ(m.csr(csr::mcause), iss::cause::interrupt | 11);
    EXPECT_EQ(m.x(a1), 0u);
}

// ---- wfi ----------------------------------------------------------------------

TEST_F(Interrupt, WfiStopsTheRunUntilAnInterruptArrives) {
    uint32_t at = m.emit(wfi());
    m.core.set_pc(at);
    EXPECT_EQ(m.run_until_stop(), Stop::wfi);
    EXPECT_EQ(m.core.pc(), at + 4);
    uint64_t cycles = m.core.cycles();
    EXPECT_EQ(m.run_until_stop(), Stop::wfi) << "still waiting";
    EXPECT_EQ(m.core.cycles(), cycles);
    EXPECT_EQ(m.core.pc(), at + 4);

    m.core.add_idle_cycles(500); // the platform lets time pass
    m.core.set_irq(iss::irq_mti, true);
    m.step();
    EXPECT_EQ(m.core.pc(), handler_addr);
    EXPECT_EQ(m.csr(csr::mepc), at + 4);
    EXPECT_EQ(m.core.cycles(), cycles + 500 + 1);
}

TEST_F(Interrupt, WfiResumesWithoutTrappingWhenMieIsClear) {
    m.set_csr(csr::mstatus, 0);
    uint32_t at = m.emit(wfi());
    m.emit(addi(a1, zero, 7));
    m.core.set_pc(at);
    EXPECT_EQ(m.run_until_stop(), Stop::wfi);
    m.core.set_irq(iss::irq_msi, true);
    m.step();
    EXPECT_EQ(m.x(a1), 7u);
    EXPECT_EQ(m.core.pc(), at + 8);
}

TEST_F(Interrupt, WfiIgnoresInterruptsDisabledInMie) {
    m.set_csr(csr::mie, MTIE);
    uint32_t at = m.emit(wfi());
    m.core.set_pc(at);
    EXPECT_EQ(m.run_until_stop(), Stop::wfi);
    m.core.set_irq(iss::irq_mei, true);
    EXPECT_EQ(m.run_until_stop(), Stop::wfi);
    m.core.set_irq(iss::irq_mti, true);
    m.step();
    EXPECT_EQ(m.csr(csr::mcause), iss::cause::interrupt | 7);
}

TEST_F(Interrupt, WfiWithAnInterruptAlreadyPendingDoesNotStop) {
    m.set_csr(csr::mstatus, 0);
    m.core.set_irq(iss::irq_mti, true);
    uint32_t at = m.emit(wfi());
    m.emit(addi(a1, zero, 7));
    m.core.set_pc(at);
    EXPECT_EQ(m.step(2), Stop::budget);
    EXPECT_EQ(m.x(a1), 7u);
}

// ---- semihosting ----------------------------------------------------------------

TEST_F(Trap, SemihostingSequenceCallsTheBusPort) {
    m.bus.semihost_result = 0x1234;
    m.set_x(a0, 0x05);       // SYS_WRITE
    m.set_x(a1, 0x80004000); // parameter block
    m.emit(slli(zero, zero, 0x1f));
    m.emit(ebreak());
    m.emit(srai(zero, zero, 7));
    m.emit(addi(a2, a0, 1));
    m.step(4);
    ASSERT_EQ(m.bus.semihost_calls.size(), 1u);
    EXPECT_EQ(m.bus.semihost_calls[0].op, 0x05u);
    EXPECT_EQ(m.bus.semihost_calls[0].arg, 0x80004000u);
    EXPECT_EQ(m.x(a0), 0x1234u);
    EXPECT_EQ(m.x(a2), 0x1235u);
    EXPECT_EQ(m.core.pc(), ram_base + 16);
    EXPECT_EQ(m.csr(csr::mcause), 0u) << "no trap";
}

TEST_F(Trap, SemihostingUnavailableFallsBackToABreakpoint) {
    m.bus.semihosting = false;
    m.emit(slli(zero, zero, 0x1f));
    uint32_t at = m.emit(ebreak());
    m.emit(srai(zero, zero, 7));
    m.step(2);
    EXPECT_EQ(m.core.pc(), handler_addr);
    EXPECT_EQ(m.csr(csr::mcause), iss::cause::breakpoint);
    EXPECT_EQ(m.csr(csr::mepc), at);
}

TEST_F(Trap, IncompleteSemihostingSequencesAreBreakpoints) {
    // Missing the srai, then the wrong slli amount, then a c.ebreak.
    m.emit_all({slli(zero, zero, 0x1f), ebreak(), nop()});
    m.emit_all({slli(zero, zero, 0x1e), ebreak(), srai(zero, zero, 7)});
    m.emit(slli(zero, zero, 0x1f));
    m.emit16(c_ebreak());
    m.emit16(c_nop());
    m.emit(srai(zero, zero, 7));
    for (uint32_t ebreak_at : {ram_base + 4, ram_base + 16, ram_base + 28}) {
        m.core.set_pc(ebreak_at - 4);
        m.step(2);
        EXPECT_EQ(m.csr(csr::mcause), iss::cause::breakpoint);
        EXPECT_EQ(m.csr(csr::mepc), ebreak_at);
    }
    EXPECT_TRUE(m.bus.semihost_calls.empty());
}

// ---- fatal stops ------------------------------------------------------------------

TEST(TrapFatal, ExceptionWithoutHandlerHaltsWithTheDetails) {
    TestMachine m;
    m.emit(nop());
    uint32_t at = m.emit(0xffffffffu);
    EXPECT_EQ(m.run_until_stop(), Stop::halted);
    const iss::Fatal& f = m.core.fatal();
    ASSERT_TRUE(f.set);
    EXPECT_EQ(f.cause, iss::cause::illegal_insn);
    EXPECT_EQ(f.pc, at);
    EXPECT_EQ(f.tval, 0xffffffffu);
    EXPECT_NE(f.what.find("illegal instruction 0xffffffff"), std::string::npos) << f.what;
    EXPECT_NE(f.what.find("mtvec = 0"), std::string::npos) << f.what;
    EXPECT_NE(m.core.exit_code(), 0);
}

TEST(TrapFatal, EcallAndEbreakWithoutHandlerHalt) {
    for (uint32_t insn : {ecall(), ebreak()}) {
        TestMachine m;
        m.emit(insn);
        EXPECT_EQ(m.run_until_stop(), Stop::halted);
        EXPECT_EQ(m.core.fatal().cause,
                  insn == ecall() ? iss::cause::ecall_m : iss::cause::breakpoint);
        EXPECT_EQ(m.core.fatal().pc, ram_base);
    }
}

// A handler whose first instruction faults would trap to itself forever
// without counting a cycle, so run() never returned; now it is a fatal stop.
TEST(TrapFatal, HandlerOutsideTheDmiWindowHaltsInsteadOfHanging) {
    TestMachine m;
    m.set_trap_vector(0x00001000);
    m.emit(ecall());
    EXPECT_EQ(m.run_until_stop(), Stop::halted);
    const iss::Fatal& f = m.core.fatal();
    ASSERT_TRUE(f.set);
    EXPECT_EQ(f.cause, iss::cause::fetch_access);
    EXPECT_EQ(f.pc, 0x1000u);
    EXPECT_NE(f.what.find("trap handler"), std::string::npos) << f.what;
    EXPECT_EQ(m.csr(csr::mcause), iss::cause::ecall_m) << "the first trap was taken";
}

TEST(TrapFatal, IllegalHandlerEntryHaltsInsteadOfHanging) {
    TestMachine m;
    m.set_trap_vector(handler_addr); // RAM there is all zeros: illegal
    m.emit(ecall());
    EXPECT_EQ(m.run_until_stop(), Stop::halted);
    EXPECT_EQ(m.core.fatal().cause, iss::cause::illegal_insn);
    EXPECT_EQ(m.core.fatal().pc, handler_addr);
}

TEST(TrapFatal, VectoredInterruptEntryOutsideRamReachesTheBaseHandler) {
    TestMachine m;
    uint32_t base = ram_base + ram_size - 16; // base + 4 * 11 is past the end
    m.write32(base, jal(zero, 0));
    m.set_trap_vector(base, true);
    m.set_csr(csr::mie, MEIE);
    m.set_csr(csr::mstatus, MIE);
    m.emit(nop());
    m.core.set_irq(iss::irq_mei, true);
    EXPECT_EQ(m.step(5), Stop::budget);
    EXPECT_EQ(m.core.pc(), base) << "the fetch fault at the vector goes to the base";
    EXPECT_EQ(m.csr(csr::mcause), iss::cause::fetch_access);
    EXPECT_EQ(m.csr(csr::mepc), base + 44);
}

TEST(TrapFatal, HaltIsStickyUntilReset) {
    TestMachine m;
    m.emit(nop());
    m.core.halt(3);
    EXPECT_EQ(m.run_until_stop(), Stop::halted);
    EXPECT_EQ(m.core.exit_code(), 3);
    EXPECT_EQ(m.core.pc(), ram_base);
    m.core.reset(ram_base);
    EXPECT_FALSE(m.core.halted());
    EXPECT_EQ(m.step(), Stop::budget);
    EXPECT_EQ(m.core.pc(), ram_base + 4);
}

} // namespace
