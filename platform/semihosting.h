// RISC-V semihosting (the ARM semihosting calls, entered through the
// `slli x0,x0,0x1f; ebreak; srai x0,x0,7` sequence): the host services that
// picolibc's --oslib=semihost uses. Behaviour follows QEMU's implementation
// where the specification leaves a choice, so firmware behaves alike on both.
// Plain C++: guest memory is the RAM window; parameter blocks and buffers
// outside it make the call fail with EFAULT instead of touching the host.
#pragma once

#include "iss/bus_port.h"

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace cimvp {

class Semihosting {
  public:
    struct Hooks {
        std::function<void(int)> exit;           // firmware asked to exit with a code
        std::function<uint64_t()> elapsed_ticks; // simulated time in ticks
        uint64_t tick_hz = 1000000;              // ticks per simulated second
    };

    Semihosting(iss::DmiWindow ram, std::string cmdline, Hooks hooks);
    ~Semihosting();

    // Executes call `op` with parameter `arg`; returns the value for a0.
    uint32_t call(uint32_t op, uint32_t arg);

    // Host streams for the firmware's stdin/stdout/stderr (tests redirect them).
    void set_streams(FILE* in, FILE* out, FILE* err) { in_ = in, out_ = out, err_ = err; }
    void set_ram(iss::DmiWindow ram) { ram_ = ram; }

  private:
    struct Handle {
        FILE* file = nullptr;
        bool is_tty = false;  // one of the firmware's standard streams
        std::string features; // contents of the ":semihosting-features" magic file
        size_t features_pos = 0;
    };

    bool read_guest(uint32_t addr, void* dst, uint32_t len) const;
    bool write_guest(uint32_t addr, const void* src, uint32_t len);
    bool arg_words(uint32_t block, uint32_t* words, unsigned n) const;
    bool guest_string(uint32_t addr, uint32_t len, std::string& s) const;
    uint32_t fail(int err) {
        errno_ = err;
        return ~0u;
    }
    Handle* handle(uint32_t h);

    uint32_t sys_open(uint32_t arg);
    uint32_t sys_close(uint32_t arg);
    uint32_t sys_write(uint32_t arg);
    uint32_t sys_read(uint32_t arg);
    uint32_t sys_seek(uint32_t arg);
    uint32_t sys_flen(uint32_t arg);
    uint32_t sys_remove(uint32_t arg);
    uint32_t sys_rename(uint32_t arg);
    uint32_t sys_get_cmdline(uint32_t arg);
    uint32_t sys_heapinfo(uint32_t arg);
    uint32_t sys_elapsed(uint32_t arg);
    uint32_t sys_exit(uint32_t arg, bool extended);

    iss::DmiWindow ram_;
    std::string cmdline_;
    Hooks hooks_;
    FILE *in_ = stdin, *out_ = stdout, *err_ = stderr;
    std::vector<Handle> handles_;
    int errno_ = 0;
};

} // namespace cimvp
