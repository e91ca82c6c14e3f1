// The translator to host code (platform/iss/rv32_native.cpp) against the
// per-instruction loop: random programs of every instruction it translates
// (all 31 registers, so that its register cache evicts; x0 as source and
// destination; loads and stores of every width inside the DMI window and on
// the slow path; branches, jal, jalr) run in lock step under random cycle
// limits, with the default costs (taken penalty, 2-cycle loads, 3-cycle
// multiplies). After every chunk: same pc, registers, cycles, instret,
// retired-by-class counts, bus log and data. The block engine without host
// code is checked the same way, so the portable fallback stays exact too.
#include "tests/platform/iss/test_machine.h"

#include <random>

using namespace enc;
using namespace isstest;
using iss::Stop;

namespace {

constexpr uint32_t kLoopCounter = t6, kLinkReg = t5, kDataBase = s0, kMmioBase = s1;

bool reserved(uint32_t r) {
    return r == kLoopCounter || r == kLinkReg || r == kDataBase || r == kMmioBase;
}

// A loop of `length` random instructions, `rounds` times; returns the address of the final `j .`.
uint32_t load_random_program(TestMachine& m, unsigned seed, unsigned length, unsigned rounds) {
    std::mt19937 random(seed);
    m.core.set_cpi(iss::CpiTable{});
    m.bus.latency = 2;
    for (uint32_t k = 0; k < 1024; ++k) m.write32(data_addr + 4 * k, random());
    for (unsigned r = 1; r < 32; ++r) m.set_x(r, random() % 3 == 0 ? random() % 64 : random());
    m.emit_li(kDataBase, data_addr + 2048);
    m.emit_li(kMmioBase, mmio_base);
    m.emit(addi(kLoopCounter, zero, static_cast<int32_t>(rounds)));
    const auto any = [&] { return static_cast<uint32_t>(random() % 32); };
    const auto dest = [&] {
        uint32_t r;
        do r = any();
        while (reserved(r));
        return r;
    };
    const auto imm12 = [&] { return static_cast<int32_t>(random() % 4096) - 2048; };
    const auto data_offset = [&](unsigned align) {
        return (static_cast<int32_t>(random() % 4000) - 2000) & ~static_cast<int32_t>(align - 1);
    };
    const uint32_t loop = m.cursor;
    for (unsigned n = 0; n < length; ++n) {
        const unsigned kind = random() % 40;
        const uint32_t rd = dest(), rs1 = any(), rs2 = any();
        switch (kind) {
        case 0: m.emit(lui(rd, random() & 0xfffff)); break;
        case 1: m.emit(auipc(rd, random() & 0xfffff)); break;
        case 2: m.emit(addi(rd, rs1, imm12())); break;
        case 3: m.emit(slti(rd, rs1, imm12())); break;
        case 4: m.emit(sltiu(rd, rs1, imm12())); break;
        case 5: m.emit(xori(rd, rs1, imm12())); break;
        case 6: m.emit(ori(rd, rs1, imm12())); break;
        case 7: m.emit(andi(rd, rs1, imm12())); break;
        case 8: m.emit(slli(rd, rs1, random() % 32)); break;
        case 9: m.emit(srli(rd, rs1, random() % 32)); break;
        case 10: m.emit(srai(rd, rs1, random() % 32)); break;
        case 11: m.emit(add(rd, rs1, rs2)); break;
        case 12: m.emit(sub(rd, rs1, rs2)); break;
        case 13: m.emit(sll(rd, rs1, rs2)); break;
        case 14: m.emit(slt(rd, rs1, rs2)); break;
        case 15: m.emit(sltu(rd, rs1, rs2)); break;
        case 16: m.emit(xor_(rd, rs1, rs2)); break;
        case 17: m.emit(srl(rd, rs1, rs2)); break;
        case 18: m.emit(sra(rd, rs1, rs2)); break;
        case 19: m.emit(or_(rd, rs1, rs2)); break;
        case 20: m.emit(and_(rd, rs1, rs2)); break;
        case 21: m.emit(mul(rd, rs1, rs2)); break;
        case 22: m.emit(mulh(rd, rs1, rs2)); break;
        case 23: m.emit(mulhsu(rd, rs1, rs2)); break;
        case 24: m.emit(mulhu(rd, rs1, rs2)); break;
        case 25: m.emit(lb(rd, kDataBase, data_offset(1))); break;
        case 26: m.emit(lh(rd, kDataBase, data_offset(1))); break; // misaligned too
        case 27: m.emit(lw(rd, kDataBase, data_offset(1))); break;
        case 28: m.emit(lbu(rd, kDataBase, data_offset(1))); break;
        case 29: m.emit(lhu(rd, kDataBase, data_offset(2))); break;
        case 30: m.emit(sb(rs2, kDataBase, data_offset(1))); break;
        case 31: m.emit(sh(rs2, kDataBase, data_offset(2))); break;
        case 32: m.emit(sw(rs2, kDataBase, data_offset(4))); break;
        case 33: // the slow path: an MMIO word
            m.emit(random() % 2 ? lw(rd, kMmioBase, 4 * (random() % 4))
                                : sw(rs2, kMmioBase, 4 * (random() % 4)));
            break;
        case 34: { // a data-dependent branch over the next instruction
            const uint32_t branches[] = {beq(rs1, rs2, 8), bne(rs1, rs2, 8),  blt(rs1, rs2, 8),
                                         bge(rs1, rs2, 8), bltu(rs1, rs2, 8), bgeu(rs1, rs2, 8)};
            m.emit(branches[random() % 6]);
            m.emit(addi(rd, rs1, imm12()));
            break;
        }
        case 35: // a jump over the next instruction
            m.emit(jal(random() % 2 ? zero : rd, 8));
            m.emit(addi(rd, rs1, imm12()));
            break;
        case 36: // an indirect jump over the next instruction
            m.emit(auipc(kLinkReg, 0));
            m.emit(jalr(random() % 2 ? zero : rd, kLinkReg, 12));
            m.emit(addi(rd, rs1, imm12()));
            break;
        case 37: m.emit(addi(rd, zero, imm12())); break; // li
        case 38: m.emit(add(zero, rs1, rs2)); break;     // writes x0
        default: m.emit(lw(zero, kDataBase, data_offset(4))); break;
        }
    }
    m.emit(nop()); // what the last instruction may skip
    m.emit(addi(kLoopCounter, kLoopCounter, -1));
    const uint32_t back = m.emit(bne(kLoopCounter, zero, 0));
    m.write32(back, bne(kLoopCounter, zero, static_cast<int32_t>(loop - back)));
    return m.emit(jal(zero, 0));
}

void expect_same_state(TestMachine& a, TestMachine& b, int chunk) {
    SCOPED_TRACE(testing::Message() << "after chunk " << chunk);
    expect_same_core_state(a, b);
    if (testing::Test::HasFatalFailure()) return;
    ASSERT_EQ(0, std::memcmp(a.at(data_addr), b.at(data_addr), 4096));
}

// Returns how many blocks had host code at the end.
size_t run_random_lock_step(bool native, unsigned seed, unsigned max_chunk) {
    TestMachine under_test, reference;
    under_test.core.set_native_code(native);
    reference.core.set_block_execution(false);
    const uint32_t end = load_random_program(under_test, seed, 300, 20);
    load_random_program(reference, seed, 300, 20);
    std::mt19937 random(seed + 1000);
    int chunk = 0;
    for (; chunk < 1000000 && reference.core.pc() != end && !reference.core.halted(); ++chunk) {
        const uint64_t limit = reference.core.cycles() + 1 + random() % max_chunk;
        const Stop a = under_test.core.run(limit), b = reference.core.run(limit);
        EXPECT_EQ(a, b) << "chunk " << chunk;
        expect_same_state(under_test, reference, chunk);
        if (testing::Test::HasFailure()) return 0;
    }
    EXPECT_FALSE(reference.core.halted()) << reference.core.fatal().what;
    EXPECT_EQ(under_test.core.pc(), end);
    EXPECT_GT(under_test.core.instret(), 20u * 250);
    return under_test.core.native_blocks();
}

// Where the translator is built (x86-64; iss_tests, not iss_tests_switch, which is built
// without it) the programs run as host code.
TEST(NativeCode, RandomProgramsInLockStepWithThePerInstructionLoop) {
    for (unsigned seed = 1; seed <= 12; ++seed) {
        SCOPED_TRACE(testing::Message() << "seed " << seed);
        const size_t compiled = run_random_lock_step(true, seed, seed % 2 ? 50 : 5000);
        if (HasFailure()) return;
        if (iss::Core::native_code_available())
            EXPECT_GT(compiled, 20u) << "blocks with host code";
        else
            EXPECT_EQ(compiled, 0u);
    }
}

// The code buffer is written through a second, read-write mapping of the same memory; where
// that cannot be made the one mapping is flipped with mprotect per block. Both must run the
// same programs (the lock-step test above runs the first).
TEST(NativeCode, WritesThroughASecondMappingWhereItCanAndElseThroughMprotect) {
    uint64_t retired[static_cast<unsigned>(iss::InsnClass::count)] = {};
    {
        iss::NativeCode code(iss::NativeLayout{}, retired);
        EXPECT_EQ(code.aliased(), iss::Core::native_code_available());
    }
    iss::NativeCode::set_alias_mapping(false);
    {
        iss::NativeCode code(iss::NativeLayout{}, retired);
        EXPECT_FALSE(code.aliased());
        EXPECT_EQ(code.ok(), iss::Core::native_code_available());
    }
    for (unsigned seed = 1; seed <= 3 && !HasFailure(); ++seed) {
        SCOPED_TRACE(testing::Message() << "seed " << seed << ", mprotect fallback");
        const size_t compiled = run_random_lock_step(true, seed, seed % 2 ? 50 : 5000);
        if (iss::Core::native_code_available()) {
            EXPECT_GT(compiled, 20u);
        }
    }
    iss::NativeCode::set_alias_mapping(true);
}

TEST(NativeCode, BlockEngineWithoutHostCodeRunsTheSameRandomPrograms) {
    for (unsigned seed = 1; seed <= 4; ++seed) {
        SCOPED_TRACE(testing::Message() << "seed " << seed);
        EXPECT_EQ(run_random_lock_step(false, seed, seed % 2 ? 50 : 5000), 0u);
        if (HasFailure()) return;
    }
}

} // namespace
