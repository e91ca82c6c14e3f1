// The ISS core's view of the outside world: a RAM window it reads and writes
// directly (the DMI fast path), and a slow port for everything else.
//
// Kept free of SystemC so the core can be unit-tested and reused by a
// lock-step checker; the SystemC wrapper (platform/cpu.h) implements it with
// TLM b_transport, and tests implement it with a plain array.
#pragma once

#include <cstdint>

namespace iss {

enum class BusStatus { ok, access_fault };

// Slow path for loads and stores outside the RAM window, and for the
// environment calls the core cannot answer itself.
class BusPort {
  public:
    virtual ~BusPort() = default;
    // Reads/writes `len` (1, 2 or 4) bytes, little-endian. `extra_cycles`
    // receives the latency the target annotated, in CPU cycles.
    virtual BusStatus read(uint32_t addr, uint8_t* data, unsigned len, uint64_t& extra_cycles) = 0;
    virtual BusStatus write(uint32_t addr, const uint8_t* data, unsigned len,
                            uint64_t& extra_cycles) = 0;
    // Value of the platform timer (CLINT mtime) for the `time` CSR.
    virtual uint64_t mtime() = 0;
    // Semihosting call: op in a0, parameter block address in a1; the result
    // goes to a0. Return false if semihosting is not available (the ebreak
    // then traps as a breakpoint).
    virtual bool semihost(uint32_t op, uint32_t arg, uint32_t& result) {
        (void)op, (void)arg, (void)result;
        return false;
    }
};

// A contiguous host memory block mapped at `base` (the platform's RAM).
struct DmiWindow {
    uint8_t* ptr = nullptr;
    uint32_t base = 0;
    uint32_t size = 0;
    bool contains(uint32_t addr, uint32_t len) const {
        return addr - base < size && size - (addr - base) >= len;
    }
};

} // namespace iss
