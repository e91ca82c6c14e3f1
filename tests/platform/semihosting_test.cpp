// The semihosting host layer (platform/semihosting.h) called directly, with parameter blocks
// built in a RAM array: host files opened, written without buffering and closed at SYS_CLOSE;
// handle numbering; the return values and errno of failing calls (QEMU 7.2's, see
// docs/platform/semihosting.md); time in simulated nanoseconds. tests/firmware runs the same
// calls from real firmware against QEMU.
#include "platform/semihosting.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using cimvp::Semihosting;

// clang-format off
enum : uint32_t {
    SYS_OPEN = 0x01, SYS_CLOSE = 0x02, SYS_WRITEC = 0x03, SYS_WRITE0 = 0x04, SYS_WRITE = 0x05,
    SYS_READ = 0x06, SYS_READC = 0x07, SYS_ISERROR = 0x08, SYS_ISTTY = 0x09, SYS_SEEK = 0x0a,
    SYS_FLEN = 0x0c, SYS_TMPNAM = 0x0d, SYS_REMOVE = 0x0e, SYS_RENAME = 0x0f, SYS_CLOCK = 0x10,
    SYS_SYSTEM = 0x12, SYS_ERRNO = 0x13, SYS_GET_CMDLINE = 0x15, SYS_ELAPSED = 0x30,
    SYS_TICKFREQ = 0x31,
};
enum : uint32_t { MODE_R = 0, MODE_R_PLUS = 2, MODE_W = 4, MODE_A = 8, MODE_A_PLUS = 10 };
// clang-format on
constexpr uint32_t kFailed = ~0u;
constexpr uint32_t kRamBase = 0x80000000, kRamSize = 64 * 1024;

std::string read_host_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_host_file(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// Everything written to a temporary stream so far.
std::string stream_contents(FILE* stream) {
    std::fflush(stream);
    std::rewind(stream);
    std::string text;
    for (int c; (c = std::fgetc(stream)) != EOF;) text += static_cast<char>(c);
    return text;
}

bool descriptor_is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1 || errno != EBADF; }

class SemihostingTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "cimvp-semihosting-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        Semihosting::Hooks hooks;
        hooks.exit = [this](int code) { exit_codes_.push_back(code); };
        hooks.elapsed_ticks = [this] { return ticks_; };
        hooks.tick_hz = 100000000; // 100 MHz: one tick is 10 ns
        sh_ = std::make_unique<Semihosting>(iss::DmiWindow{ram_.data(), kRamBase, kRamSize},
                                            "fw.elf one two", hooks);
        sh_->set_streams(in_, out_, err_);
    }
    void TearDown() override {
        sh_.reset();
        for (FILE* f : {in_, out_, err_}) std::fclose(f);
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    // Guest data, placed one after the other in RAM.
    uint32_t put(const void* data, size_t size) {
        const uint32_t addr = next_;
        std::memcpy(ram_.data() + (addr - kRamBase), data, size);
        next_ += static_cast<uint32_t>((size + 3) & ~size_t{3});
        return addr;
    }
    uint32_t put_string(const std::string& text) { return put(text.c_str(), text.size() + 1); }
    uint32_t block(std::initializer_list<uint32_t> words) {
        return put(words.begin(), words.size() * sizeof(uint32_t));
    }
    uint32_t word_at(uint32_t addr) const {
        uint32_t word;
        std::memcpy(&word, ram_.data() + (addr - kRamBase), 4);
        return word;
    }
    std::string string_at(uint32_t addr) const {
        return reinterpret_cast<const char*>(ram_.data() + (addr - kRamBase));
    }

    uint32_t call(uint32_t op, uint32_t arg) { return sh_->call(op, arg); }
    int error() { return static_cast<int>(call(SYS_ERRNO, 0)); }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    uint32_t open(const std::string& name, uint32_t mode) {
        return call(SYS_OPEN, block({put_string(name), mode, uint32_t(name.size())}));
    }
    uint32_t on_handle(uint32_t op, uint32_t handle) { return call(op, block({handle})); }
    uint32_t close(uint32_t handle) { return on_handle(SYS_CLOSE, handle); }
    uint32_t write(uint32_t handle, const std::string& text) {
        return call(SYS_WRITE,
                    block({handle, put(text.data(), text.size()), uint32_t(text.size())}));
    }
    // Reads up to `size` bytes; returns the bytes not read and leaves what was read in `text`.
    uint32_t read(uint32_t handle, uint32_t size, std::string& text) {
        std::vector<char> zeros(size + 1, '\0');
        const uint32_t buffer = put(zeros.data(), zeros.size());
        const uint32_t not_read = call(SYS_READ, block({handle, buffer, size}));
        text.assign(reinterpret_cast<const char*>(ram_.data() + (buffer - kRamBase)),
                    not_read <= size ? size - not_read : 0);
        return not_read;
    }
    uint32_t seek(uint32_t handle, uint32_t position) {
        return call(SYS_SEEK, block({handle, position}));
    }
    // Makes the next failure visible: sets errno to ENOENT with a failing open.
    void set_errno_enoent() { ASSERT_EQ(open(path("no-such-file"), MODE_R), kFailed); }

    std::vector<uint8_t> ram_ = std::vector<uint8_t>(kRamSize);
    uint32_t next_ = kRamBase;
    uint64_t ticks_ = 0;
    std::vector<int> exit_codes_;
    FILE* in_ = std::tmpfile();
    FILE* out_ = std::tmpfile();
    FILE* err_ = std::tmpfile();
    fs::path dir_;
    std::unique_ptr<Semihosting> sh_;
};

