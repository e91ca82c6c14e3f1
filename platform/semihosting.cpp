#include "platform/semihosting.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cimvp {

namespace {
enum : uint32_t {
    SYS_OPEN = 0x01,
    SYS_CLOSE = 0x02,
    SYS_WRITEC = 0x03,
    SYS_WRITE0 = 0x04,
    SYS_WRITE = 0x05,
    SYS_READ = 0x06,
    SYS_READC = 0x07,
    SYS_ISERROR = 0x08,
    SYS_ISTTY = 0x09,
    SYS_SEEK = 0x0a,
    SYS_FLEN = 0x0c,
    SYS_TMPNAM = 0x0d,
    SYS_REMOVE = 0x0e,
    SYS_RENAME = 0x0f,
    SYS_CLOCK = 0x10,
    SYS_TIME = 0x11,
    SYS_SYSTEM = 0x12,
    SYS_ERRNO = 0x13,
    SYS_GET_CMDLINE = 0x15,
    SYS_HEAPINFO = 0x16,
    SYS_EXIT = 0x18,
    SYS_EXIT_EXTENDED = 0x20,
    SYS_ELAPSED = 0x30,
    SYS_TICKFREQ = 0x31,
};
constexpr uint32_t ADP_Stopped_ApplicationExit = 0x20026;
constexpr uint32_t kOpenModes = 12;
// ":semihosting-features": magic "SHFB" and one feature byte with SYS_EXIT_EXTENDED (bit 0)
// and separate stdout/stderr through ":tt" opened for append (bit 1).
constexpr char kFeatures[] = {'S', 'H', 'F', 'B', 0x03};
// Calls whose result register the specification calls "corrupted" return this, as on QEMU.
constexpr uint32_t kCorrupted = 0xdeadbeef;
constexpr uint64_t kTickFrequency = 1000000000; // SYS_ELAPSED counts nanoseconds, as QEMU

// Host open() flags for the 12 modes (r, rb, r+, r+b, w, wb, w+, w+b, a, ab, a+, a+b), as
// QEMU 7.2 opens them: "a" modes create but neither truncate nor append. picolibc relies on
// that: it opens "r+" as "a+" and seeks to the end itself before appending.
// clang-format off
constexpr int kOpenFlags[kOpenModes] = {
    O_RDONLY, O_RDONLY,
    O_RDWR, O_RDWR,
    O_WRONLY | O_CREAT | O_TRUNC, O_WRONLY | O_CREAT | O_TRUNC,
    O_RDWR | O_CREAT | O_TRUNC, O_RDWR | O_CREAT | O_TRUNC,
    O_WRONLY | O_CREAT, O_WRONLY | O_CREAT,
    O_RDWR | O_CREAT, O_RDWR | O_CREAT,
};
// clang-format on
constexpr mode_t kCreateMode = 0644; // QEMU's

// Bytes not transferred of `wanted`, from a host read()/write() result (-1: none).
uint32_t not_transferred(uint32_t wanted, long transferred) {
    return transferred > 0 ? wanted - static_cast<uint32_t>(transferred) : wanted;
}
} // namespace

Semihosting::Semihosting(iss::DmiWindow ram, std::string cmdline, Hooks hooks)
    : ram_(ram), cmdline_(std::move(cmdline)), hooks_(std::move(hooks)), handles_(1) {}

Semihosting::~Semihosting() {
    for (const Handle& h : handles_)
        if (h.kind == Kind::file) ::close(h.fd);
}

int Semihosting::host_fd(uint32_t handle) const {
    if (handle >= handles_.size() || handles_[handle].kind != Kind::file) return -1;
    return handles_[handle].fd;
}

// ---- guest memory -------------------------------------------------------------------

bool Semihosting::read_guest(uint32_t addr, void* dst, uint32_t len) const {
    if (len == 0) return true;
    if (!ram_.contains(addr, len)) return false;
    std::memcpy(dst, ram_.ptr + (addr - ram_.base), len);
    return true;
}

