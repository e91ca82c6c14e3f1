// The ISS core's debugger hooks (iss/rv32_core.h): breakpoints stop run()
// before their instruction without counting it and without touching guest
// memory, whether or not the instruction was already decoded; step() runs
// exactly one instruction, from a breakpoint too, without taking interrupts;
// invalidate_decode_cache() makes debugger writes to code take effect.
#include "tests/platform/iss/test_machine.h"

using namespace enc;
using namespace isstest;
using iss::Stop;

namespace {

constexpr uint32_t MIE_BIT = 1u << 3, MTIE = 1u << 7;

// a0 += 1, n times, then `j .`
uint32_t emit_counter(TestMachine& m, unsigned n) {
    uint32_t start = m.cursor;
    for (unsigned i = 0; i < n; ++i) m.emit(addi(a0, a0, 1));
    m.emit(jal(zero, 0));
    return start;
}

TEST(CoreBreakpoint, StopsBeforeTheInstructionWithoutCountingIt) {
    TestMachine m;
    uint32_t start = emit_counter(m, 6);
    const uint32_t before = m.read32(start + 8);
    EXPECT_TRUE(m.core.add_breakpoint(start + 8));
    EXPECT_FALSE(m.core.add_breakpoint(start + 8)) << "already set";
    EXPECT_EQ(m.run_until_stop(), Stop::breakpoint);
    EXPECT_EQ(m.core.pc(), start + 8);
    EXPECT_EQ(m.x(a0), 2u);
    EXPECT_EQ(m.core.instret(), 2u);
    EXPECT_EQ(m.core.cycles(), 2u);
    EXPECT_EQ(m.read32(start + 8), before) << "guest memory is never patched";
    // Still there: run() stops at once, the caller steps over it to go on.
    EXPECT_EQ(m.run_until_stop(), Stop::breakpoint);
    EXPECT_EQ(m.core.instret(), 2u);
}

TEST(CoreBreakpoint, HitsAnInstructionAlreadyInTheDecodeCache) {
    TestMachine m;
    uint32_t loop = m.emit(addi(a0, a0, 1));
    m.emit(jal(zero, -4));
    m.step(20); // both instructions are decoded by now
    EXPECT_TRUE(m.core.add_breakpoint(loop + 4));
    EXPECT_EQ(m.run_until_stop(), Stop::breakpoint);
    EXPECT_EQ(m.core.pc(), loop + 4);
    EXPECT_EQ(m.x(a0), 11u);
}

TEST(CoreBreakpoint, RemovedBreakpointNoLongerStops) {
    TestMachine m;
    uint32_t start = emit_counter(m, 4);
    m.core.add_breakpoint(start + 4);
    EXPECT_EQ(m.run_until_stop(), Stop::breakpoint);
    EXPECT_TRUE(m.core.remove_breakpoint(start + 4));
    EXPECT_FALSE(m.core.remove_breakpoint(start + 4));
    EXPECT_FALSE(m.core.has_breakpoint(start + 4));
    EXPECT_EQ(m.step(10), Stop::budget);
    EXPECT_EQ(m.x(a0), 4u);
}

TEST(CoreBreakpoint, CountsAreThoseOfARunWithoutBreakpoints) {
    TestMachine plain, debugged;
    for (TestMachine* m : {&plain, &debugged}) {
        emit_counter(*m, 8);
        m->core.set_cpi(iss::CpiTable{}); // real costs, not one cycle each
    }
    debugged.core.add_breakpoint(ram_base + 12);
    EXPECT_EQ(debugged.core.run(100), Stop::breakpoint);
    EXPECT_EQ(debugged.core.step(), Stop::budget);
    debugged.core.remove_breakpoint(ram_base + 12);
    debugged.core.run(100);
    plain.core.run(100);
    EXPECT_EQ(debugged.core.cycles(), plain.core.cycles());
    EXPECT_EQ(debugged.core.instret(), plain.core.instret());
    EXPECT_EQ(debugged.x(a0), plain.x(a0));
}

TEST(CoreStep, RunsExactlyOneInstructionOfEitherLength) {
    TestMachine m;
    m.emit(addi(a0, zero, 5));
    m.emit16(c_li(a1, 3));
    m.emit(addi(a2, zero, 9));
    EXPECT_EQ(m.core.step(), Stop::budget);
    EXPECT_EQ(m.core.pc(), ram_base + 4);
    EXPECT_EQ(m.core.step(), Stop::budget);
    EXPECT_EQ(m.core.pc(), ram_base + 6);
    EXPECT_EQ(m.x(a0), 5u);
    EXPECT_EQ(m.x(a1), 3u);
    EXPECT_EQ(m.x(a2), 0u);
    EXPECT_EQ(m.core.instret(), 2u);
}

TEST(CoreStep, StepsOffABreakpointWhichStaysSet) {
    TestMachine m;
    uint32_t loop = m.emit(addi(a0, a0, 1));
    m.emit(jal(zero, -4));
    m.core.add_breakpoint(loop);
    EXPECT_EQ(m.run_until_stop(), Stop::breakpoint);
    EXPECT_EQ(m.x(a0), 0u);
    EXPECT_EQ(m.core.step(), Stop::budget);
    EXPECT_EQ(m.x(a0), 1u);
    EXPECT_EQ(m.core.pc(), loop + 4);
    EXPECT_EQ(m.run_until_stop(), Stop::breakpoint) << "hit again on the next round";
    EXPECT_EQ(m.core.pc(), loop);
    EXPECT_EQ(m.x(a0), 1u);
}

TEST(CoreStep, FollowsATakenBranch) {
    TestMachine m;
    m.emit(beq(zero, zero, 16));
    EXPECT_EQ(m.core.step(), Stop::budget);
    EXPECT_EQ(m.core.pc(), ram_base + 16);
}

TEST(CoreStep, LeavesPendingInterruptsForTheNextRun) {
    TestMachine m;
    m.install_spin_handler();
    m.set_csr(iss::csr::mie, MTIE);
    m.set_csr(iss::csr::mstatus, MIE_BIT);
    m.core.set_pc(ram_base);
    m.emit(addi(a0, zero, 1));
    m.emit(addi(a1, zero, 2));
    m.core.set_irq(iss::irq_mti, true);
    EXPECT_EQ(m.core.step(), Stop::budget);
    EXPECT_EQ(m.core.pc(), ram_base + 4) << "the step ran the instruction, not the handler";
    EXPECT_EQ(m.x(a0), 1u);
    m.step();
    EXPECT_EQ(m.core.pc(), handler_addr);
    EXPECT_EQ(m.csr(iss::csr::mepc), ram_base + 4);
}

TEST(CoreStep, AnInstructionThatTrapsEndsAtTheHandler) {
    TestMachine m;
    m.install_spin_handler();
    m.core.set_pc(ram_base);
    m.emit(ecall());
    EXPECT_EQ(m.core.step(), Stop::budget);
    EXPECT_EQ(m.core.pc(), handler_addr);
    EXPECT_EQ(m.csr(iss::csr::mcause), iss::cause::ecall_m);
}

TEST(CoreStep, AnIllegalInstructionOnlyTakesTheTrap) {
    TestMachine m;
    m.write32(handler_addr, addi(a1, zero, 1));
    m.set_trap_vector();
    m.core.set_pc(ram_base);
    m.emit(0xffffffffu);
    EXPECT_EQ(m.core.step(), Stop::budget);
    EXPECT_EQ(m.core.pc(), handler_addr);
    EXPECT_EQ(m.x(a1), 0u) << "the handler's first instruction did not run";
    EXPECT_EQ(m.core.instret(), 0u);
}

TEST(CoreStep, OverWfiSleepsUntilAnInterruptArrives) {
    TestMachine m;
    uint32_t at = m.emit(wfi());
    m.emit(addi(a0, zero, 1));
    EXPECT_EQ(m.core.step(), Stop::wfi);
    EXPECT_EQ(m.core.pc(), at + 4);
    EXPECT_EQ(m.core.step(), Stop::wfi) << "asleep: nothing runs";
    EXPECT_EQ(m.x(a0), 0u);
    m.set_csr(iss::csr::mie, MTIE); // MIE clear: wfi wakes without trapping
    m.core.set_irq(iss::irq_mti, true);
    EXPECT_EQ(m.core.step(), Stop::budget);
    EXPECT_EQ(m.x(a0), 1u);
}

TEST(CoreStep, AHaltedCoreStaysHalted) {
    TestMachine m;
    m.core.halt(3);
    EXPECT_EQ(m.core.step(), Stop::halted);
    EXPECT_EQ(m.core.instret(), 0u);
}

TEST(CoreDecodeCache, InvalidatingARangeMakesNewCodeRun) {
    TestMachine m;
    m.emit(addi(a0, zero, 1));
    m.emit(jal(zero, 0));
    m.step(3);
    EXPECT_EQ(m.x(a0), 1u);
    m.write32(ram_base, addi(a0, zero, 2)); // as a debugger writes it, behind the core's back
    m.core.set_pc(ram_base);
    m.step();
    EXPECT_EQ(m.x(a0), 1u) << "the stale decoded instruction ran";
    m.core.invalidate_decode_cache(ram_base, 4);
    m.core.set_pc(ram_base);
    m.step();
    EXPECT_EQ(m.x(a0), 2u);
}

TEST(CoreDecodeCache, AWriteIntoTheUpperHalfDropsTheInstructionThatStartsBefore) {
    TestMachine m;
    m.emit(lui(a0, 0x12345));
    m.step();
    m.write32(ram_base, addi(a0, zero, 7)); // changes both halves
    m.core.invalidate_decode_cache(ram_base + 2, 1);
    m.core.set_pc(ram_base);
    m.step();
    EXPECT_EQ(m.x(a0), 7u);
}

} // namespace