TEST_F(SemihostingTest, WrittenDataIsInTheFileAtOnceAndCloseReleasesTheHostFile) {
    const uint32_t handle = open(path("out.bin"), MODE_W);
    ASSERT_NE(handle, kFailed);
    const int fd = sh_->host_fd(handle);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(write(handle, "hello"), 0u);
    EXPECT_EQ(read_host_file(path("out.bin")), "hello") << "not written through before close";
    EXPECT_EQ(close(handle), 0u);
    EXPECT_FALSE(descriptor_is_open(fd)) << "SYS_CLOSE left the host file open";
    EXPECT_EQ(sh_->host_fd(handle), -1);
}

TEST_F(SemihostingTest, DestructorClosesFilesLeftOpen) {
    const int fd = sh_->host_fd(open(path("left-open.bin"), MODE_W));
    ASSERT_GE(fd, 0);
    sh_.reset();
    EXPECT_FALSE(descriptor_is_open(fd));
}

TEST_F(SemihostingTest, HandlesStartAtOneAndTheLowestFreeIsReused) {
    EXPECT_EQ(open(path("a"), MODE_W), 1u);
    EXPECT_EQ(open(path("b"), MODE_W), 2u);
    EXPECT_EQ(open(":tt", MODE_W), 3u); // the console and the features file count too
    EXPECT_EQ(open(":semihosting-features", MODE_R), 4u);
    EXPECT_EQ(close(2), 0u);
    EXPECT_EQ(close(1), 0u);
    EXPECT_EQ(open(path("c"), MODE_W), 1u);
    EXPECT_EQ(open(path("d"), MODE_W), 2u);
    EXPECT_EQ(open(path("e"), MODE_W), 5u);
}

TEST_F(SemihostingTest, ClosedAndBogusHandlesFailWithEbadf) {
    const uint32_t closed = open(path("x"), MODE_W);
    ASSERT_EQ(close(closed), 0u);
    for (uint32_t handle : {closed, 0u, 99u, 0x7fffffffu, 0xffffffffu}) {
        SCOPED_TRACE(handle);
        for (uint32_t op : {SYS_CLOSE, SYS_FLEN, SYS_ISTTY}) {
            set_errno_enoent();
            EXPECT_EQ(on_handle(op, handle), kFailed) << "op " << op;
            EXPECT_EQ(error(), EBADF) << "op " << op;
        }
        set_errno_enoent();
        EXPECT_EQ(seek(handle, 0), kFailed);
        EXPECT_EQ(error(), EBADF);
        // SYS_WRITE/SYS_READ: nothing transferred, errno unchanged (QEMU's behaviour).
        set_errno_enoent();
        std::string text;
        EXPECT_EQ(write(handle, "abc"), 3u);
        EXPECT_EQ(read(handle, 4, text), 4u);
        EXPECT_EQ(error(), ENOENT);
    }
    EXPECT_EQ(read_host_file(path("x")), "");
}