bool Semihosting::write_guest(uint32_t addr, const void* src, uint32_t len) {
    if (len == 0) return true;
    if (!ram_.contains(addr, len)) return false;
    std::memcpy(ram_.ptr + (addr - ram_.base), src, len);
    return true;
}

bool Semihosting::arg_words(uint32_t block, uint32_t* words, unsigned n) const {
    return read_guest(block, words, 4 * n);
}

// The zero-terminated string at `addr`; false if it does not end inside RAM.
bool Semihosting::guest_string(uint32_t addr, std::string& s) const {
    if (!ram_.contains(addr, 1)) return false;
    const char* start = reinterpret_cast<const char*>(ram_.ptr + (addr - ram_.base));
    const size_t room = ram_.size - (addr - ram_.base);
    const void* end = std::memchr(start, 0, room);
    if (!end) return false;
    s.assign(start, static_cast<const char*>(end));
    return true;
}

// A file name passed as (address, length without the terminating zero), checked as QEMU does:
// the byte at address + length must be that zero (EINVAL otherwise); a length of 0xffffffff
// means "measure the string". Returns 0 or the errno of the failure.
int Semihosting::guest_name(uint32_t addr, uint32_t length, std::string& name) const {
    const uint32_t with_zero = length + 1;
    if (with_zero == 0) return guest_string(addr, name) ? 0 : EFAULT;
    if (with_zero > INT32_MAX) return ENAMETOOLONG;
    uint8_t last = 0;
    if (!read_guest(addr + length, &last, 1)) return EFAULT;
    if (last != 0) return EINVAL;
    if (!ram_.contains(addr, with_zero) || !guest_string(addr, name)) return EFAULT;
    return 0;
}

// ---- handles ------------------------------------------------------------------------

Semihosting::Handle* Semihosting::lookup(uint32_t handle) {
    if (handle >= handles_.size() || handles_[handle].kind == Kind::unused) return nullptr;
    return &handles_[handle];
}

// The lowest free handle from 1 (SYS_OPEN returns a non-zero handle), as QEMU.
uint32_t Semihosting::allocate(const Handle& handle) {
    size_t i = 1;
    while (i < handles_.size() && handles_[i].kind != Kind::unused) ++i;
    if (i == handles_.size()) handles_.emplace_back();
    handles_[i] = handle;
    return static_cast<uint32_t>(i);
}

FILE* Semihosting::stream(const Handle& handle) const {
    switch (handle.console) {
    case Console::in: return in_;
    case Console::out: return out_;
    case Console::err: return err_;
    }
    return nullptr;
}

// The host descriptor a file or console handle works on (QEMU works on the console's
// descriptors 0, 1, 2 directly: SYS_ISTTY, SYS_FLEN and SYS_SEEK see the real stream).
int Semihosting::host_descriptor(const Handle& handle) const {
    if (handle.kind == Kind::file) return handle.fd;
    if (handle.kind == Kind::console) return ::fileno(stream(handle));
    return -1;
}

// ---- dispatch -----------------------------------------------------------------------

uint32_t Semihosting::call(uint32_t op, uint32_t arg) {
    switch (op) {
    case SYS_OPEN: return sys_open(arg);
    case SYS_CLOSE: return sys_close(arg);
    case SYS_WRITEC: return sys_writec(arg);
    case SYS_WRITE0: return sys_write0(arg);
    case SYS_WRITE: return sys_write(arg);
    case SYS_READ: return sys_read(arg);
    case SYS_READC: return sys_readc();
    case SYS_ISERROR: return sys_iserror(arg);
    case SYS_ISTTY: return sys_istty(arg);
    case SYS_SEEK: return sys_seek(arg);
    case SYS_FLEN: return sys_flen(arg);
    case SYS_TMPNAM: return sys_tmpnam(arg);
    case SYS_REMOVE: return sys_remove(arg);
    case SYS_RENAME: return sys_rename(arg);
    case SYS_CLOCK: // centiseconds of simulated time, so runs are reproducible
        return static_cast<uint32_t>(elapsed_ns() / 10000000);
    case SYS_TIME: return sys_time();
    case SYS_SYSTEM: return fail(ENOSYS); // no host commands from firmware
    case SYS_ERRNO: return static_cast<uint32_t>(errno_);
    case SYS_GET_CMDLINE: return sys_get_cmdline(arg);
    case SYS_HEAPINFO: return sys_heapinfo(arg);
    case SYS_EXIT: return sys_exit(arg, false);
    case SYS_EXIT_EXTENDED: return sys_exit(arg, true);
    case SYS_ELAPSED: return sys_elapsed(arg);
    case SYS_TICKFREQ: return static_cast<uint32_t>(kTickFrequency);
    default: return unsupported(op, arg);
    }
}

