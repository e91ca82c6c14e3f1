// Retired instructions by class (energy accounting, platform/cpu_energy.h): a program with a
// known mix, written out here, retires exactly that many of each class, in 4-byte and
// compressed encodings; a trapping instruction does not count; a semihosting call counts as
// one system instruction; the classes always add up to instret.
#include "tests/platform/iss/test_machine.h"

using namespace enc;
using namespace isstest;
using iss::InsnClass;

namespace {

uint64_t retired(const TestMachine& m, InsnClass c) { return m.core.retired(c); }

uint64_t sum_of_classes(const TestMachine& m) {
    uint64_t sum = 0;
    for (unsigned k = 0; k < static_cast<unsigned>(InsnClass::count); ++k)
        sum += m.core.retired(static_cast<InsnClass>(k));
    return sum;
}

TEST(InsnClass, EveryOpHasTheClassOfItsUnit) {
    using iss::Op;
    EXPECT_EQ(iss::insn_class(Op::lhu), InsnClass::load);
    EXPECT_EQ(iss::insn_class(Op::sb), InsnClass::store);
    EXPECT_EQ(iss::insn_class(Op::jalr), InsnClass::branch);
    EXPECT_EQ(iss::insn_class(Op::bgeu), InsnClass::branch);
    EXPECT_EQ(iss::insn_class(Op::mulhsu), InsnClass::mul);
    EXPECT_EQ(iss::insn_class(Op::remu), InsnClass::div);
    EXPECT_EQ(iss::insn_class(Op::csrrci), InsnClass::system);
    EXPECT_EQ(iss::insn_class(Op::wfi), InsnClass::system);
    EXPECT_EQ(iss::insn_class(Op::lui), InsnClass::alu);
    EXPECT_EQ(iss::insn_class(Op::sra), InsnClass::alu);
    EXPECT_STREQ(iss::insn_class_name(InsnClass::branch), "branch");
}

TEST(InsnClass, AKnownLoopRetiresItsMix) {
    TestMachine m;
    m.set_x(s0, data_addr);
    m.set_x(t0, 5); // loop count
    // loop: 2 loads (one compressed), 1 store, 1 mul, 1 div, 1 csrr, 2 ALU, 1 branch
    const uint32_t loop = m.emit(lw(a1, s0, 0));
    m.emit16(c_lw(a2, s0, 0));
    m.emit(sw(a1, s0, 4));
    m.emit(mul(a3, a1, a2));
    m.emit(div(a4, a1, t0));
    m.emit(csrr(a5, iss::csr::mcycle));
    m.emit(addi(a0, a0, 1));
    m.emit(addi(t0, t0, -1));
    m.emit(bne(t0, zero, static_cast<int32_t>(loop - m.cursor)));
    m.emit(jal(ra, 8)); // skip one word
    m.emit(0);          // never executed
    m.emit(addi(a0, a0, 100));
    m.step(5 * 9 + 2); // one cycle per instruction (unit_cpi)
    EXPECT_EQ(m.x(a0), 105u) << "the loop ran five times";
    EXPECT_EQ(retired(m, InsnClass::load), 10u);
    EXPECT_EQ(retired(m, InsnClass::store), 5u);
    EXPECT_EQ(retired(m, InsnClass::mul), 5u);
    EXPECT_EQ(retired(m, InsnClass::div), 5u);
    EXPECT_EQ(retired(m, InsnClass::system), 5u);
    EXPECT_EQ(retired(m, InsnClass::branch), 6u); // 5 bne + 1 jal
    EXPECT_EQ(retired(m, InsnClass::alu), 11u);   // 10 addi in the loop + 1 after
    EXPECT_EQ(sum_of_classes(m), m.core.instret());
}

TEST(InsnClass, ATrappingLoadDoesNotCount) {
    TestMachine m;
    m.install_spin_handler();
    m.set_x(s0, 0x20000000u); // unmapped
    m.core.set_bus_error_policy(iss::BusErrorPolicy::trap);
    m.emit(lw(a1, s0, 0));
    m.step(1);
    EXPECT_EQ(m.core.pc(), handler_addr);
    EXPECT_EQ(retired(m, InsnClass::load), 0u);
    EXPECT_EQ(m.core.instret(), 0u);
    EXPECT_EQ(sum_of_classes(m), 0u);
}

TEST(InsnClass, SemihostingCallIsOneSystemInstruction) {
    TestMachine m;
    m.set_x(a0, 0x05);
    m.emit(slli(zero, zero, 0x1f));
    m.emit(ebreak());
    m.emit(srai(zero, zero, 7));
    m.step(3);
    ASSERT_EQ(m.bus.semihost_calls.size(), 1u);
    EXPECT_EQ(retired(m, InsnClass::system), 1u);
    EXPECT_EQ(retired(m, InsnClass::alu), 2u);
    EXPECT_EQ(sum_of_classes(m), m.core.instret());
}

TEST(InsnClass, ResetClearsTheCounts) {
    TestMachine m;
    m.emit(mul(a0, a0, a0));
    m.step(1);
    ASSERT_EQ(retired(m, InsnClass::mul), 1u);
    m.core.reset(ram_base);
    EXPECT_EQ(retired(m, InsnClass::mul), 0u);
    EXPECT_EQ(sum_of_classes(m), 0u);
}

} // namespace
