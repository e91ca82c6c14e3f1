// Runs the firmware test programs (fw_*.elf, built by tests/firmware/CMakeLists.txt) on
// cimvp and on qemu-system-riscv32 -M virt (the reference platform), and checks what they
// print and their exit codes against expectations this test computes itself: with the host
// C library and hardware arithmetic from the same inputs (the *_case.h headers), or as literal
// text where the ISA fixes the result. The Differential suite then requires cimvp's stdout,
// exit code and the files the firmware left in its working directory to equal QEMU's for every
// program.
#include "tests/common/subprocess.h"

#include "tests/firmware/file_io_case.h"
#include "tests/firmware/file_ops_case.h"
#include "tests/firmware/float_cases.h"
#include "tests/firmware/int64_cases.h"
#include "tests/firmware/printf_cases.h"
#include "tests/firmware/qsort_case.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <map>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using testutil::ProcessResult;

constexpr double kTimeoutSeconds = 30;

enum class Platform { Cimvp, Qemu };

std::string platform_name(Platform platform) {
    return platform == Platform::Cimvp ? "Cimvp" : "Qemu";
}

void PrintTo(Platform platform, std::ostream* out) { *out << platform_name(platform); }

// The environment variables CIMVP_EXECUTABLE and QEMU_EXECUTABLE override the paths found
// when the build was configured.
std::string executable_for(Platform platform) {
    const char* variable = platform == Platform::Cimvp ? "CIMVP_EXECUTABLE" : "QEMU_EXECUTABLE";
    if (const char* value = std::getenv(variable); value != nullptr && *value != '\0') {
        return value;
    }
    return platform == Platform::Cimvp ? CIMVP_EXECUTABLE : QEMU_EXECUTABLE;
}

// Empty when the platform can run, else why not (for GTEST_SKIP).
std::string why_unavailable(Platform platform) {
    const std::string path = executable_for(platform);
    if (platform == Platform::Cimvp) {
        if (path.empty()) return "cimvp is not part of this build (no target cimvp)";
        if (!fs::exists(path)) return "cimvp not built yet at " + path;
    } else if (path.empty() || !fs::exists(path)) {
        return "qemu-system-riscv32 not found (install the Debian package qemu-system-misc)";
    }
    return "";
}

// A program name (fw_printf) names FIRMWARE_DIR/fw_printf.elf; a path is used as it is.
std::string elf_path(const std::string& program) {
    if (program.find('/') != std::string::npos) return program;
    return std::string(FIRMWARE_DIR) + "/" + program + ".elf";
}

struct FirmwareRun {
    std::string program; // fw_printf, ... (the ELF's name without .elf)
    std::vector<std::string> args;
    std::string cwd; // empty: the test's own
};

// QEMU's option parser splits at ',' and reads ",," as a literal comma.
std::string escape_qemu_option_value(const std::string& value) {
    std::string escaped;
    for (char c : value) {
        escaped += c;
        if (c == ',') escaped += ',';
    }
    return escaped;
}

std::vector<std::string> command_line(Platform platform, const FirmwareRun& run) {
    const std::string elf = elf_path(run.program);
    if (platform == Platform::Cimvp) {
        std::vector<std::string> argv = {executable_for(platform), elf};
        if (!run.args.empty()) {
            argv.push_back("--");
            argv.insert(argv.end(), run.args.begin(), run.args.end());
        }
        return argv;
    }
    // Semihosting console output goes to a stdio chardev, so it reaches QEMU's stdout (without
    // chardev=, QEMU 7.2 writes it to stderr); the UART shares that chardev, as with
    // -nographic. The command line seen by the firmware (SYS_GET_CMDLINE) is the arg= values:
    // the ELF's path first, as cimvp does.
    std::string semihosting =
        "enable=on,target=native,chardev=console,arg=" + escape_qemu_option_value(elf);
    for (const std::string& arg : run.args) semihosting += ",arg=" + escape_qemu_option_value(arg);
    return {executable_for(platform),
            "-M",
            "virt",
            "-m",
            "128M",
            "-bios",
            "none",
            "-display",
            "none",
            "-monitor",
            "none",
            "-chardev",
            "stdio,id=console,mux=on",
            "-serial",
            "chardev:console",
            "-semihosting-config",
            semihosting,
            "-kernel",
            elf};
}

ProcessResult run_firmware(Platform platform, const FirmwareRun& run) {
    return testutil::run_process(command_line(platform, run), kTimeoutSeconds, run.cwd);
}