TEST_F(SemihostingTest, MemoryOutsideRamFails) {
    EXPECT_EQ(call(SYS_OPEN, 0x1000), kFailed);
    EXPECT_EQ(error(), EFAULT);
    EXPECT_EQ(call(SYS_OPEN, kRamBase + kRamSize - 4), kFailed) << "block runs past RAM";
    EXPECT_EQ(error(), EFAULT);
    const uint32_t handle = open(path("f"), MODE_W);
    set_errno_enoent();
    EXPECT_EQ(call(SYS_WRITE, block({handle, 0x1000, 5})), 5u);
    EXPECT_EQ(call(SYS_WRITE, block({handle, kRamBase + kRamSize - 2, 5})), 5u);
    EXPECT_EQ(error(), ENOENT);
    EXPECT_EQ(call(SYS_WRITE, block({handle, 0x1000, 0})), 0u) << "nothing to write";
    EXPECT_EQ(read_host_file(path("f")), "");
}

TEST_F(SemihostingTest, ReadWriteSeekAndFlenOnAHostFile) {
    const uint32_t handle = open(path("f"), MODE_W + 2); // "w+"
    EXPECT_EQ(write(handle, "0123456789"), 0u);
    EXPECT_EQ(on_handle(SYS_FLEN, handle), 10u);
    EXPECT_EQ(seek(handle, 4), 0u) << "SYS_SEEK returns 0, not the position";
    std::string text;
    EXPECT_EQ(read(handle, 3, text), 0u);
    EXPECT_EQ(text, "456");
    EXPECT_EQ(read(handle, 16, text), 13u) << "3 of 16 bytes left";
    EXPECT_EQ(text, "789");
    EXPECT_EQ(read(handle, 4, text), 4u) << "at the end";
    EXPECT_EQ(seek(handle, 20), 0u) << "past the end is allowed";
    EXPECT_EQ(write(handle, "Z"), 0u);
    EXPECT_EQ(on_handle(SYS_FLEN, handle), 21u);
    EXPECT_EQ(read_host_file(path("f")), std::string("0123456789") + std::string(10, '\0') + "Z");
    set_errno_enoent();
    EXPECT_EQ(on_handle(SYS_ISTTY, handle), 0u);
    EXPECT_EQ(error(), ENOTTY);
}

TEST_F(SemihostingTest, OpenModesAreQemus) {
    write_host_file(path("f"), "12345");
    uint32_t handle = open(path("f"), MODE_A);
    EXPECT_EQ(on_handle(SYS_FLEN, handle), 5u) << "\"a\" does not truncate";
    EXPECT_EQ(write(handle, "ab"), 0u);
    close(handle);
    EXPECT_EQ(read_host_file(path("f")), "ab345") << "\"a\" writes at the position, as QEMU";
    handle = open(path("f"), MODE_A_PLUS);
    std::string text;
    EXPECT_EQ(read(handle, 3, text), 0u);
    EXPECT_EQ(write(handle, "c"), 0u);
    close(handle);
    EXPECT_EQ(read_host_file(path("f")), "ab3c5");

    handle = open(path("f"), MODE_R);
    EXPECT_EQ(write(handle, "x"), 1u) << "read-only";
    close(handle);
    handle = open(path("f"), MODE_W);
    EXPECT_EQ(on_handle(SYS_FLEN, handle), 0u) << "\"w\" truncates";
    EXPECT_EQ(read(handle, 2, text), 2u) << "write-only";
    close(handle);

    EXPECT_EQ(open(path("missing"), MODE_R_PLUS), kFailed);
    EXPECT_EQ(error(), ENOENT);
    EXPECT_NE(open(path("created"), MODE_A_PLUS), kFailed) << "\"a+\" creates";
    struct stat st;
    ASSERT_EQ(::stat(path("created").c_str(), &st), 0);
    const mode_t mask = ::umask(0);
    ::umask(mask);
    EXPECT_EQ(st.st_mode & 0777, 0644 & ~mask);
    EXPECT_EQ(open(path("f"), 12), kFailed);
    EXPECT_EQ(error(), EINVAL);
    EXPECT_EQ(open(dir_.string(), MODE_W), kFailed);
    EXPECT_EQ(error(), EISDIR);
}

