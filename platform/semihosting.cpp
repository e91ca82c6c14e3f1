#include "semihosting.h"

#include <cerrno>
#include <cstring>
#include <ctime>

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
// Feature bits of the ":semihosting-features" file: SYS_EXIT_EXTENDED and
// separate stdout/stderr through ":tt" opened for append.
constexpr uint8_t SH_EXT_EXIT_EXTENDED = 1, SH_EXT_STDOUT_STDERR = 2;
const char* const open_modes[] = {"r",  "rb",  "r+", "r+b", "w",  "wb",
                                  "w+", "w+b", "a",  "ab",  "a+", "a+b"};
} // namespace

Semihosting::Semihosting(iss::DmiWindow ram, std::string cmdline, Hooks hooks)
    : ram_(ram), cmdline_(std::move(cmdline)), hooks_(std::move(hooks)) {}

Semihosting::~Semihosting() {
    for (auto& h : handles_)
        if (h.file && !h.is_tty) std::fclose(h.file);
}

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

bool Semihosting::guest_string(uint32_t addr, uint32_t len, std::string& s) const {
    if (!ram_.contains(addr, len)) return false;
    s.assign(reinterpret_cast<const char*>(ram_.ptr + (addr - ram_.base)), len);
    return true;
}

Semihosting::Handle* Semihosting::handle(uint32_t h) {
    if (h >= handles_.size() || (!handles_[h].file && handles_[h].features.empty())) return nullptr;
    return &handles_[h];
}

uint32_t Semihosting::call(uint32_t op, uint32_t arg) {
    switch (op) {
    case SYS_OPEN: return sys_open(arg);
    case SYS_CLOSE: return sys_close(arg);
    case SYS_WRITEC: {
        char c;
        if (!read_guest(arg, &c, 1)) return fail(EFAULT);
        std::fputc(c, out_);
        return 0;
    }
    case SYS_WRITE0: {
        for (uint32_t a = arg;; ++a) {
            char c;
            if (!read_guest(a, &c, 1)) return fail(EFAULT);
            if (!c) break;
            std::fputc(c, out_);
        }
        return 0;
    }
    case SYS_WRITE: return sys_write(arg);
    case SYS_READ: return sys_read(arg);
    case SYS_READC: {
        int c = std::fgetc(in_);
        return c == EOF ? ~0u : static_cast<uint32_t>(c);
    }
    case SYS_ISERROR: return static_cast<int32_t>(arg) < 0 ? 1 : 0;
    case SYS_ISTTY: {
        uint32_t h;
        if (!arg_words(arg, &h, 1)) return fail(EFAULT);
        Handle* hd = handle(h);
        if (!hd) return fail(EBADF);
        return hd->is_tty ? 1 : 0;
    }
    case SYS_SEEK: return sys_seek(arg);
    case SYS_FLEN: return sys_flen(arg);
    case SYS_REMOVE: return sys_remove(arg);
    case SYS_RENAME: return sys_rename(arg);
    case SYS_CLOCK: // centiseconds of simulated time, so runs are reproducible
        return static_cast<uint32_t>(hooks_.elapsed_ticks() * 100 / hooks_.tick_hz);
    case SYS_TIME: return static_cast<uint32_t>(std::time(nullptr));
    case SYS_ERRNO: return static_cast<uint32_t>(errno_);
    case SYS_GET_CMDLINE: return sys_get_cmdline(arg);
    case SYS_HEAPINFO: return sys_heapinfo(arg);
    case SYS_EXIT: return sys_exit(arg, false);
    case SYS_EXIT_EXTENDED: return sys_exit(arg, true);
    case SYS_ELAPSED: return sys_elapsed(arg);
    case SYS_TICKFREQ: return static_cast<uint32_t>(hooks_.tick_hz);
    case SYS_TMPNAM:
    case SYS_SYSTEM:
    default: return fail(ENOSYS);
    }
}

uint32_t Semihosting::sys_open(uint32_t arg) {
    uint32_t a[3];
    std::string name;
    if (!arg_words(arg, a, 3) || !guest_string(a[0], a[2], name)) return fail(EFAULT);
    if (a[1] >= 12) return fail(EINVAL);
    Handle h;
    if (name == ":tt") { // the console: read -> stdin, write -> stdout, append -> stderr
        h.is_tty = true;
        h.file = a[1] < 4 ? in_ : a[1] < 8 ? out_ : err_;
    } else if (name == ":semihosting-features") {
        if (a[1] != 0 && a[1] != 1) return fail(EACCES);
        h.features = std::string("SHFB") + char(SH_EXT_EXIT_EXTENDED | SH_EXT_STDOUT_STDERR);
    } else {
        h.file = std::fopen(name.c_str(), open_modes[a[1]]);
        if (!h.file) return fail(errno);
    }
    handles_.push_back(std::move(h));
    return static_cast<uint32_t>(handles_.size() - 1);
}