// ---- files --------------------------------------------------------------------------

uint32_t Semihosting::sys_open(uint32_t arg) {
    uint32_t a[3]; // name, mode, name length
    std::string name;
    if (!arg_words(arg, a, 3) || !guest_string(a[0], name)) return fail(EFAULT);
    const uint32_t mode = a[1];
    if (mode >= kOpenModes) return fail(EINVAL);
    Handle h;
    if (name == ":tt") { // the console: read -> stdin, write -> stdout, append -> stderr
        h.kind = Kind::console;
        h.console = mode < 4 ? Console::in : mode < 8 ? Console::out : Console::err;
        return allocate(h);
    }
    if (name == ":semihosting-features") {
        if (mode > 1) return fail(EACCES); // "r" and "rb" only
        h.kind = Kind::features;
        return allocate(h);
    }
    if (int err = guest_name(a[0], a[2], name)) return fail(err);
    h.kind = Kind::file;
    h.fd = ::open(name.c_str(), kOpenFlags[mode] | O_CLOEXEC, kCreateMode);
    if (h.fd < 0) return fail(errno);
    return allocate(h);
}

uint32_t Semihosting::sys_close(uint32_t arg) {
    uint32_t h;
    if (!arg_words(arg, &h, 1)) return fail(EFAULT);
    Handle* hd = lookup(h);
    if (!hd) return fail(EBADF);
    const int result = hd->kind == Kind::file ? ::close(hd->fd) : 0;
    const int err = errno;
    *hd = Handle{}; // the handle is free even if the host close failed
    return result == 0 ? 0 : fail(err);
}

// SYS_WRITE and SYS_READ return the bytes *not* transferred. A failure (bad handle, buffer
// outside RAM, host error) transfers nothing and, as on QEMU, leaves errno unchanged.
uint32_t Semihosting::sys_write(uint32_t arg) {
    uint32_t a[3]; // handle, buffer, length
    if (!arg_words(arg, a, 3)) return fail(EFAULT);
    const uint32_t length = a[2];
    const Handle* hd = lookup(a[0]);
    if (!hd || length == 0 || !ram_.contains(a[1], length)) return length;
    const uint8_t* data = ram_.ptr + (a[1] - ram_.base);
    if (hd->kind == Kind::file) return not_transferred(length, ::write(hd->fd, data, length));
    if (hd->kind == Kind::console) {
        FILE* s = stream(*hd);
        const size_t written = std::fwrite(data, 1, length, s);
        std::fflush(s);
        return not_transferred(length, static_cast<long>(written));
    }
    return length; // the features file is read-only
}

uint32_t Semihosting::sys_read(uint32_t arg) {
    uint32_t a[3]; // handle, buffer, length
    if (!arg_words(arg, a, 3)) return fail(EFAULT);
    const uint32_t length = a[2];
    Handle* hd = lookup(a[0]);
    if (!hd || length == 0 || !ram_.contains(a[1], length)) return length;
    uint8_t* data = ram_.ptr + (a[1] - ram_.base);
    if (hd->kind == Kind::features) {
        const uint32_t left = sizeof kFeatures - hd->features_position;
        const uint32_t n = std::min(length, left);
        std::memcpy(data, kFeatures + hd->features_position, n);
        hd->features_position += n;
        return length - n;
    }
    // One host read, as QEMU: a console may deliver less than asked for.
    ssize_t n;
    do {
        n = ::read(host_descriptor(*hd), data, length);
    } while (n < 0 && errno == EINTR);
    return not_transferred(length, n);
}

