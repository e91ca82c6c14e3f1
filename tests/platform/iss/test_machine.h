// A tiny machine around iss::Core for unit tests: 256 KiB of RAM as the DMI
// window at 0x80000000, four MMIO words at 0x10000000 on the slow path (with
// an access log and a configurable latency), a recording semihosting hook,
// and helpers to place code and run it instruction by instruction.
//
// By default every instruction class costs one cycle and taken branches cost
// nothing extra, so step(n) executes exactly n instructions (traps included:
// a trapping instruction also costs its cycle).
#pragma once

#include "platform/iss/rv32_core.h"
#include "tests/platform/iss/rv_encode.h"

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <functional>
#include <vector>

namespace isstest {

constexpr uint32_t ram_base = 0x80000000u;
constexpr uint32_t ram_size = 0x40000u; // 256 KiB: larger than the decode cache span
constexpr uint32_t mmio_base = 0x10000000u;
constexpr uint32_t mmio_words = 4;
constexpr uint32_t handler_addr = ram_base + 0x8000u; // where tests put trap handlers
constexpr uint32_t data_addr = ram_base + 0xc000u;    // scratch data area

inline iss::CpiTable unit_cpi() {
    iss::CpiTable t;
    t.alu = t.load = t.store = t.branch = t.jump = t.mul = t.div = t.csr = t.system = 1;
    t.taken_penalty = 0;
    return t;
}

class TestBus : public iss::BusPort {
  public:
    struct Access {
        bool write;
        uint32_t addr;
        unsigned len;
        uint32_t value;
    };
    std::array<uint8_t, mmio_words * 4> mmio{};
    std::vector<Access> log;
    uint64_t latency = 0; // extra cycles annotated on every MMIO access
    uint64_t time = 0;    // the mtime value returned to the `time` CSR
    // Called after every MMIO write, e.g. to raise an interrupt line from a
    // device register as the platform would.
    std::function<void(uint32_t addr, uint32_t value)> on_write;

    bool semihosting = true;
    struct SemihostCall {
        uint32_t op, arg;
    };
    std::vector<SemihostCall> semihost_calls;
    uint32_t semihost_result = 0;

    iss::BusStatus read(uint32_t addr, uint8_t* data, unsigned len, uint64_t& extra) override {
        if (!in_mmio(addr, len)) return iss::BusStatus::access_fault;
        std::memcpy(data, &mmio[addr - mmio_base], len);
        uint32_t v = 0;
        std::memcpy(&v, data, len);
        log.push_back({false, addr, len, v});
        extra = latency;
        return iss::BusStatus::ok;
    }
    iss::BusStatus write(uint32_t addr, const uint8_t* data, unsigned len,
                         uint64_t& extra) override {
        if (!in_mmio(addr, len)) return iss::BusStatus::access_fault;
        std::memcpy(&mmio[addr - mmio_base], data, len);
        uint32_t v = 0;
        std::memcpy(&v, data, len);
        log.push_back({true, addr, len, v});
        extra = latency;
        if (on_write) on_write(addr, v);
        return iss::BusStatus::ok;
    }
    uint64_t mtime() override { return time; }
    bool semihost(uint32_t op, uint32_t arg, uint32_t& result) override {
        if (!semihosting) return false;
        semihost_calls.push_back({op, arg});
        result = semihost_result;
        return true;
    }

  private:
    static bool in_mmio(uint32_t addr, unsigned len) {
        return addr >= mmio_base && addr + len <= mmio_base + mmio_words * 4;
    }
};

class TestMachine {
  public:
    TestBus bus;
    std::vector<uint8_t> ram = std::vector<uint8_t>(ram_size);
    iss::Core core{bus};
    uint32_t cursor = ram_base; // where emit() places the next instruction

    TestMachine() {
        core.set_dmi({ram.data(), ram_base, ram_size});
        core.set_cpi(unit_cpi());
        core.reset(ram_base);
    }

