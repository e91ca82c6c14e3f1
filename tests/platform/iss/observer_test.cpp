// The instruction observer (platform/iss/rv32_observer.h): a run with one
// attached ends in the same state as one without (block engine on), every
// retired instruction is reported once (the reports add up to instret and,
// with the trapping ones, to the cycle count), and each report carries what
// the instruction did: rd and its value, a load's or store's address and
// value, its encoding and length. Breakpoints still stop the core.
#include "tests/platform/iss/test_machine.h"

#include <vector>

using namespace enc;
using namespace isstest;
using iss::Stop;

namespace {

struct Recorder : iss::InsnObserver {
    std::vector<iss::ExecutedInsn> seen;
    void executed(const iss::ExecutedInsn& i) override { seen.push_back(i); }
};

struct Program {
    uint32_t load_byte, store_word, mmio_store, ecall, compressed, end;
};

// A loop with loads (one sign-extending), stores, MMIO with bus latency, a
// compressed instruction, a multiply and an ecall to a handler that skips it.
Program load_program(TestMachine& m) {
    Program p{};
    m.core.set_cpi(iss::CpiTable{}); // default costs: loads 2, taken penalty 2, ...
    m.bus.latency = 3;
    m.write8(data_addr + 8, 0x80);
    m.emit_li(s0, data_addr);
    m.emit_li(s1, mmio_base);
    m.emit(addi(t0, zero, 5));
    const uint32_t loop = m.cursor;
    p.load_byte = m.emit(lb(a1, s0, 8));
    m.emit(mul(a2, t0, t0));
    p.store_word = m.emit(sw(a2, s0, 4));
    p.mmio_store = m.emit(sw(a2, s1, 0));
    m.emit(lw(a3, s1, 0));
    p.compressed = m.emit16(c_addi(a5, 3));
    p.ecall = m.emit(ecall());
    m.emit(addi(t0, t0, -1));
    const uint32_t back = m.emit(bne(t0, zero, 0));
    m.write32(back, bne(t0, zero, static_cast<int32_t>(loop) - static_cast<int32_t>(back)));
    p.end = m.emit(jal(zero, 0));
    // ecall handler: mepc += 4, return.
    m.write32(handler_addr, csrr(t4, iss::csr::mepc));
    m.write32(handler_addr + 4, addi(t4, t4, 4));
    m.write32(handler_addr + 8, csrw(iss::csr::mepc, t4));
    m.write32(handler_addr + 12, mret());
    m.set_trap_vector();
    return p;
}

TEST(Observer, SameEndStateAsWithoutAndEveryInstructionReported) {
    TestMachine plain, watched;
    const Program p = load_program(plain);
    load_program(watched);
    Recorder rec;
    watched.core.set_observer(&rec);
    const uint64_t budget = 2000;
    for (TestMachine* m : {&plain, &watched}) {
        while (m->core.pc() != p.end) ASSERT_EQ(m->core.run(m->core.cycles() + 37), Stop::budget);
    }
    EXPECT_EQ(watched.core.cycles(), plain.core.cycles());
    EXPECT_EQ(watched.core.instret(), plain.core.instret());
    for (unsigned r = 0; r < 32; ++r) EXPECT_EQ(watched.x(r), plain.x(r)) << "x" << r;
    EXPECT_LT(plain.core.cycles(), budget);

    uint64_t retired = 0, cycles = 0;
    for (const iss::ExecutedInsn& i : rec.seen) {
        retired += i.retired;
        EXPECT_EQ(i.cycle, cycles) << std::hex << i.pc; // back to back: no gap without wfi
        cycles += i.cycles;
    }
    EXPECT_EQ(retired, watched.core.instret());
    // The last pass stopped at `j .` before or after executing some of it.
    EXPECT_GE(watched.core.cycles(), cycles);
    EXPECT_LE(watched.core.cycles() - cycles, 3u);
}

TEST(Observer, ReportsRegisterAndMemoryEffects) {
    TestMachine m;
    const Program p = load_program(m);
    Recorder rec;
    m.core.set_observer(&rec);
    while (m.core.pc() != p.end) m.core.run(m.core.cycles() + 100);
    unsigned loads = 0, stores = 0, mmio = 0, ecalls = 0, compressed = 0;
    for (const iss::ExecutedInsn& i : rec.seen) {
        if (i.pc == p.load_byte) {
            ++loads;
            EXPECT_EQ(i.raw, lb(a1, s0, 8));
            EXPECT_EQ(i.len, 4);
            EXPECT_EQ(i.rd, a1);
            EXPECT_EQ(i.rd_value, 0xffffff80u); // sign-extended into the register
            EXPECT_EQ(i.mem_size, 1);
            EXPECT_FALSE(i.mem_store);
            EXPECT_EQ(i.mem_addr, data_addr + 8);
            EXPECT_EQ(i.mem_value, 0x80u); // the byte as loaded
            EXPECT_EQ(i.cycles, 2u);       // a load's cost
        }
        if (i.pc == p.store_word) {
            const uint32_t t0_value = 5 - stores;
            ++stores;
            EXPECT_EQ(i.rd, 0);
            EXPECT_EQ(i.mem_size, 4);
            EXPECT_TRUE(i.mem_store);
            EXPECT_EQ(i.mem_addr, data_addr + 4);
            EXPECT_EQ(i.mem_value, t0_value * t0_value);
        }
        if (i.pc == p.mmio_store) {
            ++mmio;
            EXPECT_EQ(i.mem_addr, mmio_base);
            EXPECT_EQ(i.cycles, 1u + 3u); // store cost plus the bus latency
        }
        if (i.pc == p.compressed) {
            ++compressed;
            EXPECT_EQ(i.len, 2);
            EXPECT_EQ(i.raw, c_addi(a5, 3));
            EXPECT_EQ(i.rd, a5);
            EXPECT_EQ(i.rd_value, 3u * compressed);
        }
        if (i.pc == p.ecall) {
            ++ecalls;
            EXPECT_FALSE(i.retired); // it traps: no minstret
            EXPECT_EQ(i.rd, 0);
        }
    }
    EXPECT_EQ(loads, 5u);
    EXPECT_EQ(stores, 5u);
    EXPECT_EQ(mmio, 5u);
    EXPECT_EQ(ecalls, 5u);
    EXPECT_EQ(compressed, 5u);
}

TEST(Observer, BreakpointStillStopsAndDetachingRestoresBlocks) {
    TestMachine m;
    const Program p = load_program(m);
    Recorder rec;
    m.core.set_observer(&rec);
    m.core.add_breakpoint(p.store_word);
    EXPECT_EQ(m.core.run(m.core.cycles() + 1000), Stop::breakpoint);
    EXPECT_EQ(m.core.pc(), p.store_word);
    ASSERT_FALSE(rec.seen.empty());
    EXPECT_NE(rec.seen.back().pc, p.store_word); // stopped before it
    // A step over the breakpoint is reported too.
    EXPECT_EQ(m.core.step(), Stop::budget);
    EXPECT_EQ(rec.seen.back().pc, p.store_word);
    m.core.remove_breakpoint(p.store_word);
    m.core.set_observer(nullptr);
    const size_t reported = rec.seen.size();
    while (m.core.pc() != p.end) m.core.run(m.core.cycles() + 100);
    EXPECT_EQ(rec.seen.size(), reported);
}

TEST(Observer, WriteToX0IsNoRegisterWrite) {
    TestMachine m;
    Recorder rec;
    m.core.set_observer(&rec);
    m.emit(addi(zero, zero, 5));
    m.emit(addi(a0, zero, -1));
    m.step(2);
    ASSERT_EQ(rec.seen.size(), 2u);
    EXPECT_EQ(rec.seen[0].rd, 0);
    EXPECT_EQ(rec.seen[1].rd, a0);
    EXPECT_EQ(rec.seen[1].rd_value, 0xffffffffu);
    EXPECT_EQ(rec.seen[1].instret, 2u);
}

} // namespace