uint32_t Semihosting::sys_seek(uint32_t arg) {
    uint32_t a[2]; // handle, absolute position
    if (!arg_words(arg, a, 2)) return fail(EFAULT);
    Handle* hd = lookup(a[0]);
    if (!hd) return fail(EBADF);
    if (hd->kind == Kind::features) {
        if (a[1] > sizeof kFeatures) return fail(EINVAL);
        hd->features_position = a[1];
        return 0;
    }
    if (hd->kind == Kind::console) std::fflush(stream(*hd));
    if (::lseek(host_descriptor(*hd), static_cast<off_t>(a[1]), SEEK_SET) < 0) {
        return fail(errno);
    }
    return 0;
}

uint32_t Semihosting::sys_flen(uint32_t arg) {
    uint32_t h;
    if (!arg_words(arg, &h, 1)) return fail(EFAULT);
    const Handle* hd = lookup(h);
    if (!hd) return fail(EBADF);
    if (hd->kind == Kind::features) return sizeof kFeatures;
    struct stat st;
    if (::fstat(host_descriptor(*hd), &st) != 0) return fail(errno);
    return static_cast<uint32_t>(st.st_size);
}

// 1 for a terminal; 0 with errno ENOTTY for anything else; -1 for a bad handle.
uint32_t Semihosting::sys_istty(uint32_t arg) {
    uint32_t h;
    if (!arg_words(arg, &h, 1)) return fail(EFAULT);
    const Handle* hd = lookup(h);
    if (!hd) return fail(EBADF);
    if (hd->kind == Kind::features) {
        errno_ = ENOTTY;
        return 0;
    }
    if (::isatty(host_descriptor(*hd))) return 1;
    const int err = errno;
    errno_ = err;
    return err == ENOTTY ? 0 : ~0u;
}

// A host file name for identifier `id` (0-255): "/tmp/cimvp-<pid><id>" in hex, as QEMU's
// "/tmp/qemu-<pid><id>". -1 without errno if it does not fit the buffer.
uint32_t Semihosting::sys_tmpnam(uint32_t arg) {
    uint32_t a[3]; // buffer, identifier, buffer size
    if (!arg_words(arg, a, 3)) return fail(EFAULT);
    char name[64];
    const int length = std::snprintf(name, sizeof name, "/tmp/cimvp-%x%02x",
                                     static_cast<unsigned>(::getpid()), a[1] & 0xffu);
    const uint32_t size = static_cast<uint32_t>(length) + 1;
    if (size > a[2]) return ~0u;
    return write_guest(a[0], name, size) ? 0 : fail(EFAULT);
}

uint32_t Semihosting::sys_remove(uint32_t arg) {
    uint32_t a[2]; // name, length
    std::string name;
    if (!arg_words(arg, a, 2)) return fail(EFAULT);
    if (int err = guest_name(a[0], a[1], name)) return fail(err);
    return std::remove(name.c_str()) == 0 ? 0 : fail(errno);
}

uint32_t Semihosting::sys_rename(uint32_t arg) {
    uint32_t a[4]; // old name, length, new name, length
    std::string from, to;
    if (!arg_words(arg, a, 4)) return fail(EFAULT);
    if (int err = guest_name(a[0], a[1], from)) return fail(err);
    if (int err = guest_name(a[2], a[3], to)) return fail(err);
    return std::rename(from.c_str(), to.c_str()) == 0 ? 0 : fail(errno);
}

// ---- console ------------------------------------------------------------------------

uint32_t Semihosting::sys_writec(uint32_t arg) {
    char c;
    if (read_guest(arg, &c, 1)) std::fputc(c, out_);
    return kCorrupted;
}

