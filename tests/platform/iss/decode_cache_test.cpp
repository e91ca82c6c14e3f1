// iss::Core's decode cache: instructions whose pcs map to the same cache
// line (128 KiB apart) both run correctly, a pc inside a 32-bit instruction
// decodes on its own, set_cpi applies to already cached instructions, and
// per-instruction costs above 255 cycles are not truncated.
// (Self-modifying code and fence.i are in memory_test.cpp.)
#include "tests/platform/iss/test_machine.h"

using namespace enc;
using namespace isstest;

namespace {

constexpr uint32_t cache_span = 2u << iss::Core::kCacheBits; // bytes covered by the cache

TEST(DecodeCache, AliasingPcsDoNotShareAnEntry) {
    static_assert(ram_size > cache_span, "the test needs two pcs one cache span apart");
    TestMachine m;
    uint32_t first = ram_base + 0x100, second = first + cache_span;
    m.write32(first, addi(a0, a0, 1));
    m.write32(first + 4, jal(zero, static_cast<int32_t>(cache_span - 4)));
    m.write32(second, addi(a0, a0, 10));
    m.write32(second + 4, jal(zero, -static_cast<int32_t>(cache_span + 4)));
    m.core.set_pc(first);
    m.step(4 * 3); // three round trips
    EXPECT_EQ(m.x(a0), 33u);
    EXPECT_EQ(m.core.pc(), first);
}

TEST(DecodeCache, JumpIntoTheUpperHalfOfA32BitInstruction) {
    TestMachine m;
    // lui a0, imm20 whose upper halfword is the compressed `c.li a1, 5`.
    uint32_t insn = (uint32_t(c_li(a1, 5)) << 16) | (a0 << 7) | 0x37;
    m.write32(ram_base, insn);
    m.write16(ram_base + 4, c_nop());
    m.step();
    EXPECT_EQ(m.x(a0), insn & 0xfffff000u);
    m.exec_at(ram_base + 2);
    EXPECT_EQ(m.x(a1), 5u);
    EXPECT_EQ(m.core.pc(), ram_base + 4);
}

TEST(DecodeCache, SetCpiAppliesToCachedInstructions) {
    TestMachine m;
    m.emit(addi(a0, a0, 1));
    m.emit(jal(zero, -4));
    m.step(2);
    EXPECT_EQ(m.core.cycles(), 2u);
    iss::CpiTable slow = unit_cpi();
    slow.alu = 5;
    m.core.set_cpi(slow);
    uint64_t before = m.core.cycles();
    m.step(); // addi, now 5 cycles
    EXPECT_EQ(m.core.cycles() - before, 5u);
}

TEST(DecodeCache, CostsAbove255CyclesAreNotTruncated) {
    TestMachine m;
    iss::CpiTable cpi = unit_cpi();
    cpi.jump = 255, cpi.taken_penalty = 255, cpi.branch = 255;
    m.core.set_cpi(cpi);
    m.emit(jal(zero, 4));
    m.emit(beq(zero, zero, 4));
    m.step();
    EXPECT_EQ(m.core.cycles(), 510u);
    m.step();
    EXPECT_EQ(m.core.cycles(), 1020u);
}

TEST(DecodeCache, FlushDropsDecodedInstructions) {
    TestMachine m;
    m.emit(addi(a0, zero, 1));
    m.step();
    m.write32(ram_base, addi(a0, zero, 2));
    m.core.flush_decode_cache();
    m.exec_at(ram_base);
    EXPECT_EQ(m.x(a0), 2u);
}

} // namespace
