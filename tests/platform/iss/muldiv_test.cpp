// M extension executed by iss::Core: mul/mulh/mulhsu/mulhu against 64-bit
// host products on edge and seeded random operands; div/divu/rem/remu against
// host division, plus the cases the ISA defines instead of trapping: division
// by zero (quotient all ones, remainder the dividend) and INT_MIN / -1
// (quotient INT_MIN, remainder 0).
#include "tests/platform/iss/test_machine.h"

#include <random>

using namespace enc;
using namespace isstest;

namespace {

class MulDiv : public ::testing::Test {
  protected:
    TestMachine m;
    uint32_t at_mul = m.emit(mul(a0, a1, a2));
    uint32_t at_mulh = m.emit(mulh(a0, a1, a2));
    uint32_t at_mulhsu = m.emit(mulhsu(a0, a1, a2));
    uint32_t at_mulhu = m.emit(mulhu(a0, a1, a2));
    uint32_t at_div = m.emit(div(a0, a1, a2));
    uint32_t at_divu = m.emit(divu(a0, a1, a2));
    uint32_t at_rem = m.emit(rem(a0, a1, a2));
    uint32_t at_remu = m.emit(remu(a0, a1, a2));

    uint32_t run(uint32_t at, uint32_t a, uint32_t b) {
        m.set_x(a1, a);
        m.set_x(a2, b);
        m.exec_at(at);
        EXPECT_EQ(m.core.pc(), at + 4) << "M instructions never trap";
        return m.x(a0);
    }

    void check_products(uint32_t a, uint32_t b) {
        int64_t sa = static_cast<int32_t>(a), sb = static_cast<int32_t>(b);
        uint64_t ua = a, ub = b;
        uint64_t ss = static_cast<uint64_t>(sa * sb);
        // signed x unsigned: |sa * ub| <= 2^63 - 2^31, so int64 holds it exactly.
        uint64_t su = static_cast<uint64_t>(sa * static_cast<int64_t>(ub));
        uint64_t uu = ua * ub;
        SCOPED_TRACE(testing::Message() << std::hex << "a=" << a << " b=" << b);
        EXPECT_EQ(run(at_mul, a, b), static_cast<uint32_t>(uu));
        EXPECT_EQ(run(at_mulh, a, b), static_cast<uint32_t>(ss >> 32));
        EXPECT_EQ(run(at_mulhsu, a, b), static_cast<uint32_t>(su >> 32));
        EXPECT_EQ(run(at_mulhu, a, b), static_cast<uint32_t>(uu >> 32));
    }
};

const uint32_t edge_values[] = {0,          1,          2,           3,          0x7fffffff,
                                0x80000000, 0x80000001, 0xfffffffe,  0xffffffff, 0x0000ffff,
                                0x00010000, 0xffff0000, 0x12345678u, 0xdeadbeefu};

TEST_F(MulDiv, ProductsMatchHostOnEdgeValues) {
    for (uint32_t a : edge_values)
        for (uint32_t b : edge_values) check_products(a, b);
}

TEST_F(MulDiv, ProductsMatchHostOnRandomOperands) {
    std::mt19937 rng(2024);
    for (int k = 0; k < 2000; ++k) check_products(rng(), rng());
}

TEST_F(MulDiv, KnownHighProducts) {
    EXPECT_EQ(run(at_mulh, 0x80000000u, 0x80000000u), 0x40000000u);   // (-2^31)^2 = 2^62
    EXPECT_EQ(run(at_mulhsu, 0x80000000u, 0xffffffffu), 0x80000000u); // -2^31 * (2^32-1)
    EXPECT_EQ(run(at_mulhu, 0xffffffffu, 0xffffffffu), 0xfffffffeu);
    EXPECT_EQ(run(at_mulh, 0xffffffffu, 0xffffffffu), 0u); // -1 * -1 = 1
    EXPECT_EQ(run(at_mulhsu, 0xffffffffu, 0xffffffffu), 0xffffffffu);
}

TEST_F(MulDiv, DivisionByZero) {
    for (uint32_t a : edge_values) {
        SCOPED_TRACE(testing::Message() << std::hex << "a=" << a);
        EXPECT_EQ(run(at_div, a, 0), 0xffffffffu);
        EXPECT_EQ(run(at_divu, a, 0), 0xffffffffu);
        EXPECT_EQ(run(at_rem, a, 0), a);
        EXPECT_EQ(run(at_remu, a, 0), a);
    }
}

TEST_F(MulDiv, SignedOverflowIntMinByMinusOne) {
    EXPECT_EQ(run(at_div, 0x80000000u, 0xffffffffu), 0x80000000u);
    EXPECT_EQ(run(at_rem, 0x80000000u, 0xffffffffu), 0u);
    // The unsigned forms see an ordinary division.
    EXPECT_EQ(run(at_divu, 0x80000000u, 0xffffffffu), 0u);
    EXPECT_EQ(run(at_remu, 0x80000000u, 0xffffffffu), 0x80000000u);
}

TEST_F(MulDiv, SignedDivisionRoundsTowardZero) {
    EXPECT_EQ(run(at_div, static_cast<uint32_t>(-7), 2), static_cast<uint32_t>(-3));
    EXPECT_EQ(run(at_rem, static_cast<uint32_t>(-7), 2), static_cast<uint32_t>(-1));
    EXPECT_EQ(run(at_div, 7, static_cast<uint32_t>(-2)), static_cast<uint32_t>(-3));
    EXPECT_EQ(run(at_rem, 7, static_cast<uint32_t>(-2)), 1u);
    EXPECT_EQ(run(at_divu, static_cast<uint32_t>(-7), 2), 0x7ffffffcu);
    EXPECT_EQ(run(at_remu, static_cast<uint32_t>(-7), 2), 1u);
}

TEST_F(MulDiv, QuotientsMatchHostOnRandomOperands) {
    std::mt19937 rng(77);
    for (int k = 0; k < 2000; ++k) {
        uint32_t a = rng(), b = rng() >> (rng() % 32); // small and large divisors
        if (b == 0) continue;
        int32_t sa = static_cast<int32_t>(a), sb = static_cast<int32_t>(b);
        SCOPED_TRACE(testing::Message() << std::hex << "a=" << a << " b=" << b);
        EXPECT_EQ(run(at_divu, a, b), a / b);
        EXPECT_EQ(run(at_remu, a, b), a % b);
        if (sa == INT32_MIN && sb == -1) continue;
        EXPECT_EQ(run(at_div, a, b), static_cast<uint32_t>(sa / sb));
        EXPECT_EQ(run(at_rem, a, b), static_cast<uint32_t>(sa % sb));
    }
}

TEST_F(MulDiv, ResultMayOverwriteAnOperand) {
    m.set_x(a1, 100);
    m.set_x(a2, 7);
    uint32_t at = m.emit(div(a1, a1, a2));
    m.emit(rem(a2, a0, a2)); // a0 = 0 here
    m.emit(mul(a3, a1, a1));
    m.core.set_pc(at);
    m.step(3);
    EXPECT_EQ(m.x(a1), 14u);
    EXPECT_EQ(m.x(a2), 0u);
    EXPECT_EQ(m.x(a3), 196u);
}

} // namespace