TEST_F(SemihostingTest, NameLengthMustEndAtTheTerminatingZero) {
    const std::string name = path("n");
    const uint32_t at = put_string(name + "X");
    EXPECT_EQ(call(SYS_OPEN, block({at, MODE_W, uint32_t(name.size())})), kFailed);
    EXPECT_EQ(error(), EINVAL) << "no zero after the name";
    EXPECT_EQ(call(SYS_OPEN, block({at, MODE_W, uint32_t(name.size() - 1)})), kFailed);
    EXPECT_EQ(error(), EINVAL);
    const uint32_t terminated = put_string(name);
    EXPECT_EQ(call(SYS_OPEN, block({terminated, MODE_W, 0xffffffffu})), 1u)
        << "length -1: the string is measured";
    EXPECT_EQ(call(SYS_REMOVE, block({terminated, uint32_t(name.size() - 1)})), kFailed);
    EXPECT_EQ(error(), EINVAL);
    EXPECT_EQ(call(SYS_REMOVE, block({terminated, uint32_t(name.size())})), 0u);
    EXPECT_FALSE(fs::exists(name));
}

TEST_F(SemihostingTest, RemoveAndRenameReportHostErrors) {
    write_host_file(path("a"), "alpha");
    const auto rename = [&](const std::string& from, const std::string& to) {
        return call(SYS_RENAME, block({put_string(from), uint32_t(from.size()), put_string(to),
                                       uint32_t(to.size())}));
    };
    EXPECT_EQ(rename(path("a"), path("b")), 0u);
    EXPECT_EQ(read_host_file(path("b")), "alpha");
    EXPECT_EQ(rename(path("a"), path("c")), kFailed);
    EXPECT_EQ(error(), ENOENT);
    const std::string b = path("b");
    EXPECT_EQ(call(SYS_REMOVE, block({put_string(b), uint32_t(b.size())})), 0u);
    EXPECT_EQ(call(SYS_REMOVE, block({put_string(b), uint32_t(b.size())})), kFailed);
    EXPECT_EQ(error(), ENOENT);
}

TEST_F(SemihostingTest, FeaturesFileIsReadOnlyShfbWithTwoFeatures) {
    EXPECT_EQ(open(":semihosting-features", MODE_W), kFailed);
    EXPECT_EQ(error(), EACCES);
    const uint32_t handle = open(":semihosting-features", MODE_R + 1);
    EXPECT_EQ(on_handle(SYS_FLEN, handle), 5u);
    std::string text;
    EXPECT_EQ(read(handle, 8, text), 3u);
    EXPECT_EQ(text, std::string("SHFB\x03", 5));
    EXPECT_EQ(seek(handle, 6), kFailed);
    EXPECT_EQ(error(), EINVAL);
    EXPECT_EQ(seek(handle, 4), 0u);
    EXPECT_EQ(read(handle, 1, text), 0u);
    EXPECT_EQ(text, "\x03");
    EXPECT_EQ(write(handle, "x"), 1u);
    EXPECT_EQ(on_handle(SYS_ISTTY, handle), 0u);
    EXPECT_EQ(error(), ENOTTY);
    EXPECT_EQ(close(handle), 0u);
}

TEST_F(SemihostingTest, ConsoleHandlesUseTheStreamsAndCloseLeavesThemOpen) {
    const uint32_t in = open(":tt", MODE_R), out = open(":tt", MODE_W), err = open(":tt", MODE_A);
    EXPECT_EQ(sh_->host_fd(out), -1) << "not a host file of its own";
    EXPECT_EQ(write(out, "to stdout\n"), 0u);
    EXPECT_EQ(write(err, "to stderr\n"), 0u);
    EXPECT_EQ(on_handle(SYS_FLEN, out), 10u) << "the size of what the stream holds";
    EXPECT_EQ(on_handle(SYS_ISTTY, out), 0u) << "a temporary file is no terminal";
    EXPECT_EQ(error(), ENOTTY);
    EXPECT_EQ(close(out), 0u);
    EXPECT_EQ(close(err), 0u);
    EXPECT_EQ(call(SYS_WRITE0, put_string("still open\n")), 0xdeadbeefu);
    EXPECT_EQ(stream_contents(out_), "to stdout\nstill open\n");
    EXPECT_EQ(stream_contents(err_), "to stderr\n");

    std::fputs("typed", in_);
    std::fflush(in_);
    std::rewind(in_);
    std::string text;
    EXPECT_EQ(read(in, 3, text), 0u);
    EXPECT_EQ(text, "typ");
    EXPECT_EQ(call(SYS_READC, 0), uint32_t('e'));
    EXPECT_EQ(call(SYS_READC, 0), uint32_t('d'));
    EXPECT_EQ(call(SYS_READC, 0), kFailed) << "end of input";
}