// A fresh directory under the system's temporary directory, removed with its contents.
class TemporaryDirectory {
  public:
    TemporaryDirectory() {
        std::string pattern = (fs::temp_directory_path() / "cimvp-fwtest-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TemporaryDirectory() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// What a firmware left in its working directory: every entry's path relative to the directory,
// mapped to the file's contents ("<directory>" for a directory).
using DirectorySnapshot = std::map<std::string, std::string>;

DirectorySnapshot snapshot(const fs::path& root) {
    DirectorySnapshot entries;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const std::string name = fs::relative(entry.path(), root).string();
        entries[name] = entry.is_directory() ? "<directory>" : read_file(entry.path());
    }
    return entries;
}

// "name (N bytes), ..." for failure messages.
std::string describe(const DirectorySnapshot& entries) {
    std::string text;
    for (const auto& [name, contents] : entries) {
        text +=
            (text.empty() ? "" : ", ") + name + " (" + std::to_string(contents.size()) + " bytes)";
    }
    return text.empty() ? "no files" : text;
}

// Requires the same names and, file by file, the same contents (without printing binary data).
void expect_same_files(const DirectorySnapshot& actual, const DirectorySnapshot& expected,
                       const std::string& actual_name, const std::string& expected_name) {
    EXPECT_EQ(describe(actual), describe(expected)) << actual_name << " vs " << expected_name;
    for (const auto& [name, contents] : expected) {
        auto found = actual.find(name);
        if (found != actual.end()) {
            EXPECT_TRUE(found->second == contents)
                << name << ": contents differ between " << actual_name << " and " << expected_name;
        }
    }
}

template <typename... Args> std::string format(const char* format, Args... args) {
    char buffer[512];
    std::snprintf(buffer, sizeof buffer, format, args...);
    return buffer;
}

// ---------------------------------------------------------------------------------------
// Expected outputs, computed on the host

std::string expected_printf_output() {
    std::string expected;
#define APPEND_CASE(fmt, value) expected += format(fmt "\n", value);
    PRINTF_INT_CASES(APPEND_CASE)
    PRINTF_LLONG_CASES(APPEND_CASE)
    PRINTF_STRING_CASES(APPEND_CASE)
#undef APPEND_CASE
    expected += "100%\n";
    return expected;
}

std::string expected_int64_output() {
    std::string expected;
    char line[256];
    for (int i = 0; i < INT64_PAIR_COUNT; ++i) {
        format_int64_case(line, sizeof line, int64_pairs[i][0], int64_pairs[i][1]);
        expected += std::string(line) + "\n";
    }
    // RV32M defines division by zero (quotient all ones, remainder the dividend) and signed
    // overflow (INT_MIN / -1 = INT_MIN, remainder 0) instead of trapping.
    expected += "div by zero: ffffffff ffffffff 00000007 00000007\n";
    expected += "overflow: 80000000 00000000\n";
    const uint32_t big = 0x87654321u;
    const int64_t big_signed = static_cast<int32_t>(big);
    const auto mul = static_cast<uint32_t>(uint64_t{big} * big);
    const auto mulh = static_cast<uint32_t>(static_cast<uint64_t>(big_signed * big_signed) >> 32);
    const auto mulhu = static_cast<uint32_t>((uint64_t{big} * big) >> 32);
    const auto mulhsu = static_cast<uint32_t>(
        static_cast<unsigned __int128>(static_cast<__int128>(big_signed) * big) >> 32);
    expected += format("mulh: %08x %08x %08x %08x\n", mul, mulh, mulhu, mulhsu);
    return expected;
}

std::string expected_float_output() {
    std::string expected;
#define APPEND_RESULT(name, value)                                                                 \
    expected += format("%s: %016llx %.6g\n", name, double_bits(value), value);
#define APPEND_CASE(fmt, value) expected += format(fmt "\n", value);
    FLOAT_RESULT_CASES(APPEND_RESULT)
    FLOAT_FORMAT_CASES(APPEND_CASE)
    FLOAT_CONVERSION_CASES(APPEND_CASE)
#undef APPEND_CASE
#undef APPEND_RESULT
    return expected;
}

std::string expected_qsort_output() {
    std::vector<int32_t> values(QSORT_COUNT);
    qsort_case_fill(values.data());
    std::sort(values.begin(), values.end());
    std::string expected =
        format("sorted=1 checksum=%u min=%d median=%d max=%d\n", qsort_case_checksum(values.data()),
               values.front(), values[QSORT_COUNT / 2], values.back());
    std::vector<std::string> words = {"tile", "adc",  "crossbar", "riscv",
                                      "dac",  "rram", "bnn",      "tnn"};
    std::sort(words.begin(), words.end());
    for (size_t i = 0; i < words.size(); ++i) {
        expected += words[i] + (i + 1 < words.size() ? " " : "\n");
    }
    return expected;
}

// The trap firmware's output is fixed by the ISA and by the firmware's own data, and by one
// choice the ISA leaves open: misaligned loads/stores to RAM are done by the hardware on QEMU
// 7.2 -M virt, and cimvp does them the same way.
const char* const kExpectedTrapOutput =
    "illegal 32-bit opcode: trapped=1 mcause=2 (ok) mepc=ok mtval=ok resumed=1\n"
    "illegal 16-bit zero: trapped=1 mcause=2 (ok) mepc=ok mtval=ok resumed=1\n"
    "write to read-only csr: trapped=1 mcause=2 (ok) mepc=ok mtval=ok resumed=1\n"
    "ebreak: trapped=1 mcause=3 (ok) mepc=ok mtval=ok resumed=1\n"
    "c.ebreak: trapped=1 mcause=3 (ok) mepc=ok mtval=ok resumed=1\n"
    "ecall: trapped=1 mcause=11 (ok) mepc=ok mtval=ok resumed=1\n"
    "ecall result: 41\n"                                        // 20 * 2 + 1 from the handler
    "misaligned lw: value=0x55443322 done by hardware\n"        // bytes 1..4 of 11 22 33 44 55 ..
    "misaligned lh: value=0xffffffee done by hardware\n"        // bytes 13..14: ee ff
    "misaligned lhu: value=0x0000ffee done by hardware\n"       //
    "misaligned sw: bytes=66 d4 c3 b2 a1 bb done by hardware\n" // 0xa1b2c3d4 at byte 6
    "misaligned sh: bytes=bb d4 c3 ee done by hardware\n"       // 0xc3d4 at byte 11
    "registers preserved: yes\n"
    "traps other than misaligned accesses: 9\n"; // 3 illegal, 2 ebreak, 1 ecall, 3 ebreak

const char* const kExpectedTimerOutput =
    "no interrupt before mtimecmp: yes\n"
    "direct timer interrupt: arrived=yes count=1 cause=0x80000007 not_early=yes slot=ok\n"
    "wfi with MIE clear: woke=yes trap while disabled=no taken after enable=yes\n"
    "mtvec mode readback: 1\n"
    "vectored timer interrupt: arrived=yes count=1 cause=0x80000007 not_early=yes slot=ok\n"
    "vectored software interrupt: arrived=yes cause=0x80000003 slot=ok msip=0\n"
    "interrupts: 4\n";

// FNV-1a written again here rather than taken from file_io_case.h, so a mistake in the
// shared header cannot make the firmware and the test agree on a wrong checksum.
uint32_t fnv1a(const std::string& bytes) {
    uint32_t hash = 2166136261u;
    for (unsigned char byte : bytes) {
        hash ^= byte;
        hash *= 16777619u;
    }
    return hash;
}

std::string file_io_input() {
    std::string bytes(FILE_IO_SIZE, '\0');
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(file_io_case_byte(i));
    return bytes;
}

void write_file_io_input(const fs::path& path) {
    std::ofstream(path, std::ios::binary) << file_io_input();
}

std::string expected_file_io_output() {
    const std::string input = file_io_input();
    const auto byte_at = [&](size_t i) { return static_cast<unsigned char>(input[i]); };
    std::string expected = format("read %zu bytes, fnv1a 0x%08x\n", input.size(), fnv1a(input));
    expected += format("size by seek: %zu\n", input.size());
    expected += format("bytes at %d: %02x %02x %02x %02x (4)\n", FILE_IO_PROBE_OFFSET,
                       byte_at(FILE_IO_PROBE_OFFSET), byte_at(FILE_IO_PROBE_OFFSET + 1),
                       byte_at(FILE_IO_PROBE_OFFSET + 2), byte_at(FILE_IO_PROBE_OFFSET + 3));
    expected += format("wrote %zu bytes, fclose 0\n", std::string(FILE_IO_WRITTEN_TEXT).size());
    expected += "missing file: not opened\n";
    return expected;
}

// fw_file_ops: what each scenario prints and leaves in its directory, from the stdio
// semantics (and QEMU's semihosting, where picolibc leaves it a choice).
struct ScenarioExpectation {
    std::string out;
    DirectorySnapshot files;
};

std::string file_ops_seek_input() {
    std::string bytes(FILE_OPS_SEEK_SIZE, '\0');
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(file_io_case_byte(i));
    return bytes;
}

std::string hex_bytes(const std::string& bytes) {
    std::string text;
    for (unsigned char byte : bytes) text += format(" %02x", byte);
    return text + format(" (%zu)", bytes.size());
}

ScenarioExpectation expected_file_ops(const std::string& scenario) {
    if (scenario == "reopen") {
        std::string bytes(FILE_OPS_REOPEN_SIZE, '\0');
        for (size_t i = 0; i < bytes.size(); ++i) {
            bytes[i] = static_cast<char>(file_ops_reopen_byte(i));
        }
        return {format("wrote %d, fclose 0\n", FILE_OPS_REOPEN_SIZE) +
                    format("byte %u, got 1, size %d\n",
                           static_cast<unsigned char>(bytes[FILE_OPS_REOPEN_OFFSET]),
                           FILE_OPS_REOPEN_SIZE),
                {{"out.bin", bytes}}};
    }
    if (scenario == "seek") {
        const std::string data = file_ops_seek_input();
        const size_t size = data.size(), skip_to = FILE_OPS_SEEK_PROBE + 4 + FILE_OPS_SEEK_SKIP;
        std::string out =
            format("read %zu bytes, fnv1a 0x%08x, at end %zu\n", size, fnv1a(data), size);
        out += "seek set: 0\n";
        out += "at probe:" + hex_bytes(data.substr(FILE_OPS_SEEK_PROBE, 4)) + "\n";
        out += format("seek cur: 0, position %zu\n", skip_to);
        out += "after skip:" + hex_bytes(data.substr(skip_to, 2)) + "\n";
        out += format("seek end-10: 0, position %zu\n", size - 10);
        out += "tail:" + hex_bytes(data.substr(size - 10)) + "\n";
        out += "eof: 1\n";
        out += format("seek past end: 0, position %zu\n", size + 500);
        out += "read past end: 0\n";
        out += format("size by seek: %zu\n", size);
        return {out, {{"data.bin", data}}};
    }
    if (scenario == "update") {
        return {"r+ read back 4: 0123\n"
                "after r+: <01234XYZ89abcdefghij> (20 bytes)\n"
                "w+ read back 13: written by w+\n",
                {{"data.txt", "01234XYZ89abcdefghij"}, {"fresh.txt", "written by w+"}}};
    }
    if (scenario == "append") {
        return {"position after append: 13\nlog: <first\nsecond\nthird\n> (19 bytes)\n",
                {{"log.txt", "first\nsecond\nthird\n"}}};
    }
    if (scenario == "remove-rename") {
        return {format("rename a -> b: 0\n"
                       "open a.txt: not opened, errno %d\n"
                       "b.txt: <alpha\n> (6 bytes)\n"
                       "rename b -> existing c: 0\n"
                       "c.txt: <alpha\n> (6 bytes)\n"
                       "remove c: 0\n"
                       "remove c again: -1, errno %d\n"
                       "rename missing: -1, errno %d\n",
                       ENOENT, ENOENT, ENOENT),
                {{"kept.txt", "kept\n"}}};
    }
    if (scenario == "interleaved") {
        ScenarioExpectation expected;
        for (int k : {2, 0, 3, 1}) expected.out += format("fclose part%d: 0\n", k);
        for (int round = 0; round <= FILE_OPS_ROUNDS; ++round) {
            for (int k = 0; k < FILE_OPS_STREAMS; ++k) {
                const std::string line = format("file %d line %d\n", k, round);
                if (round < FILE_OPS_ROUNDS) {
                    expected.out += format("read %d: ", k) + line;
                    expected.files[format("part%d.txt", k)] += line;
                } else {
                    expected.out += format("read %d: end\n", k);
                }
            }
        }
        return expected;
    }
    if (scenario == "open-errors") {
        return {format("missing rb: not opened, errno %d\n"
                       "missing in missing directory wb: not opened, errno %d\n"
                       "directory wb: not opened, errno %d\n"
                       "missing r+: opened\n",
                       ENOENT, ENOENT, EISDIR),
                {{"created-by-r-plus.bin", ""}}};
    }
    throw std::invalid_argument("no expectation for fw_file_ops " + scenario);
}

const std::vector<std::string> kFileOpsScenarios = {
    "reopen", "seek", "update", "append", "remove-rename", "interleaved", "open-errors"};

// fw_semihost_calls: each line is "what -> result, errno E" with the value QEMU's semihosting
// returns (docs/platform/semihosting.md), errno the host's.
std::string call_line(const char* what, long result, int error) {
    return format("%s -> %ld, errno %d\n", what, result, error);
}

ScenarioExpectation expected_handles() {
    ScenarioExpectation expected;
    std::string& out = expected.out;
    out += call_line("h1.txt", 1, 0) + call_line("h2.txt", 2, 0) + call_line("h3.txt", 3, 0);
    out += call_line("close 2", 0, 0) + call_line("reopen into the free handle", 2, 0);
    out += call_line("close 1", 0, 0) + call_line("close 3", 0, 0);
    out += call_line("lowest free handle", 1, 0) + call_line("next free handle", 3, 0);
    out += call_line("past the end", 4, 0);
    for (int i = 1; i <= 7; ++i) expected.files[format("h%d.txt", i)] = "";
    return expected;
}

ScenarioExpectation expected_after_close() {
    ScenarioExpectation expected;
    std::string& out = expected.out;
    out += call_line("open", 1, 0) + call_line("write 3", 0, 0) + call_line("close", 0, 0);
    for (long handle : {1L, 0L, 7L, 1000L, 2147483647L, -1L}) {
        out += format("handle %ld:\n", handle);
        // SYS_WRITE and SYS_READ report "nothing transferred" and leave errno alone.
        out += call_line("  write", 3, ENOENT) + call_line("  read", 8, ENOENT);
        out += call_line("  seek", -1, EBADF) + call_line("  flen", -1, EBADF);
        out += call_line("  istty", -1, EBADF) + call_line("  close", -1, EBADF);
    }
    out += call_line("reopen gets the closed handle", 1, EBADF);
    out += call_line("read 8 (5 not read)", 5, EBADF) + "contents: abc\n";
    expected.files["closed.txt"] = "abc";
    return expected;
}

ScenarioExpectation expected_files() {
    std::string out;
    const int none = 0;
    out += call_line("open w+", 1, none) + call_line("write 10", 0, none);
    out += call_line("write 0", 0, none) + call_line("flen", 10, none);
    out += call_line("seek 4", 0, none) + call_line("read 3", 0, none) + "read: 456\n";
    out += call_line("read 16 at 7", 13, none) + call_line("read at end", 4, none);
    out += call_line("seek 20 (past the end)", 0, none) + call_line("write 1 at 20", 0, none);
    out += call_line("flen", 21, none) + call_line("seek 0xffffffff", 0, none);
    out += call_line("istty", 0, ENOTTY) + call_line("close", 0, ENOTTY);
    out += call_line("open r", 1, ENOTTY) + call_line("write to read-only", 1, ENOTTY);
    out += call_line("close", 0, ENOTTY) + call_line("open w truncates", 1, ENOTTY);
    out += call_line("flen", 0, ENOTTY) + call_line("read from write-only", 4, ENOTTY);
    out += call_line("write 5", 0, ENOTTY) + call_line("close", 0, ENOTTY);
    // Mode "a" neither truncates nor appends (QEMU opens it without O_APPEND): "ab" lands on
    // "12"; "a+" reads from the start and writes where it stopped reading.
    out += call_line("open a", 1, ENOTTY) + call_line("flen", 5, ENOTTY);
    out += call_line("write 2", 0, ENOTTY) + call_line("close", 0, ENOTTY);
    out += call_line("open a+", 1, ENOTTY) + call_line("read 3", 0, ENOTTY);
    out += call_line("write 1", 0, ENOTTY) + call_line("seek 0", 0, ENOTTY);
    out += call_line("read 16", 11, ENOTTY) + "contents: ab3c5\n";
    out += call_line("close", 0, ENOTTY) + call_line("open missing r+", -1, ENOENT);
    out += call_line("open missing a", 1, ENOENT) + call_line("close", 0, ENOENT);
    return {out, {{"f.bin", "ab3c5"}, {"new-by-a.bin", ""}}};
}

ScenarioExpectation expected_errors() {
    std::string out;
    out += call_line("open mode 12", -1, EINVAL) + call_line("open missing", -1, ENOENT);
    out += call_line("open in missing directory", -1, ENOENT);
    out += call_line("open directory for writing", -1, EISDIR);
    out += call_line("open directory for reading", 1, EISDIR);
    out += call_line("  read", 8, EISDIR) + call_line("  close", 0, EISDIR);
    // The length must be the name's: the byte at name + length must be its terminating zero.
    out += call_line("open with a length short of the name", -1, EINVAL);
    out += call_line("open with a length past the name", -1, EINVAL);
    out += call_line("open a name with a zero inside", 1, EINVAL);
    out += call_line("  close (errno kept from the last failure)", 0, EINVAL);
    out += call_line("remove missing", -1, ENOENT);
    out += call_line("remove with a wrong length", -1, EINVAL) + call_line("remove", 0, EINVAL);
    out += call_line("rename missing", -1, ENOENT);
    out += call_line("get_cmdline into 4 bytes", -1, E2BIG);
    out += call_line("iserror -1", 1, E2BIG) + call_line("iserror 0", 0, E2BIG);
    out += call_line("iserror 2147483647", 0, E2BIG);
    out += call_line("iserror -2147483648", 1, E2BIG);
    return {out, {}};
}

// Run with stdin from /dev/null and stdout in a pipe (testutil::run_process): no terminal,
// a console of size 0 that cannot seek.
ScenarioExpectation expected_console() {
    std::string out;
    out += call_line("open :tt r", 1, 0) + call_line("open :tt w", 2, 0);
    out += call_line("open :tt a", 3, 0) + "console line\n";
    out += call_line("write to :tt w", 0, 0) + call_line("write to :tt a", 0, 0);
    out += call_line("read from :tt r", 4, 0) + call_line("istty :tt r", 0, ENOTTY);
    out += call_line("istty :tt w", 0, ENOTTY) + call_line("flen :tt w", 0, ENOTTY);
    out += call_line("seek :tt w", -1, ESPIPE) + call_line("close :tt w", 0, ESPIPE);
    out += call_line("close :tt w again", -1, EBADF);
    out += call_line("write to the closed :tt w", 5, EBADF);
    out += call_line("close :tt r", 0, EBADF) + call_line("close :tt a", 0, EBADF);
    out += call_line("open :tt w again", 1, EBADF) + "still the console\n";
    out += call_line("write", 0, EBADF);
    out += "!\nwritec -> 0xdeadbeef\nwrite0 text\nwrite0 -> 0xdeadbeef\n";
    return {out, {}};
}

ScenarioExpectation expected_features() {
    std::string out;
    out += call_line("open for writing", -1, EACCES) + call_line("open rb", 1, EACCES);
    out += call_line("flen", 5, EACCES) + call_line("istty", 0, ENOTTY);
    out += call_line("read 8", 3, ENOTTY) + "bytes: SHFB 0x03\n";
    out += call_line("read at end", 1, ENOTTY) + call_line("seek 6", -1, EINVAL);
    out += call_line("seek 4", 0, EINVAL) + call_line("read 1", 0, EINVAL);
    out += call_line("write", 1, EINVAL) + call_line("close", 0, EINVAL);
    return {out, {}};
}

ScenarioExpectation expected_time() {
    return {"tickfreq: 1000000000\n"
            "elapsed: result 0, advances 1\n"
            "clock: not negative 1, not decreasing 1\n"
            "time: after 2023 1\n" +
                call_line("tmpnam 7", 0, 0) + call_line("tmpnam 8", 0, 0) +
                "tmpnam: in /tmp 1, ends in the id 1, names differ only there 1\n" +
                call_line("tmpnam into a short buffer", -1, 0),
            {}};
}

ScenarioExpectation expected_semihost_calls(const std::string& scenario) {
    if (scenario == "handles") return expected_handles();
    if (scenario == "after-close") return expected_after_close();
    if (scenario == "files") return expected_files();
    if (scenario == "errors") return expected_errors();
    if (scenario == "console") return expected_console();
    if (scenario == "features") return expected_features();
    if (scenario == "time") return expected_time();
    throw std::invalid_argument("no expectation for fw_semihost_calls " + scenario);
}

const std::vector<std::string> kSemihostCallScenarios = {
    "handles", "after-close", "files", "errors", "console", "features", "time"};

// ---------------------------------------------------------------------------------------
// Each program on each platform

class FirmwareTest : public ::testing::TestWithParam<Platform> {
  protected:
    void SetUp() override {
        const std::string reason = why_unavailable(GetParam());
        if (!reason.empty()) GTEST_SKIP() << reason;
    }

    ProcessResult run(const FirmwareRun& firmware) {
        EXPECT_TRUE(fs::exists(elf_path(firmware.program)))
            << elf_path(firmware.program) << " was not built";
        ProcessResult result = run_firmware(GetParam(), firmware);
        EXPECT_FALSE(result.timed_out) << testutil::describe(result);
        return result;
    }

    // Runs the program and requires exit code 0 and exactly the expected stdout.
    void expect_output(const FirmwareRun& firmware, const std::string& expected_stdout) {
        ProcessResult result = run(firmware);
        EXPECT_EQ(result.exit_code, 0) << testutil::describe(result);
        EXPECT_EQ(result.out, expected_stdout) << "stderr: " << result.err;
    }
};

TEST(FirmwareExpectations, HostComputesKnownValues) {
    // Guards the host-side computations the other tests compare against.
    EXPECT_EQ(format("%d", INT_MIN), "-2147483648");
    EXPECT_EQ(fnv1a(""), 0x811c9dc5u);
    EXPECT_EQ(fnv1a("a"), 0xe40c292cu);
    EXPECT_EQ(fnv1a("foobar"), 0xbf9cf968u);
    EXPECT_EQ(format("%.17g", sqrt_two()), "1.4142135623730951");
    EXPECT_EQ(format("%.17g", one_third()), "0.33333333333333331");
}

TEST_P(FirmwareTest, PrintfIntegers) {
    const std::string expected = expected_printf_output();
    EXPECT_NE(expected.find("\n-2147483648\n"), std::string::npos);
    EXPECT_NE(expected.find("\n-9223372036854775808\n"), std::string::npos);
    EXPECT_NE(expected.find("\ndeadbeef\n"), std::string::npos);
    expect_output({"fw_printf", {}, ""}, expected);
}

TEST_P(FirmwareTest, Int64ArithmeticAndRv32mEdgeCases) {
    expect_output({"fw_int64", {}, ""}, expected_int64_output());
}

TEST_P(FirmwareTest, SoftFloatPrintf) {
    const std::string expected = expected_float_output();
    EXPECT_NE(expected.find("sqrt(2): 3ff6a09e667f3bcd 1.41421\n"), std::string::npos);
    EXPECT_NE(expected.find("1/3: 3fd5555555555555 0.333333\n"), std::string::npos);
    EXPECT_NE(expected.find("\ninf\n-0.000000\nnan\n"), std::string::npos);
    expect_output({"fw_float", {}, ""}, expected);
}

TEST_P(FirmwareTest, Qsort) { expect_output({"fw_qsort", {}, ""}, expected_qsort_output()); }

TEST_P(FirmwareTest, TrapsHandledAndResumed) {
    expect_output({"fw_traps", {}, ""}, kExpectedTrapOutput);
}

// Triggers fire before the access (a store that fires does not happen), mepc is the
// instruction, mtval the data address or 0 (the ISA allows both: cimvp gives the address, or
// the pc for an execute trigger; QEMU 7.2 gives 0).
TEST_P(FirmwareTest, DebugTriggersGiveBreakpointExceptions) {
    expect_output({"fw_triggers", {}, ""},
                  "tinfo has type 2: yes, tdata1 type 2\n"
                  "a second trigger: yes\n"
                  "tdata1 reads back: yes\n"
                  "store to the watched word: traps 1, mcause 3, mepc at the access, mtval valid\n"
                  "watched is still 11\n"
                  "a load of it does not trap: traps 1, value 11\n"
                  "a store elsewhere does not trap: traps 1, other 33\n"
                  "load of the other word: traps 2, mcause 3, mepc at the access, mtval valid\n"
                  "the load did not happen: yes\n"
                  "store to the watched word again: traps 3, mcause 3, mepc at the access, mtval "
                  "valid\n"
                  "disarmed: traps 3, watched 7\n"
                  "execute at the store: traps 4, mcause 3, mepc at the access, mtval valid\n"
                  "other is still 1\n"
                  "done\n");
}

TEST_P(FirmwareTest, TimerInterruptAfterWfi) {
    expect_output({"fw_timer", {}, ""}, kExpectedTimerOutput);
}

TEST_P(FirmwareTest, SemihostingFileIoWithAbsolutePaths) {
    TemporaryDirectory directory;
    const fs::path input = directory.path() / "input.bin";
    const fs::path output = directory.path() / "output.txt";
    write_file_io_input(input);
    expect_output({"fw_file_io", {input.string(), output.string()}, ""}, expected_file_io_output());
    EXPECT_EQ(read_file(output), FILE_IO_WRITTEN_TEXT);
}

TEST_P(FirmwareTest, SemihostingFileIoRelativeToWorkingDirectory) {
    TemporaryDirectory directory;
    write_file_io_input(directory.path() / "input.bin");
    expect_output({"fw_file_io", {"input.bin", "output.txt"}, directory.path().string()},
                  expected_file_io_output());
    EXPECT_EQ(read_file(directory.path() / "output.txt"), FILE_IO_WRITTEN_TEXT);
}

TEST_P(FirmwareTest, ExitCodeFromMainAndExit) {
    for (int code : {0, 1, 42, 255}) {
        for (const char* how : {"return", "exit"}) {
            SCOPED_TRACE(format("code %d by %s", code, how));
            ProcessResult result = run({"fw_exit", {std::to_string(code), how}, ""});
            EXPECT_EQ(result.exit_code, code) << testutil::describe(result);
            EXPECT_EQ(result.out, format("leaving with %d by %s", code, how));
        }
    }
}

TEST_P(FirmwareTest, StartupAndArguments) {
    expect_output({"fw_startup", {"alpha", "beta-2", "3"}, ""},
                  "data: ok\nbss: ok\nconstructor: ran\nheap: ok\nfirmware arguments: 3\n"
                  "argument 0: <alpha>\nargument 1: <beta-2>\nargument 2: <3>\ndone\n");
    expect_output({"fw_startup", {}, ""}, "data: ok\nbss: ok\nconstructor: ran\nheap: ok\n"
                                          "firmware arguments: 0\ndone\n");
}

TEST_P(FirmwareTest, DefaultTrapHandlerReportsAndExitsWithOne) {
    ProcessResult result = run({"fw_default_trap", {}, ""});
    EXPECT_EQ(result.exit_code, 1) << testutil::describe(result);
    EXPECT_EQ(result.out.rfind("before the fault\nRISCV fault\n", 0), 0u) << result.out;
    EXPECT_NE(result.out.find("\tmcause:   0x00000002\n"), std::string::npos) << result.out;
    EXPECT_EQ(result.out.find("after the fault"), std::string::npos) << result.out;
}

TEST_P(FirmwareTest, UnhandledTrapInRuntimeReportsAndExitsWithOne) {
    ProcessResult result = run({"fw_unhandled_trap", {}, ""});
    EXPECT_EQ(result.exit_code, 1) << testutil::describe(result);
    EXPECT_EQ(result.out.rfind("before the trap\nunhandled trap: illegal instruction "
                               "(mcause=0x00000002) mepc=0x8",
                               0),
              0u)
        << result.out;
    EXPECT_EQ(result.out.find("after the trap"), std::string::npos) << result.out;
}

TEST_P(FirmwareTest, UartOutputGoesToStdout) {
    expect_output({"fw_uart", {}, ""}, "uart: hello\n");
}

TEST_P(FirmwareTest, TestFinisherSetsExitCode) {
    for (int code : {0, 5}) {
        SCOPED_TRACE(format("code %d", code));
        ProcessResult result = run({"fw_finisher", {std::to_string(code)}, ""});
        EXPECT_EQ(result.exit_code, code) << testutil::describe(result);
        EXPECT_EQ(result.out, format("finishing with %d\n", code));
    }
}

TEST_P(FirmwareTest, StderrThroughTtOpenedForAppending) {
    // picolibc 1.8's stderr is its stdout; ":tt" opened for appending is the real stderr.
    ProcessResult result = run({"fw_stdout_stderr", {}, ""});
    EXPECT_EQ(result.exit_code, 0) << testutil::describe(result);
    EXPECT_EQ(result.out, "first stdout line\nstderr through picolibc\nsecond stdout line\n");
    EXPECT_NE(result.err.find("stderr through :tt opened for appending\n"), std::string::npos)
        << result.err;
}

INSTANTIATE_TEST_SUITE_P(OnPlatform, FirmwareTest,
                         ::testing::Values(Platform::Cimvp, Platform::Qemu),
                         [](const auto& info) { return platform_name(info.param); });

// ---------------------------------------------------------------------------------------
// Semihosting scenarios on each platform: fw_file_ops (stdio) and fw_semihost_calls (raw
// calls), each run in a fresh working directory, checked against the expected output and the
// exact set of files left behind.

struct Scenario {
    Platform platform;
    std::string program;
    std::string scenario;
};

void PrintTo(const Scenario& scenario, std::ostream* out) {
    *out << platform_name(scenario.platform) << " " << scenario.program << " " << scenario.scenario;
}

std::string test_name(std::string text) {
    for (char& c : text) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return text;
}

ScenarioExpectation expected_scenario(const std::string& program, const std::string& scenario) {
    return program == "fw_file_ops" ? expected_file_ops(scenario)
                                    : expected_semihost_calls(scenario);
}

std::vector<Scenario> semihosting_scenarios() {
    std::vector<Scenario> scenarios;
    for (Platform platform : {Platform::Cimvp, Platform::Qemu}) {
        for (const std::string& name : kFileOpsScenarios) {
            scenarios.push_back({platform, "fw_file_ops", name});
        }
        for (const std::string& name : kSemihostCallScenarios) {
            scenarios.push_back({platform, "fw_semihost_calls", name});
        }
    }
    return scenarios;
}

class SemihostingScenario : public ::testing::TestWithParam<Scenario> {};

TEST_P(SemihostingScenario, OutputAndFiles) {
    const Scenario& scenario = GetParam();
    const std::string reason = why_unavailable(scenario.platform);
    if (!reason.empty()) GTEST_SKIP() << reason;
    const ScenarioExpectation expected = expected_scenario(scenario.program, scenario.scenario);
    TemporaryDirectory directory;
    ProcessResult result = run_firmware(
        scenario.platform, {scenario.program, {scenario.scenario}, directory.path().string()});
    ASSERT_FALSE(result.timed_out) << testutil::describe(result);
    EXPECT_EQ(result.exit_code, 0) << testutil::describe(result);
    EXPECT_EQ(result.out, expected.out) << "stderr: " << result.err;
    expect_same_files(snapshot(directory.path()), expected.files, platform_name(scenario.platform),
                      "expected");
}

TEST(SemihostingScenarioExpectations, IssueEightReportedValues) {
    // Issue 8's report: QEMU prints "byte 172, got 1, size 1000" for this scenario.
    EXPECT_NE(expected_file_ops("reopen").out.find("byte 172, got 1, size 1000\n"),
              std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(OnPlatform, SemihostingScenario,
                         ::testing::ValuesIn(semihosting_scenarios()), [](const auto& info) {
                             const Scenario& s = info.param;
                             return platform_name(s.platform) + "_" + test_name(s.program) + "_" +
                                    test_name(s.scenario);
                         });

// ---------------------------------------------------------------------------------------
// cimvp against QEMU: same stdout, same exit code

struct DifferentialCase {
    std::string name;
    FirmwareRun run; // "{dir}" in an argument stands for the run's directory (see below)
};

std::string camel_case(const std::string& text) {
    std::string name;
    bool upper = true;
    for (char c : text) {
        if (!std::isalnum(static_cast<unsigned char>(c))) {
            upper = true;
        } else {
            name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
            upper = false;
        }
    }
    return name;
}

std::vector<DifferentialCase> differential_cases() {
    std::vector<DifferentialCase> cases = {
        {"Printf", {"fw_printf", {}, ""}},
        {"Int64", {"fw_int64", {}, ""}},
        {"Float", {"fw_float", {}, ""}},
        {"Qsort", {"fw_qsort", {}, ""}},
        {"Traps", {"fw_traps", {}, ""}},
        {"Triggers", {"fw_triggers", {}, ""}},
        {"Timer", {"fw_timer", {}, ""}},
        {"FileIo", {"fw_file_io", {"{dir}/input.bin", "{dir}/output.txt"}, ""}},
        {"Startup", {"fw_startup", {"one", "two"}, ""}},
        {"DefaultTrapHandler", {"fw_default_trap", {}, ""}},
        {"Uart", {"fw_uart", {}, ""}},
        {"StdoutStderr", {"fw_stdout_stderr", {}, ""}},
        {"UnhandledTrap", {"fw_unhandled_trap", {}, ""}},
        {"Finisher0", {"fw_finisher", {"0"}, ""}},
        {"Finisher5", {"fw_finisher", {"5"}, ""}},
    };
#ifdef BENCH_MIPS_LOOP_ELF
    cases.push_back({"BenchMipsLoop", {BENCH_MIPS_LOOP_ELF, {"100"}, ""}});
#endif
    for (int code : {0, 1, 42, 255}) {
        for (const char* how : {"return", "exit"}) {
            cases.push_back(
                {format("Exit%dBy%s", code, how), {"fw_exit", {std::to_string(code), how}, ""}});
        }
    }
    for (const std::string& scenario : kFileOpsScenarios) {
        cases.push_back({"FileOps" + camel_case(scenario), {"fw_file_ops", {scenario}, ""}});
    }
    for (const std::string& scenario : kSemihostCallScenarios) {
        cases.push_back(
            {"SemihostCalls" + camel_case(scenario), {"fw_semihost_calls", {scenario}, ""}});
    }
    return cases;
}

void PrintTo(const DifferentialCase& differential_case, std::ostream* out) {
    *out << differential_case.name;
}

class Differential : public ::testing::TestWithParam<DifferentialCase> {};

// The firmware's outcome on one platform, run in a fresh working directory that starts with
// input.bin (file_io_input()); "{dir}" in an argument stands for that directory.
struct Outcome {
    ProcessResult result;
    DirectorySnapshot files; // the directory afterwards, input.bin included
};

Outcome run_in_fresh_directory(Platform platform, FirmwareRun run) {
    TemporaryDirectory directory;
    write_file_io_input(directory.path() / "input.bin");
    for (std::string& arg : run.args) {
        if (arg.rfind("{dir}", 0) == 0) arg = directory.path().string() + arg.substr(5);
    }
    run.cwd = directory.path().string();
    Outcome outcome{run_firmware(platform, run), snapshot(directory.path())};
    return outcome;
}

// What the firmware produced must be the same: its stdout (QEMU's semihosting console goes
// to stdout too, see command_line()), its exit code and the files it left behind. Each
// platform runs in its own directory, so the runs cannot see each other's files.
TEST_P(Differential, SameOutputExitCodeAndFilesAsQemu) {
    for (Platform platform : {Platform::Cimvp, Platform::Qemu}) {
        const std::string reason = why_unavailable(platform);
        if (!reason.empty()) GTEST_SKIP() << reason;
    }
    const FirmwareRun& run = GetParam().run;
    const Outcome qemu = run_in_fresh_directory(Platform::Qemu, run);
    const Outcome cimvp = run_in_fresh_directory(Platform::Cimvp, run);
    ASSERT_FALSE(qemu.result.timed_out) << testutil::describe(qemu.result);
    ASSERT_FALSE(cimvp.result.timed_out) << testutil::describe(cimvp.result);
    EXPECT_EQ(cimvp.result.out, qemu.result.out) << "cimvp stderr: " << cimvp.result.err;
    EXPECT_EQ(cimvp.result.exit_code, qemu.result.exit_code)
        << "cimvp stderr: " << cimvp.result.err;
    expect_same_files(cimvp.files, qemu.files, "cimvp", "QEMU");
}

INSTANTIATE_TEST_SUITE_P(CimvpVsQemu, Differential, ::testing::ValuesIn(differential_cases()),
                         [](const auto& info) { return info.param.name; });

} // namespace