    // ---- code placement ----
    uint32_t emit(uint32_t insn) {
        uint32_t at = cursor;
        write32(at, insn);
        cursor += 4;
        return at;
    }
    uint32_t emit16(uint16_t insn) {
        uint32_t at = cursor;
        write16(at, insn);
        cursor += 2;
        return at;
    }
    void emit_all(std::initializer_list<uint32_t> insns) {
        for (uint32_t insn : insns) emit(insn);
    }
    // lui + addi for any 32-bit constant (two instructions, always).
    void emit_li(uint32_t rd, uint32_t value) {
        uint32_t lo = value & 0xfff;
        uint32_t hi = (value + 0x800) >> 12; // addi sign-extends its 12 bits
        emit(enc::lui(rd, hi));
        emit(enc::addi(rd, rd, static_cast<int32_t>(lo << 20) >> 20));
    }

    // ---- memory access (RAM only) ----
    uint8_t* at(uint32_t addr) {
        EXPECT_TRUE(addr >= ram_base && addr - ram_base < ram_size) << std::hex << addr;
        return ram.data() + (addr - ram_base);
    }
    void write32(uint32_t addr, uint32_t v) { std::memcpy(at(addr), &v, 4); }
    void write16(uint32_t addr, uint16_t v) { std::memcpy(at(addr), &v, 2); }
    void write8(uint32_t addr, uint8_t v) { *at(addr) = v; }
    uint32_t read32(uint32_t addr) {
        uint32_t v;
        std::memcpy(&v, at(addr), 4);
        return v;
    }

    // ---- execution ----
    iss::Stop step(uint64_t n = 1) { return core.run(core.cycles() + n); }
    iss::Stop run_until_stop(uint64_t max_cycles = 100000) {
        return core.run(core.cycles() + max_cycles);
    }

    // ---- state ----
    uint32_t x(unsigned r) const { return core.reg(r); }
    void set_x(unsigned r, uint32_t v) { core.set_reg(r, v); }
    uint32_t csr(uint16_t n) const {
        uint32_t v = 0;
        EXPECT_TRUE(core.csr_read(n, v)) << "csr 0x" << std::hex << n;
        return v;
    }
    void set_csr(uint16_t n, uint32_t v) { EXPECT_TRUE(core.csr_write(n, v)); }
    // Installs a trap vector (the handler itself is whatever the test puts there).
    void set_trap_vector(uint32_t addr = handler_addr, bool vectored = false) {
        set_csr(iss::csr::mtvec, addr | (vectored ? 1u : 0u));
    }
    // A handler that spins (`j .`), so that after a trap the pc stays at the
    // handler however many cycles the step had left.
    void install_spin_handler(uint32_t addr = handler_addr) {
        write32(addr, enc::jal(enc::zero, 0));
        set_trap_vector(addr);
    }
    // Runs the single instruction at `addr` (pc set there first).
    iss::Stop exec_at(uint32_t addr) {
        core.set_pc(addr);
        return step(1);
    }
};

// Asserts that two machines that ran the same program agree on everything the core exposes:
// pc, cycles, instret, registers, retired-by-class counts and the number of bus accesses (the
// lock-step tests of the engines call it after every chunk, then compare their data).
inline void expect_same_core_state(TestMachine& a, TestMachine& b) {
    ASSERT_EQ(a.core.pc(), b.core.pc());
    ASSERT_EQ(a.core.cycles(), b.core.cycles());
    ASSERT_EQ(a.core.instret(), b.core.instret());
    for (unsigned r = 0; r < 32; ++r) ASSERT_EQ(a.x(r), b.x(r)) << "x" << r;
    for (unsigned k = 0; k < static_cast<unsigned>(iss::InsnClass::count); ++k)
        ASSERT_EQ(a.core.retired(iss::InsnClass(k)), b.core.retired(iss::InsnClass(k)));
    ASSERT_EQ(a.bus.log.size(), b.bus.log.size());
}

} // namespace isstest
