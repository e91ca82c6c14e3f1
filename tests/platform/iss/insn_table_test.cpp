// The instruction table (platform/iss/rv32_insns.h) is consistent: every line's
// fixed bits fit its mask and fix the major opcode, no encoding matches two
// lines, every line decodes from its own match bits, and the derived facts
// (writes rd, cycle class, energy class, cost) follow the table's columns.
#include "platform/iss/rv32_core.h"
#include "platform/iss/rv32_decode.h"

#include <gtest/gtest.h>

namespace {

using iss::Op;

std::vector<Op> table_ops() {
    std::vector<Op> ops;
    for (unsigned k = 1; k < static_cast<unsigned>(Op::count); ++k) ops.push_back(Op(k));
    return ops;
}

TEST(InsnTable, MatchBitsLieInsideTheMaskAndFixTheOpcode) {
    for (Op op : table_ops()) {
        const iss::InsnInfo& i = iss::insn_info(op);
        SCOPED_TRACE(i.name);
        EXPECT_EQ(i.match & ~i.mask, 0u);
        EXPECT_EQ(i.mask & 0x7f, 0x7fu);
        EXPECT_EQ(i.match & 3, 3u); // 32-bit encodings; RVC is expanded first
    }
}

TEST(InsnTable, NoEncodingMatchesTwoLines) {
    for (Op a : table_ops())
        for (Op b : table_ops()) {
            if (a >= b) continue;
            const iss::InsnInfo &x = iss::insn_info(a), &y = iss::insn_info(b);
            // Both match an encoding iff their match bits agree where both masks fix bits.
            EXPECT_NE((x.match ^ y.match) & x.mask & y.mask, 0u) << x.name << " / " << y.name;
        }
}

TEST(InsnTable, EveryLineDecodesFromItsMatchBits) {
    for (Op op : table_ops()) {
        const iss::InsnInfo& i = iss::insn_info(op);
        EXPECT_STREQ(iss::op_name(iss::decode(i.match).op), i.name);
        // Free bits do not change the op (registers, immediates).
        const uint32_t free_bits_set = i.match | (~i.mask & 0xffffffffu);
        EXPECT_STREQ(iss::op_name(iss::decode(free_bits_set).op), i.name);
    }
}

TEST(InsnTable, DerivedFactsFollowTheColumns) {
    EXPECT_FALSE(iss::writes_rd(Op::sw));
    EXPECT_FALSE(iss::writes_rd(Op::bne));
    EXPECT_FALSE(iss::writes_rd(Op::illegal));
    EXPECT_TRUE(iss::writes_rd(Op::jal));
    EXPECT_TRUE(iss::writes_rd(Op::csrrsi));
    EXPECT_EQ(iss::cycle_class(Op::jalr), iss::CycleClass::jump);
    EXPECT_EQ(iss::cycle_class(Op::csrrw), iss::CycleClass::csr);
    EXPECT_EQ(iss::insn_class(Op::csrrw), iss::InsnClass::system);
    EXPECT_EQ(iss::insn_info(Op::fence_i).extension, iss::Extension::Zifencei);
    EXPECT_EQ(iss::insn_info(Op::divu).extension, iss::Extension::M);
    iss::CpiTable cpi;
    cpi.jump = 4, cpi.taken_penalty = 5, cpi.div = 40;
    EXPECT_EQ(cpi.cost(iss::cycle_class(Op::jal)), 9u);
    EXPECT_EQ(cpi.cost(iss::cycle_class(Op::rem)), 40u);
    EXPECT_EQ(cpi.cost(iss::cycle_class(Op::beq)), cpi.branch);
}

} // namespace
