// RISC-V semihosting (the ARM semihosting calls, entered through the
// `slli x0,x0,0x1f; ebreak; srai x0,x0,7` sequence): the host services that
// picolibc's --oslib=semihost uses. Every call has QEMU 7.2's semantics (return
// values, errno, handle numbering), so firmware behaves alike on both;
// docs/platform/semihosting.md lists the calls and the few deliberate differences.
// Host files are POSIX descriptors without buffering: what SYS_WRITE wrote is in
// the file when the call returns, and SYS_CLOSE closes the file at once.
// Plain C++: guest memory is the RAM window; parameter blocks and buffers outside
// it make the call fail (EFAULT) instead of touching the host.
#pragma once

#include "platform/iss/bus_port.h"

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
    ~Semihosting(); // closes the host files the firmware left open
    Semihosting(const Semihosting&) = delete;
    Semihosting& operator=(const Semihosting&) = delete;

    // Executes call `op` with parameter `arg`; returns the value for a0.
    uint32_t call(uint32_t op, uint32_t arg);

    // Host streams for the firmware's console ":tt" and SYS_WRITEC/WRITE0/READC
    // (tests redirect them).
    void set_streams(FILE* in, FILE* out, FILE* err) { in_ = in, out_ = out, err_ = err; }
    void set_ram(iss::DmiWindow ram) { ram_ = ram; }

    // The host file descriptor behind guest handle `handle`, or -1 when the handle
    // is not an open host file (for tests).
    int host_fd(uint32_t handle) const;

  private:
    enum class Kind : uint8_t { unused, file, console, features };
    enum class Console : uint8_t { in, out, err };
    struct Handle {
        Kind kind = Kind::unused;
        int fd = -1;                    // file: the host descriptor this handle owns
        Console console = Console::out; // console: which of the streams
        uint32_t features_position = 0; // features: read position
    };

    // Guest memory.
    bool read_guest(uint32_t addr, void* dst, uint32_t len) const;
    bool write_guest(uint32_t addr, const void* src, uint32_t len);
    bool arg_words(uint32_t block, uint32_t* words, unsigned n) const;
    bool guest_string(uint32_t addr, std::string& s) const;
    int guest_name(uint32_t addr, uint32_t length, std::string& name) const;

    uint32_t fail(int err) {
        errno_ = err;
        return ~0u;
    }

    // Handle table: index = guest handle; 0 is never handed out.
    Handle* lookup(uint32_t handle);
    uint32_t allocate(const Handle& handle);
    FILE* stream(const Handle& handle) const;
    int host_descriptor(const Handle& handle) const;

    uint64_t elapsed_ns() const;

    uint32_t sys_open(uint32_t arg);
    uint32_t sys_close(uint32_t arg);
    uint32_t sys_writec(uint32_t arg);
    uint32_t sys_write0(uint32_t arg);
    uint32_t sys_write(uint32_t arg);
    uint32_t sys_read(uint32_t arg);
    uint32_t sys_readc();
    uint32_t sys_iserror(uint32_t arg);
    uint32_t sys_istty(uint32_t arg);
    uint32_t sys_seek(uint32_t arg);
    uint32_t sys_flen(uint32_t arg);
    uint32_t sys_tmpnam(uint32_t arg);
    uint32_t sys_remove(uint32_t arg);
    uint32_t sys_rename(uint32_t arg);
    uint32_t sys_time();
    uint32_t sys_get_cmdline(uint32_t arg);
    uint32_t sys_heapinfo(uint32_t arg);
    uint32_t sys_elapsed(uint32_t arg);
    uint32_t sys_exit(uint32_t arg, bool extended);
    uint32_t unsupported(uint32_t op, uint32_t arg);

    iss::DmiWindow ram_;
    std::string cmdline_;
    Hooks hooks_;
    FILE *in_ = stdin, *out_ = stdout, *err_ = stderr;
    std::vector<Handle> handles_;
    int errno_ = 0;
};

} // namespace cimvp
