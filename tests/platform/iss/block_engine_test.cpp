// The block engine (platform/iss/rv32_blocks.cpp) against the per-instruction
// loop, and the behaviours that blocks could break: a program with loads,
// stores, multiplies, divides, calls, compressed code, CSR reads, MMIO with bus
// latency and a timer interrupt runs in lock step with the per-instruction loop
// under random cycle limits (same pc, registers, cycles, instret, classes and
// stop reason after every chunk); self-modifying code with and without fence.i
// follows the documented model (docs/platform/cpu.md); a breakpoint set inside
// an already translated block stops there.
#include "tests/platform/iss/test_machine.h"

#include <random>

using namespace enc;
using namespace isstest;
using iss::Stop;

namespace {

// A loop over the data area with every kind of block ending and slow path;
// returns the address of the final `j .`.
uint32_t load_program(TestMachine& m) {
    m.core.set_cpi(iss::CpiTable{}); // the default costs: loads 2, div 34, taken penalty 2
    m.bus.latency = 3;
    m.write32(data_addr, 0x12345);
    m.emit_li(s0, data_addr);
    m.emit_li(s1, mmio_base);
    m.emit(addi(t0, zero, 300)); // iterations
    m.emit(addi(a0, zero, 7));
    const uint32_t loop = m.emit(lw(a1, s0, 0));
    m.emit(mul(a1, a1, a0));
    m.emit(add(a2, a2, a1));
    m.emit(andi(a3, a1, 0x100));
    m.emit(beq(a3, zero, 20)); // to skip
    m.emit(div(a4, a2, a0));
    m.emit(sw(a4, s0, 4));
    m.emit16(c_addi(a5, 1));
    m.emit16(c_nop());
    const uint32_t call = m.emit(jal(ra, 0)); // patched below
    m.emit(sw(a1, s0, 0));                    // skip:
    m.emit(auipc(t1, 0));
    m.emit(csrr(t2, iss::csr::minstret));
    m.emit(sw(t2, s1, 0)); // MMIO store: slow path with latency
    m.emit(lw(t3, s1, 0)); // MMIO load
    m.emit(addi(t0, t0, -1));
    const uint32_t back = m.emit(bne(t0, zero, 0)); // patched below
    const uint32_t end = m.emit(jal(zero, 0));
    const uint32_t func = m.emit(addi(a6, a6, 3));
    m.emit(jalr(zero, ra, 0));
    m.write32(call, jal(ra, static_cast<int32_t>(func - call)));
    m.write32(back, bne(t0, zero, static_cast<int32_t>(loop) - static_cast<int32_t>(back)));
    // Timer interrupt handler: count, mask MTI, return.
    m.write32(handler_addr, addi(s2, s2, 1));
    m.write32(handler_addr + 4, addi(t4, zero, 0x80));
    m.write32(handler_addr + 8, csrrc(zero, iss::csr::mie, t4));
    m.write32(handler_addr + 12, mret());
    m.set_trap_vector();
    m.set_csr(iss::csr::mie, 1u << iss::irq_mti);
    m.set_csr(iss::csr::mstatus, iss::MSTATUS_MIE);
    return end;
}

void expect_same_state(TestMachine& a, TestMachine& b, int chunk) {
    SCOPED_TRACE(testing::Message() << "after chunk " << chunk);
    expect_same_core_state(a, b);
    if (testing::Test::HasFatalFailure()) return;
    ASSERT_EQ(a.read32(data_addr + 4), b.read32(data_addr + 4));
}

void run_lock_step(unsigned max_chunk, int irq_chunk, unsigned seed, bool native = true) {
    TestMachine blocks, reference;
    blocks.core.set_native_code(native);
    reference.core.set_block_execution(false);
    const uint32_t end = load_program(blocks);
    load_program(reference);
    std::mt19937 random(seed);
    int chunk = 0;
    for (; chunk < 100000; ++chunk) {
        if (chunk == irq_chunk) { // the timer fires between two chunks, as the platform would do it
            blocks.core.set_irq(iss::irq_mti, true);
            reference.core.set_irq(iss::irq_mti, true);
        }
        const uint64_t limit = blocks.core.cycles() + 1 + random() % max_chunk;
        const Stop a = blocks.core.run(limit), b = reference.core.run(limit);
        ASSERT_EQ(a, b) << "chunk " << chunk;
        expect_same_state(blocks, reference, chunk);
        if (blocks.core.pc() == end) break;
    }
    EXPECT_EQ(blocks.core.pc(), end);
    EXPECT_EQ(blocks.x(t0), 0u);
    EXPECT_EQ(blocks.x(s2), 1u) << "the interrupt handler ran once";
    EXPECT_GT(blocks.core.instret(), 300u * 15);
}

TEST(BlockEngine, LockStepWithThePerInstructionLoopInSmallChunks) { run_lock_step(40, 40, 1); }

TEST(BlockEngine, LockStepWithThePerInstructionLoopInLargeChunks) { run_lock_step(5000, 2, 2); }

// The same without host code (platform/iss/rv32_native.cpp): the block engine's micro-ops alone.
TEST(BlockEngine, MicroOpsInLockStepWithThePerInstructionLoopInSmallChunks) {
    run_lock_step(40, 40, 1, false);
}

TEST(BlockEngine, MicroOpsInLockStepWithThePerInstructionLoopInLargeChunks) {
    run_lock_step(5000, 2, 2, false);
}

// The three engines, which must agree: host code, the block engine's micro-ops, one
// instruction at a time.
enum class Engine { native, micro_ops, per_instruction };
constexpr Engine kEngines[] = {Engine::native, Engine::micro_ops, Engine::per_instruction};
constexpr Engine kBlockEngines[] = {Engine::native, Engine::micro_ops};
const char* engine_name(Engine e) {
    return e == Engine::native      ? "host code"
           : e == Engine::micro_ops ? "micro-ops"
                                    : "per instruction";
}
void use_engine(TestMachine& m, Engine e) {
    m.core.set_native_code(e == Engine::native);
    m.core.set_block_execution(e != Engine::per_instruction);
}

// Without fence.i, code is decoded once per block (docs/platform/cpu.md):
// an instruction that already ran keeps its old meaning...
TEST(SelfModifyingCodeModel, WithoutFenceIAnExecutedInstructionKeepsItsOldMeaning) {
    for (Engine engine : kEngines) {
        TestMachine m;
        use_engine(m, engine);
        m.set_x(a3, addi(a0, a0, 100));
        const uint32_t x_addr = m.emit(addi(a0, a0, 1));
        m.emit(bne(a2, zero, 24)); // second time: to the ecall
        m.emit(addi(a2, zero, 1));
        m.emit(auipc(a4, 0));
        m.emit(sw(a3, a4, -12)); // over X
        m.emit(nop());
        m.emit(jal(zero, -24)); // back to X
        m.emit(ecall());
        m.core.set_pc(x_addr);
        EXPECT_EQ(m.run_until_stop(), Stop::halted);
        EXPECT_EQ(m.x(a0), 2u) << engine_name(engine);
    }
}

// ... and so does a later instruction of the block that is running, which the
// store changes before control reaches it (with blocks: the per-instruction loop
// alone decodes it only when it gets there).
TEST(SelfModifyingCodeModel, WithoutFenceIALaterInstructionOfTheRunningBlockKeepsItsOldMeaning) {
    for (Engine engine : kBlockEngines) {
        SCOPED_TRACE(engine_name(engine));
        TestMachine m;
        use_engine(m, engine);
        m.set_x(a3, addi(a0, a0, 100));
        m.emit(auipc(a4, 0));
        m.emit(sw(a3, a4, 12)); // over the addi below
        m.emit(nop());
        m.emit(addi(a0, a0, 1));
        m.emit(ecall());
        EXPECT_EQ(m.run_until_stop(), Stop::halted);
        EXPECT_EQ(m.x(a0), 1u);
    }
}

TEST(SelfModifyingCodeModel, FenceIMakesAStoreToTheRunningBlockSeen) {
    for (Engine engine : kEngines) {
        SCOPED_TRACE(engine_name(engine));
        TestMachine m;
        use_engine(m, engine);
        m.set_x(a3, addi(a0, a0, 100));
        m.emit(auipc(a4, 0));
        m.emit(sw(a3, a4, 12)); // over the addi below
        m.emit(fence_i());
        m.emit(addi(a0, a0, 1));
        m.emit(ecall());
        EXPECT_EQ(m.run_until_stop(), Stop::halted);
        EXPECT_EQ(m.x(a0), 100u);
    }
}

TEST(SelfModifyingCodeModel, FenceIMakesAnExecutedInstructionsNewMeaningSeen) {
    for (Engine engine : kEngines) {
        SCOPED_TRACE(engine_name(engine));
        TestMachine m;
        use_engine(m, engine);
        m.set_x(a3, addi(a0, a0, 100));
        const uint32_t x_addr = m.emit(addi(a0, a0, 1));
        m.emit(bne(a2, zero, 24));
        m.emit(addi(a2, zero, 1));
        m.emit(auipc(a4, 0));
        m.emit(sw(a3, a4, -12));
        m.emit(fence_i());
        m.emit(jal(zero, -24));
        m.emit(ecall());
        m.core.set_pc(x_addr);
        EXPECT_EQ(m.run_until_stop(), Stop::halted);
        EXPECT_EQ(m.x(a0), 101u);
    }
}

// Code written where nothing ran before is seen without fence.i (e.g. a loader
// that copies a routine to RAM and calls it): nothing decoded it yet.
TEST(SelfModifyingCodeModel, CodeWrittenBeforeItFirstRunsIsSeenWithoutFenceI) {
    for (Engine engine : kEngines) {
        SCOPED_TRACE(engine_name(engine));
        TestMachine m;
        use_engine(m, engine);
        const uint32_t routine = ram_base + 0x400;
        m.set_x(a3, addi(a0, zero, 42));
        m.set_x(a5, jalr(zero, ra, 0));
        m.emit_li(a4, routine);
        m.emit(sw(a3, a4, 0));
        m.emit(sw(a5, a4, 4));
        m.emit(jalr(ra, a4, 0));
        m.emit(ecall());
        EXPECT_EQ(m.run_until_stop(), Stop::halted);
        EXPECT_EQ(m.x(a0), 42u);
    }
}

TEST(BlockEngine, BreakpointSetInsideAnAlreadyTranslatedBlockStopsThere) {
    for (Engine engine : kEngines) {
        SCOPED_TRACE(engine_name(engine));
        TestMachine m;
        use_engine(m, engine);
        const uint32_t loop = m.emit(addi(a0, a0, 1));
        m.emit(addi(a1, a1, 2));
        const uint32_t third = m.emit(addi(a2, a2, 3));
        m.emit(jal(zero, -12));
        ASSERT_EQ(m.step(100), Stop::budget); // 25 rounds: the loop is one translated block
        ASSERT_EQ(m.core.pc(), loop);
        ASSERT_EQ(m.x(a2), 75u);

        ASSERT_TRUE(m.core.add_breakpoint(third));
        EXPECT_EQ(m.run_until_stop(), Stop::breakpoint);
        EXPECT_EQ(m.core.pc(), third);
        EXPECT_EQ(m.core.instret(), 102u);
        EXPECT_EQ(m.x(a1), 52u);
        EXPECT_EQ(m.x(a2), 75u); // not executed

        EXPECT_EQ(m.core.step(), Stop::budget); // steps over the breakpoint: one instruction
        EXPECT_EQ(m.core.pc(), third + 4);
        EXPECT_EQ(m.x(a2), 78u);
        EXPECT_EQ(m.run_until_stop(), Stop::breakpoint); // one round later
        EXPECT_EQ(m.core.instret(), 106u);

        ASSERT_TRUE(m.core.remove_breakpoint(third));
        EXPECT_EQ(m.step(8), Stop::budget); // the whole block again
        EXPECT_EQ(m.core.instret(), 114u);
        EXPECT_EQ(m.core.pc(), third);
    }
}

} // namespace