uint32_t Semihosting::sys_write0(uint32_t arg) {
    std::string text; // nothing is written unless the whole string lies in RAM
    if (guest_string(arg, text)) std::fwrite(text.data(), 1, text.size(), out_);
    return kCorrupted;
}

uint32_t Semihosting::sys_readc() {
    unsigned char c;
    ssize_t n;
    do {
        n = ::read(::fileno(in_), &c, 1);
    } while (n < 0 && errno == EINTR);
    return n == 1 ? c : ~0u;
}

// ---- everything else ----------------------------------------------------------------

uint32_t Semihosting::sys_iserror(uint32_t arg) {
    uint32_t status;
    if (!arg_words(arg, &status, 1)) return fail(EFAULT);
    return static_cast<int32_t>(status) < 0 ? 1 : 0;
}

uint32_t Semihosting::sys_time() {
    const std::time_t now = std::time(nullptr);
    if (now == static_cast<std::time_t>(-1)) return fail(errno);
    return static_cast<uint32_t>(now);
}

uint64_t Semihosting::elapsed_ns() const {
    if (!hooks_.elapsed_ticks || hooks_.tick_hz == 0) return 0;
    const uint64_t ticks = hooks_.elapsed_ticks(), hz = hooks_.tick_hz;
    // Split so ticks * 10^9 cannot overflow: whole seconds, then the remainder (< hz).
    return ticks / hz * kTickFrequency + ticks % hz * kTickFrequency / hz;
}

uint32_t Semihosting::sys_elapsed(uint32_t arg) {
    const uint64_t ns = elapsed_ns();
    const uint32_t words[2] = {static_cast<uint32_t>(ns), static_cast<uint32_t>(ns >> 32)};
    return write_guest(arg, words, sizeof words) ? 0 : fail(EFAULT);
}

uint32_t Semihosting::sys_get_cmdline(uint32_t arg) {
    uint32_t a[2]; // buffer, size
    if (!arg_words(arg, a, 2)) return fail(EFAULT);
    const uint32_t length = static_cast<uint32_t>(cmdline_.size());
    if (length + 1 > a[1]) return fail(E2BIG);
    if (!write_guest(arg + 4, &length, 4)) return fail(EFAULT);
    return write_guest(a[0], cmdline_.c_str(), length + 1) ? 0 : fail(EFAULT);
}

uint32_t Semihosting::sys_heapinfo(uint32_t arg) {
    // Zeros mean "use the defaults from the linker script", which is what
    // picolibc's crt0 does with them.
    uint32_t block;
    if (!arg_words(arg, &block, 1)) return fail(EFAULT);
    uint32_t zeros[4] = {0, 0, 0, 0};
    return write_guest(block, zeros, sizeof zeros) ? 0 : fail(EFAULT);
}

uint32_t Semihosting::sys_exit(uint32_t arg, bool extended) {
    // RV32 SYS_EXIT passes the reason itself, SYS_EXIT_EXTENDED a block
    // {reason, subcode}. Like QEMU: ApplicationExit -> subcode (0 for plain
    // SYS_EXIT), any other reason -> 1.
    uint32_t reason = arg, code = 0;
    if (extended) {
        uint32_t a[2];
        if (!arg_words(arg, a, 2)) return fail(EFAULT);
        reason = a[0], code = a[1];
    }
    int exit_code = reason == ADP_Stopped_ApplicationExit ? static_cast<int>(code) : 1;
    std::fflush(out_);
    if (hooks_.exit) hooks_.exit(exit_code);
    return 0;
}

// QEMU aborts on an operation it does not know; cimvp says which and stops the firmware with
// exit code 1.
uint32_t Semihosting::unsupported(uint32_t op, uint32_t arg) {
    std::fflush(out_);
    std::fprintf(err_, "cimvp: unsupported semihosting operation 0x%02x (parameter 0x%08x)\n", op,
                 arg);
    std::fflush(err_);
    if (hooks_.exit) hooks_.exit(1);
    return fail(ENOSYS);
}

} // namespace cimvp