uint32_t Semihosting::sys_close(uint32_t arg) {
    uint32_t h;
    if (!arg_words(arg, &h, 1)) return fail(EFAULT);
    Handle* hd = handle(h);
    if (!hd) return fail(EBADF);
    if (hd->file && !hd->is_tty) std::fclose(hd->file);
    *hd = Handle{};
    return 0;
}

uint32_t Semihosting::sys_write(uint32_t arg) {
    uint32_t a[3];
    if (!arg_words(arg, a, 3)) return fail(EFAULT);
    Handle* hd = handle(a[0]);
    if (!hd || !hd->file) return fail(EBADF);
    if (!ram_.contains(a[1], a[2])) return fail(EFAULT);
    size_t n = std::fwrite(ram_.ptr + (a[1] - ram_.base), 1, a[2], hd->file);
    if (hd->is_tty) std::fflush(hd->file);
    return a[2] - static_cast<uint32_t>(n); // bytes not written
}

uint32_t Semihosting::sys_read(uint32_t arg) {
    uint32_t a[3];
    if (!arg_words(arg, a, 3)) return fail(EFAULT);
    Handle* hd = handle(a[0]);
    if (!hd) return fail(EBADF);
    if (!ram_.contains(a[1], a[2])) return fail(EFAULT);
    uint8_t* dst = ram_.ptr + (a[1] - ram_.base);
    if (!hd->features.empty()) {
        size_t n = std::min<size_t>(a[2], hd->features.size() - hd->features_pos);
        std::memcpy(dst, hd->features.data() + hd->features_pos, n);
        hd->features_pos += n;
        return a[2] - static_cast<uint32_t>(n);
    }
    size_t n = std::fread(dst, 1, a[2], hd->file);
    return a[2] - static_cast<uint32_t>(n); // bytes not read
}

uint32_t Semihosting::sys_seek(uint32_t arg) {
    uint32_t a[2];
    if (!arg_words(arg, a, 2)) return fail(EFAULT);
    Handle* hd = handle(a[0]);
    if (!hd) return fail(EBADF);
    if (!hd->features.empty()) {
        if (a[1] > hd->features.size()) return fail(EINVAL);
        hd->features_pos = a[1];
        return 0;
    }
    return std::fseek(hd->file, static_cast<long>(a[1]), SEEK_SET) == 0 ? 0 : fail(errno);
}

uint32_t Semihosting::sys_flen(uint32_t arg) {
    uint32_t h;
    if (!arg_words(arg, &h, 1)) return fail(EFAULT);
    Handle* hd = handle(h);
    if (!hd) return fail(EBADF);
    if (!hd->features.empty()) return static_cast<uint32_t>(hd->features.size());
    if (hd->is_tty) return 0;
    long pos = std::ftell(hd->file);
    if (pos < 0 || std::fseek(hd->file, 0, SEEK_END) != 0) return fail(errno);
    long len = std::ftell(hd->file);
    std::fseek(hd->file, pos, SEEK_SET);
    return static_cast<uint32_t>(len);
}

uint32_t Semihosting::sys_remove(uint32_t arg) {
    uint32_t a[2];
    std::string name;
    if (!arg_words(arg, a, 2) || !guest_string(a[0], a[1], name)) return fail(EFAULT);
    return std::remove(name.c_str()) == 0 ? 0 : fail(errno);
}

uint32_t Semihosting::sys_rename(uint32_t arg) {
    uint32_t a[4];
    std::string from, to;
    if (!arg_words(arg, a, 4) || !guest_string(a[0], a[1], from) || !guest_string(a[2], a[3], to))
        return fail(EFAULT);
    return std::rename(from.c_str(), to.c_str()) == 0 ? 0 : fail(errno);
}

uint32_t Semihosting::sys_get_cmdline(uint32_t arg) {
    uint32_t a[2];
    if (!arg_words(arg, a, 2)) return fail(EFAULT);
    if (cmdline_.size() + 1 > a[1]) return fail(E2BIG);
    if (!write_guest(a[0], cmdline_.c_str(), static_cast<uint32_t>(cmdline_.size() + 1)))
        return fail(EFAULT);
    uint32_t len = static_cast<uint32_t>(cmdline_.size());
    write_guest(arg + 4, &len, 4);
    return 0;
}

uint32_t Semihosting::sys_heapinfo(uint32_t arg) {
    // Zeros mean "use the defaults from the linker script", which is what
    // picolibc's crt0 does with them.
    uint32_t block;
    if (!arg_words(arg, &block, 1)) return fail(EFAULT);
    uint32_t zeros[4] = {0, 0, 0, 0};
    return write_guest(block, zeros, sizeof zeros) ? 0 : fail(EFAULT);
}

uint32_t Semihosting::sys_elapsed(uint32_t arg) {
    uint64_t t = hooks_.elapsed_ticks();
    return write_guest(arg, &t, 8) ? 0 : fail(EFAULT);
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

} // namespace cimvp
