// Loads, stores and fetches executed by iss::Core: sign and zero extension on
// the DMI fast path and on the BusPort slow path (MMIO, with its latency
// added to the cycle count), little-endian partial stores, the edges of the
// RAM window, misaligned loads/stores done in RAM at any alignment (as QEMU
// does) but trapping on the slow path with mtval = address (cause 4/6), an
// access straddling an end of RAM as an access fault, access faults trapping
// (cause 5/7) under BusErrorPolicy::trap and stopping the run with a Fatal
// (pc and address) under ::stop, instruction fetch outside the DMI window
// (cause 1), fence.i and self-modifying code, and HTIF tohost ending the run
// with an exit code (misaligned stores over tohost included).
#include "tests/platform/iss/test_machine.h"

using namespace enc;
using namespace isstest;
using iss::Stop;

namespace {

class Memory : public ::testing::Test {
  protected:
    TestMachine m;
    void SetUp() override {
        m.set_x(s0, data_addr);
        m.set_x(s1, mmio_base);
    }
    // Runs one instruction placed at a fresh address.
    Stop exec(uint32_t insn) {
        uint32_t at = m.emit(insn);
        return m.exec_at(at);
    }
};

TEST_F(Memory, LoadsSignAndZeroExtendFromRam) {
    m.write32(data_addr, 0x8000ff80u);
    m.write32(data_addr + 4, 0x7fff017fu);
    struct Case {
        uint32_t insn, expected;
    };
    const Case cases[] = {
        {lb(a0, s0, 0), 0xffffff80u}, {lbu(a0, s0, 0), 0x80u},      {lb(a0, s0, 1), 0xffffffffu},
        {lbu(a0, s0, 1), 0xffu},      {lb(a0, s0, 4), 0x7fu},       {lbu(a0, s0, 5), 0x01u},
        {lh(a0, s0, 0), 0xffffff80u}, {lhu(a0, s0, 0), 0xff80u},    {lh(a0, s0, 2), 0xffff8000u},
        {lhu(a0, s0, 2), 0x8000u},    {lh(a0, s0, 6), 0x7fffu},     {lw(a0, s0, 0), 0x8000ff80u},
        {lw(a0, s0, 4), 0x7fff017fu}, {lb(a0, s0, 3), 0xffffff80u}, {lhu(a0, s0, 4), 0x017fu},
    };
    for (const Case& k : cases) {
        m.set_x(a0, 0x5a5a5a5a);
        exec(k.insn);
        EXPECT_EQ(m.x(a0), k.expected) << "insn 0x" << std::hex << k.insn;
    }
}

TEST_F(Memory, StoresWriteOnlyTheirBytesLittleEndian) {
    m.write32(data_addr, 0x11223344);
    m.write32(data_addr + 4, 0x55667788);
    m.set_x(a0, 0xaabbccdd);
    exec(sb(a0, s0, 1));
    EXPECT_EQ(m.read32(data_addr), 0x1122dd44u);
    exec(sh(a0, s0, 6));
    EXPECT_EQ(m.read32(data_addr + 4), 0xccdd7788u);
    exec(sw(a0, s0, 8));
    EXPECT_EQ(m.read32(data_addr + 8), 0xaabbccddu);
    EXPECT_EQ(m.read32(data_addr), 0x1122dd44u);
}

TEST_F(Memory, NegativeOffsetsAndCompressedLoadsStores) {
    m.set_x(a1, data_addr + 0x800);
    m.write32(data_addr, 0xcafef00d);
    exec(lw(a0, a1, -0x800));
    EXPECT_EQ(m.x(a0), 0xcafef00du);

    m.set_x(sp, data_addr);
    m.set_x(a5, 0x01020304);
    m.emit16(c_swsp(a5, 252));
    m.emit16(c_lwsp(a2, 252));
    m.emit16(c_sw(a5, s0, 124));
    m.emit16(c_lw(a3, s0, 124));
    m.step(4);
    EXPECT_EQ(m.read32(data_addr + 252), 0x01020304u);
    EXPECT_EQ(m.x(a2), 0x01020304u);
    EXPECT_EQ(m.read32(data_addr + 124), 0x01020304u);
    EXPECT_EQ(m.x(a3), 0x01020304u);
}

TEST_F(Memory, EdgesOfTheRamWindow) {
    m.core.set_bus_error_policy(iss::BusErrorPolicy::trap);
    m.install_spin_handler();
    uint32_t last_word = ram_base + ram_size - 4;
    m.write32(last_word, 0x89abcdef);
    m.set_x(a1, last_word);
    exec(lw(a0, a1, 0));
    EXPECT_EQ(m.x(a0), 0x89abcdefu);
    exec(lbu(a0, a1, 3));
    EXPECT_EQ(m.x(a0), 0x89u);
    m.set_x(a2, 0x77);
    exec(sb(a2, a1, 3));
    EXPECT_EQ(m.read32(last_word), 0x77abcdefu);

    // One past the end, and one word below the start: access faults.
    uint32_t at = m.emit(lw(a0, a1, 4));
    m.exec_at(at);
    EXPECT_EQ(m.csr(iss::csr::mcause), iss::cause::load_access);
    EXPECT_EQ(m.csr(iss::csr::mtval), ram_base + ram_size);
    EXPECT_EQ(m.csr(iss::csr::mepc), at);
    m.set_x(a1, ram_base);
    at = m.emit(sw(a2, a1, -4));
    m.exec_at(at);
    EXPECT_EQ(m.csr(iss::csr::mcause), iss::cause::store_access);
    EXPECT_EQ(m.csr(iss::csr::mtval), ram_base - 4);
}

TEST_F(Memory, MmioGoesThroughTheBusPortWithLatency) {
    m.bus.latency = 7;
    m.set_x(a0, 0x80f0e0d0u);
    uint64_t before = m.core.cycles();
    exec(sw(a0, s1, 4));
    EXPECT_EQ(m.core.cycles() - before, 1u + 7u);
    ASSERT_EQ(m.bus.log.size(), 1u);
    EXPECT_TRUE(m.bus.log[0].write);
    EXPECT_EQ(m.bus.log[0].addr, mmio_base + 4);
    EXPECT_EQ(m.bus.log[0].len, 4u);
    EXPECT_EQ(m.bus.log[0].value, 0x80f0e0d0u);

    struct Case {
        uint32_t insn, expected;
        unsigned len;
    };
    const Case cases[] = {
        {lw(a1, s1, 4), 0x80f0e0d0u, 4}, {lb(a1, s1, 4), 0xffffffd0u, 1},
        {lbu(a1, s1, 7), 0x80u, 1},      {lh(a1, s1, 6), 0xffff80f0u, 2},
        {lhu(a1, s1, 6), 0x80f0u, 2},    {lb(a1, s1, 5), 0xffffffe0u, 1},
    };
    for (const Case& k : cases) {
        m.bus.log.clear();
        before = m.core.cycles();
        exec(k.insn);
        EXPECT_EQ(m.x(a1), k.expected) << "insn 0x" << std::hex << k.insn;
        ASSERT_EQ(m.bus.log.size(), 1u);
        EXPECT_EQ(m.bus.log[0].len, k.len);
        EXPECT_EQ(m.core.cycles() - before, 1u + 7u);
    }

    m.set_x(a2, 0x1234);
    exec(sh(a2, s1, 10));
    exec(sb(a2, s1, 8));
    EXPECT_EQ(m.bus.mmio[8], 0x34);
    EXPECT_EQ(m.bus.mmio[10], 0x34);
    EXPECT_EQ(m.bus.mmio[11], 0x12);
}

TEST_F(Memory, MisalignedLoadsFromRamAreDoneLittleEndian) {
    m.install_spin_handler();
    for (uint32_t i = 0; i < 8; ++i) m.write8(data_addr + i, static_cast<uint8_t>(0x81 + 0x11 * i));
    // Memory: 81 92 a3 b4 c5 d6 e7 f8.
    struct Case {
        uint32_t insn, expected;
    };
    const Case cases[] = {
        {lh(a0, s0, 1), 0xffffa392u}, {lhu(a0, s0, 1), 0xa392u},    {lh(a0, s0, 3), 0xffffc5b4u},
        {lhu(a0, s0, 5), 0xe7d6u},    {lw(a0, s0, 1), 0xc5b4a392u}, {lw(a0, s0, 2), 0xd6c5b4a3u},
        {lw(a0, s0, 3), 0xe7d6c5b4u}, {lw(a0, s0, 4), 0xf8e7d6c5u},
    };
    for (const Case& k : cases) {
        m.set_x(a0, 0x5a5a5a5a);
        uint64_t instret = m.core.instret();
        uint32_t at = m.emit(k.insn);
        m.exec_at(at);
        EXPECT_EQ(m.x(a0), k.expected) << "insn 0x" << std::hex << k.insn;
        EXPECT_EQ(m.core.pc(), at + 4) << "no trap";
        EXPECT_EQ(m.core.instret(), instret + 1);
    }
    EXPECT_EQ(m.csr(iss::csr::mcause), 0u);
    EXPECT_TRUE(m.bus.log.empty());

    // The last bytes of RAM, misaligned but inside the window.
    uint32_t last_word = ram_base + ram_size - 4;
    m.write32(last_word, 0x44332211);
    m.set_x(a1, last_word);
    exec(lhu(a0, a1, 1));
    EXPECT_EQ(m.x(a0), 0x3322u);
    exec(lh(a0, a1, 2));
    EXPECT_EQ(m.x(a0), 0x4433u);
    EXPECT_EQ(m.csr(iss::csr::mcause), 0u);
}

TEST_F(Memory, MisalignedStoresToRamWriteOnlyTheirBytes) {
    m.install_spin_handler();
    m.set_x(a0, 0xa1b2c3d4);
    struct Case {
        uint32_t insn, offset;
        uint32_t word0, word1; // the two words at data_addr afterwards
    };
    const Case cases[] = {
        {sh(a0, s0, 1), 1, 0x11c3d411u, 0x11111111u}, {sh(a0, s0, 3), 3, 0xd4111111u, 0x111111c3u},
        {sw(a0, s0, 1), 1, 0xb2c3d411u, 0x111111a1u}, {sw(a0, s0, 2), 2, 0xc3d41111u, 0x1111a1b2u},
        {sw(a0, s0, 3), 3, 0xd4111111u, 0x11a1b2c3u},
    };
    for (const Case& k : cases) {
        m.write32(data_addr, 0x11111111);
        m.write32(data_addr + 4, 0x11111111);
        uint32_t at = m.emit(k.insn);
        m.exec_at(at);
        EXPECT_EQ(m.read32(data_addr), k.word0) << "insn 0x" << std::hex << k.insn;
        EXPECT_EQ(m.read32(data_addr + 4), k.word1) << "insn 0x" << std::hex << k.insn;
        EXPECT_EQ(m.core.pc(), at + 4) << "no trap";
    }
    EXPECT_EQ(m.csr(iss::csr::mcause), 0u);
    EXPECT_TRUE(m.bus.log.empty());
}

TEST_F(Memory, MisalignedMmioAccessesTrapWithTheAddress) {
    m.install_spin_handler();
    m.set_x(a0, 0x5a5a5a5a);
    struct Case {
        uint32_t insn, offset, cause;
    };
    const Case cases[] = {
        {lh(a0, s1, 1), 1, iss::cause::load_misaligned},
        {lhu(a0, s1, 3), 3, iss::cause::load_misaligned},
        {lw(a0, s1, 2), 2, iss::cause::load_misaligned},
        {lw(a0, s1, 5), 5, iss::cause::load_misaligned},
        {sh(a0, s1, 1), 1, iss::cause::store_misaligned},
        {sw(a0, s1, 2), 2, iss::cause::store_misaligned},
        {sw(a0, s1, 7), 7, iss::cause::store_misaligned},
    };
    for (const Case& k : cases) {
        uint32_t at = m.emit(k.insn);
        uint64_t instret = m.core.instret();
        m.exec_at(at);
        EXPECT_EQ(m.csr(iss::csr::mcause), k.cause) << "insn 0x" << std::hex << k.insn;
        EXPECT_EQ(m.csr(iss::csr::mtval), mmio_base + k.offset);
        EXPECT_EQ(m.csr(iss::csr::mepc), at);
        EXPECT_EQ(m.core.pc(), handler_addr);
        EXPECT_EQ(m.x(a0), 0x5a5a5a5au) << "the destination is not written";
        EXPECT_EQ(m.core.instret(), instret) << "a trapping access does not retire";
    }
    EXPECT_TRUE(m.bus.log.empty()) << "nothing reaches the device";
    EXPECT_FALSE(m.core.fatal().set);
}

// Misaligned accesses with only some of their bytes in RAM are access
// faults, like any access beyond RAM, with mtval = the access's address.
TEST_F(Memory, MisalignedAccessAcrossAnEndOfRamIsAnAccessFault) {
    m.core.set_bus_error_policy(iss::BusErrorPolicy::trap);
    m.install_spin_handler();
    const uint32_t end = ram_base + ram_size;
    m.write32(end - 4, 0x11111111);
    m.set_x(a1, end);
    m.set_x(a2, ram_base);
    m.set_x(a0, 0x5a5a5a5a);
    struct Case {
        uint32_t insn, address, cause;
    };
    const Case cases[] = {
        {lw(a0, a1, -2), end - 2, iss::cause::load_access},
        {lw(a0, a1, -1), end - 1, iss::cause::load_access},
        {lh(a0, a1, -1), end - 1, iss::cause::load_access},
        {lw(a0, a2, -3), ram_base - 3, iss::cause::load_access},
        {sw(a0, a1, -3), end - 3, iss::cause::store_access},
        {sh(a0, a1, -1), end - 1, iss::cause::store_access},
        {sw(a0, a2, -2), ram_base - 2, iss::cause::store_access},
    };
    for (const Case& k : cases) {
        uint32_t at = m.emit(k.insn);
        m.exec_at(at);
        EXPECT_EQ(m.csr(iss::csr::mcause), k.cause) << "insn 0x" << std::hex << k.insn;
        EXPECT_EQ(m.csr(iss::csr::mtval), k.address);
        EXPECT_EQ(m.csr(iss::csr::mepc), at);
        EXPECT_EQ(m.x(a0), 0x5a5a5a5au);
    }
    EXPECT_EQ(m.read32(end - 4), 0x11111111u) << "no byte of a faulting store is written";
    EXPECT_TRUE(m.bus.log.empty());

    // Under BusErrorPolicy::stop they stop the run like unmapped accesses.
    TestMachine m2;
    m2.set_x(a1, end);
    uint32_t at = m2.emit(lw(a0, a1, -2));
    EXPECT_EQ(m2.run_until_stop(), Stop::halted);
    const iss::Fatal& f = m2.core.fatal();
    ASSERT_TRUE(f.set);
    EXPECT_EQ(f.cause, iss::cause::load_access);
    EXPECT_EQ(f.pc, at);
    EXPECT_EQ(f.tval, end - 2);
    EXPECT_NE(f.what.find("0x8003fffe"), std::string::npos) << f.what;
}

TEST_F(Memory, AccessFaultsTrapUnderTrapPolicy) {
    m.core.set_bus_error_policy(iss::BusErrorPolicy::trap);
    m.install_spin_handler();
    m.set_x(a1, 0x20000000);
    m.set_x(a0, 0x5a5a5a5a);
    uint32_t at = m.emit(lw(a0, a1, 8));
    m.exec_at(at);
    EXPECT_EQ(m.csr(iss::csr::mcause), iss::cause::load_access);
    EXPECT_EQ(m.csr(iss::csr::mtval), 0x20000008u);
    EXPECT_EQ(m.csr(iss::csr::mepc), at);
    EXPECT_EQ(m.x(a0), 0x5a5a5a5au);
    at = m.emit(sb(a0, a1, -1));
    m.exec_at(at);
    EXPECT_EQ(m.csr(iss::csr::mcause), iss::cause::store_access);
    EXPECT_EQ(m.csr(iss::csr::mtval), 0x1fffffffu);
    EXPECT_EQ(m.csr(iss::csr::mepc), at);
    EXPECT_FALSE(m.core.fatal().set);
}

TEST_F(Memory, AccessFaultsStopTheRunUnderStopPolicy) {
    m.install_spin_handler(); // even with a handler, ::stop does not trap
    m.set_x(a1, 0x20000000);
    m.emit(addi(a2, zero, 1));
    uint32_t at = m.emit(lw(a0, a1, 0x10));
    m.emit(addi(a2, zero, 2));
    EXPECT_EQ(m.run_until_stop(), Stop::halted);
    EXPECT_TRUE(m.core.halted());
    const iss::Fatal& f = m.core.fatal();
    ASSERT_TRUE(f.set);
    EXPECT_EQ(f.cause, iss::cause::load_access);
    EXPECT_EQ(f.pc, at);
    EXPECT_EQ(f.tval, 0x20000010u);
    EXPECT_NE(f.what.find("0x20000010"), std::string::npos) << f.what;
    EXPECT_EQ(m.x(a2), 1u) << "nothing after the faulting load runs";
    EXPECT_EQ(m.run_until_stop(), Stop::halted) << "a halted core stays halted";

    TestMachine m2;
    m2.set_x(a1, 0x00000100);
    at = m2.emit(sh(a1, a1, 0));
    EXPECT_EQ(m2.run_until_stop(), Stop::halted);
    EXPECT_EQ(m2.core.fatal().cause, iss::cause::store_access);
    EXPECT_EQ(m2.core.fatal().pc, at);
    EXPECT_EQ(m2.core.fatal().tval, 0x100u);
    EXPECT_NE(m2.core.fatal().what.find("0x100"), std::string::npos) << m2.core.fatal().what;
}

TEST_F(Memory, FetchOutsideTheDmiWindowIsAnAccessFault) {
    m.install_spin_handler();
    m.set_x(a1, mmio_base); // mapped for data, but not executable from
    uint32_t at = m.emit(jalr(ra, a1, 0));
    m.exec_at(at);
    m.step();
    EXPECT_EQ(m.core.pc(), handler_addr);
    EXPECT_EQ(m.csr(iss::csr::mcause), iss::cause::fetch_access);
    EXPECT_EQ(m.csr(iss::csr::mepc), mmio_base);
    EXPECT_EQ(m.csr(iss::csr::mtval), mmio_base);
    EXPECT_TRUE(m.bus.log.empty()) << "no fetch through the slow port";
}

TEST_F(Memory, FetchOfAFourByteInstructionCrossingTheWindowEnd) {
    m.install_spin_handler();
    uint32_t last = ram_base + ram_size - 2;
    m.write16(last, 0x0013); // low half of a 32-bit instruction
    m.exec_at(last);
    EXPECT_EQ(m.csr(iss::csr::mcause), iss::cause::fetch_access);
    EXPECT_EQ(m.csr(iss::csr::mepc), last);
    EXPECT_EQ(m.csr(iss::csr::mtval), last + 2) << "the missing half's address";

    // A compressed instruction in the last halfword is fine.
    m.write16(last, c_li(a0, 9));
    m.core.flush_decode_cache();
    m.exec_at(last);
    EXPECT_EQ(m.x(a0), 9u);
}

TEST_F(Memory, FetchFaultWithoutHandlerIsFatal) {
    m.emit(jal(zero, -0x1000));
    EXPECT_EQ(m.run_until_stop(), Stop::halted);
    const iss::Fatal& f = m.core.fatal();
    ASSERT_TRUE(f.set);
    EXPECT_EQ(f.cause, iss::cause::fetch_access);
    EXPECT_EQ(f.pc, ram_base - 0x1000);
    EXPECT_NE(f.what.find("0x7ffff000"), std::string::npos) << f.what;
}

// Self-modifying code: a store over an already executed instruction. Without
// fence.i the old decoded instruction may still run; with it, the new one must.
class SelfModifyingCode : public ::testing::Test {
  protected:
    // Runs `addi a0, a0, 1` at X once, overwrites X with `addi a0, a0, 100`,
    // optionally executes fence.i, and runs X again. Returns a0.
    uint32_t run(bool with_fence_i) {
        TestMachine m;
        m.set_x(a3, addi(a0, a0, 100));
        uint32_t x_addr = m.emit(addi(a0, a0, 1));
        m.emit(bne(a2, zero, 24)); // second time: to the ecall
        m.emit(addi(a2, zero, 1));
        m.emit(auipc(a4, 0));
        m.emit(sw(a3, a4, -12)); // over X
        m.emit(with_fence_i ? fence_i() : nop());
        m.emit(jal(zero, -24)); // back to X
        m.emit(ecall());        // done: no handler, halts
        m.core.set_pc(x_addr);
        EXPECT_EQ(m.run_until_stop(), Stop::halted);
        EXPECT_EQ(m.core.fatal().cause, iss::cause::ecall_m);
        return m.x(a0);
    }
};

TEST_F(SelfModifyingCode, FenceIMakesTheNewInstructionRun) { EXPECT_EQ(run(true), 101u); }

TEST_F(SelfModifyingCode, WithoutFenceIEitherVersionMayRun) {
    uint32_t a0 = run(false);
    EXPECT_TRUE(a0 == 2u || a0 == 101u) << a0;
}

TEST_F(Memory, HtifTohostWriteHaltsWithTheExitCode) {
    uint32_t tohost = data_addr + 0x100;
    m.core.set_tohost(tohost);
    m.set_x(a1, tohost);
    m.emit(addi(a0, zero, 2)); // even: not an exit (a device request), ignored
    m.emit(sw(a0, a1, 0));
    m.emit(addi(a0, zero, (42 << 1) | 1));
    m.emit(sw(zero, a1, 4)); // the upper word (tohost is 64-bit) never halts
    uint32_t at = m.emit(sw(a0, a1, 0));
    m.emit(addi(a2, zero, 1));
    EXPECT_EQ(m.run_until_stop(), Stop::halted);
    EXPECT_EQ(m.core.exit_code(), 42);
    EXPECT_FALSE(m.core.fatal().set);
    EXPECT_EQ(m.core.pc(), at + 4);
    EXPECT_EQ(m.x(a2), 0u);
    EXPECT_EQ(m.read32(tohost), (42u << 1) | 1);
}

// Stores near tohost take the slow path, at any alignment: one that writes
// the low word of tohost counts, one beside it is just a store.
TEST_F(Memory, HtifMisalignedStoresAroundTohost) {
    uint32_t tohost = data_addr + 0x100;
    m.core.set_tohost(tohost);
    m.set_x(a1, tohost);
    m.set_x(a0, 0xffffff01u);
    m.set_x(a3, 0x0200);
    m.emit(sw(a0, a1, 5));                // tohost+5..+8: the upper word and beyond
    m.emit(sh(a3, a1, -1));               // tohost-1..tohost: low word 2, even: no exit
    m.emit(lui(a0, 0x3000));              // 0x03000000
    uint32_t at = m.emit(sw(a0, a1, -3)); // tohost-3..tohost: low word 3 = (1 << 1) | 1
    m.emit(addi(a2, zero, 1));
    EXPECT_EQ(m.run_until_stop(), Stop::halted);
    EXPECT_FALSE(m.core.fatal().set);
    EXPECT_EQ(m.core.exit_code(), 1);
    EXPECT_EQ(m.core.pc(), at + 4);
    EXPECT_EQ(m.x(a2), 0u);
    EXPECT_EQ(m.read32(tohost), 3u);
    EXPECT_EQ(m.read32(tohost + 4), 0xffff0100u);
    EXPECT_EQ(m.read32(tohost + 8), 0xffu);
}

TEST_F(Memory, HtifPassIsExitCodeZero) {
    uint32_t tohost = data_addr + 0x40;
    m.core.set_tohost(tohost);
    m.set_x(a1, tohost);
    m.emit(addi(a0, zero, 1));
    m.emit(sw(a0, a1, 0));
    EXPECT_EQ(m.run_until_stop(), Stop::halted);
    EXPECT_EQ(m.core.exit_code(), 0);
    EXPECT_FALSE(m.core.fatal().set);
}

} // namespace