TEST_F(SemihostingTest, WritecAndWrite0ReturnQemusCorruptedValue) {
    EXPECT_EQ(call(SYS_WRITEC, put_string("!")), 0xdeadbeefu);
    EXPECT_EQ(call(SYS_WRITE0, put_string("text")), 0xdeadbeefu);
    ram_.back() = 'x'; // a string running to the end of RAM: nothing is written
    EXPECT_EQ(call(SYS_WRITE0, kRamBase + kRamSize - 1), 0xdeadbeefu);
    EXPECT_EQ(stream_contents(out_), "!text");
}

TEST_F(SemihostingTest, TimeIsSimulatedNanoseconds) {
    EXPECT_EQ(call(SYS_TICKFREQ, 0), 1000000000u);
    ticks_ = 12345; // 123,450 ns at 100 MHz
    const uint32_t words = block({0, 0});
    EXPECT_EQ(call(SYS_ELAPSED, words), 0u);
    EXPECT_EQ(word_at(words), 123450u);
    EXPECT_EQ(word_at(words + 4), 0u);
    ticks_ = 300000000000ull; // 3,000 s = 3e12 ns: the high word is in use
    EXPECT_EQ(call(SYS_ELAPSED, words), 0u);
    const uint64_t ns = word_at(words) | uint64_t{word_at(words + 4)} << 32;
    EXPECT_EQ(ns, 3000000000000ull);
    EXPECT_EQ(call(SYS_CLOCK, 0), 300000u) << "centiseconds";
    EXPECT_EQ(call(SYS_ELAPSED, 0x1000), kFailed);
    EXPECT_EQ(error(), EFAULT);
}

TEST_F(SemihostingTest, TmpnamNamesTheProcessAndTheId) {
    char expected[64];
    std::snprintf(expected, sizeof expected, "/tmp/cimvp-%x2a", static_cast<unsigned>(getpid()));
    const uint32_t buffer = put(std::string(64, '\0').data(), 64);
    EXPECT_EQ(call(SYS_TMPNAM, block({buffer, 0x12a, 64})), 0u) << "the id's low byte";
    EXPECT_EQ(string_at(buffer), expected);
    set_errno_enoent();
    EXPECT_EQ(call(SYS_TMPNAM, block({buffer, 1, uint32_t(std::strlen(expected))})), kFailed);
    EXPECT_EQ(error(), ENOENT) << "no room for the zero: -1 without errno, as QEMU";
}

TEST_F(SemihostingTest, IserrorReadsTheStatusFromTheBlock) {
    EXPECT_EQ(call(SYS_ISERROR, block({0xffffffffu})), 1u);
    EXPECT_EQ(call(SYS_ISERROR, block({0x80000000u})), 1u);
    EXPECT_EQ(call(SYS_ISERROR, block({0})), 0u);
    EXPECT_EQ(call(SYS_ISERROR, block({0x7fffffffu})), 0u);
}

TEST_F(SemihostingTest, GetCmdlineNeedsRoomForTheZero) {
    const uint32_t buffer = put(std::string(32, '\0').data(), 32);
    EXPECT_EQ(call(SYS_GET_CMDLINE, block({buffer, 14})), kFailed);
    EXPECT_EQ(error(), E2BIG);
    const uint32_t args = block({buffer, 15});
    EXPECT_EQ(call(SYS_GET_CMDLINE, args), 0u);
    EXPECT_EQ(string_at(buffer), "fw.elf one two");
    EXPECT_EQ(word_at(args + 4), 14u);
}

TEST_F(SemihostingTest, ErrnoKeepsTheLastFailure) {
    set_errno_enoent();
    ASSERT_NE(open(path("ok"), MODE_W), kFailed);
    EXPECT_EQ(error(), ENOENT);
}

TEST_F(SemihostingTest, SystemIsRefusedAndUnknownOperationsStopTheFirmware) {
    EXPECT_EQ(call(SYS_SYSTEM, block({put_string("true"), 4})), kFailed);
    EXPECT_EQ(error(), ENOSYS);
    EXPECT_TRUE(exit_codes_.empty());
    call(0x42, 0x1234);
    EXPECT_EQ(exit_codes_, std::vector<int>{1});
    EXPECT_NE(stream_contents(err_).find("unsupported semihosting operation 0x42"),
              std::string::npos);
}

} // namespace
