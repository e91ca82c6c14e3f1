// cimvp --gdb from the outside: gdb-multiarch (skipped when absent) debugs
// firmware built for the test (fw_gdb.c) and hand-made programs, and checks
// what gdb prints: the breakpoint hit at the function nm names, registers
// the firmware set, memory, a variable write that changes the exit code, a
// single step of exactly one instruction, the exit code. A raw protocol
// client covers what batch-mode gdb cannot do: Ctrl-C while the firmware
// runs, bad checksums and malformed packets over the wire, a dropped
// connection. Bad input: a port in use is one error line and exit code 125.
#include "tests/common/elf_writer.h"
#include "tests/platform/iss/rv_encode.h"
#include "tests/common/subprocess.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

using testutil::ProcessResult;

namespace {

constexpr int kVpFailure = 125;
using Clock = std::chrono::steady_clock;

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A program running in the background, its stdout and stderr going to files,
// so a test can talk to it meanwhile.
class Background {
  public:
    Background(const std::vector<std::string>& argv, const std::string& dir)
        : out_path_(dir + "/out.txt"), err_path_(dir + "/err.txt") {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, out_path_.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        std::vector<char*> args;
        for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        if (posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0) pid_ = -1;
        posix_spawn_file_actions_destroy(&actions);
    }
    ~Background() {
        if (pid_ > 0) kill(pid_, SIGKILL), waitpid(pid_, nullptr, 0);
    }

    // The port of cimvp's "waiting for a connection on 127.0.0.1:PORT" line; 0 if
    // it does not come.
    unsigned wait_for_port(double timeout_s = 20) {
        const std::string line = "waiting for a connection on 127.0.0.1:";
        for (auto end = Clock::now() + seconds(timeout_s); Clock::now() < end;) {
            std::string text = err();
            size_t at = text.find(line);
            if (at != std::string::npos && text.find('\n', at) != std::string::npos)
                return unsigned(std::stoul(text.substr(at + line.size())));
            if (pid_ <= 0 || waitpid(pid_, &status_, WNOHANG) == pid_) return pid_ = -1, 0;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return 0;
    }
    // The exit code (128 + N for signal N); -1 if it has not ended in time
    // (it is killed then).
    int wait(double timeout_s = 60) {
        for (auto end = Clock::now() + seconds(timeout_s); pid_ > 0;) {
            if (waitpid(pid_, &status_, WNOHANG) == pid_) {
                pid_ = -1;
                break;
            }
            if (Clock::now() > end) return -1;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
    }
    std::string out() const { return read_file(out_path_); }
    std::string err() const { return read_file(err_path_); }

  private:
    static Clock::duration seconds(double s) {
        return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
    }
    std::string out_path_, err_path_;
    pid_t pid_ = -1;
    int status_ = 0;
};

// A minimal protocol client: frames, acks, timeouts.
class RawGdb {
  public:
    explicit RawGdb(unsigned port) {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    }
    ~RawGdb() { close(); }
    bool connected() const { return connected_; }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

    void send_bytes(const std::string& s) { (void)!::send(fd_, s.data(), s.size(), MSG_NOSIGNAL); }
    static std::string frame(const std::string& payload, int checksum = -1) {
        unsigned sum = 0;
        for (char c : payload) sum += static_cast<uint8_t>(c);
        char cs[3];
        std::snprintf(cs, sizeof cs, "%02x", checksum >= 0 ? unsigned(checksum) : sum & 0xff);
        return "$" + payload + "#" + cs;
    }
    // Sends a packet, checks the stub's ack, returns its reply.
    std::string request(const std::string& payload) {
        send_bytes(frame(payload));
        EXPECT_EQ(next_byte(), '+') << payload;
        return read_packet();
    }
    // The next packet's payload (acked); "<timeout>" if none comes.
    std::string read_packet(double timeout_s = 20) {
        char c;
        do
            if (!next_byte(c, timeout_s)) return "<timeout>";
        while (c != '$');
        std::string payload;
        while (next_byte(c, timeout_s) && c != '#') payload += c;
        char sum[2];
        next_byte(sum[0], timeout_s), next_byte(sum[1], timeout_s);
        send_bytes("+");
        return payload;
    }
    char next_byte(double timeout_s = 20) {
        char c = 0;
        return next_byte(c, timeout_s) ? c : '\0';
    }

  private:
    bool next_byte(char& c, double timeout_s) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, int(timeout_s * 1000)) != 1) return false;
        return ::recv(fd_, &c, 1, 0) == 1;
    }
    int fd_ = -1;
    bool connected_ = false;
};

// gdb-multiarch on a pseudo-terminal, as a user runs it: the way to send it Ctrl-C.
class InteractiveGdb {
  public:
    explicit InteractiveGdb(const std::vector<std::string>& argv) {
        std::vector<char*> args;
        for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        pid_ = forkpty(&fd_, nullptr, nullptr, nullptr);
        if (pid_ == 0) {
            execvp(args[0], args.data());
            _exit(127);
        }
    }
    ~InteractiveGdb() {
        if (pid_ > 0) kill(pid_, SIGKILL), waitpid(pid_, nullptr, 0);
        if (fd_ >= 0) close(fd_);
    }
    void type(const std::string& s) { (void)!write(fd_, s.data(), s.size()); }
    // Reads until `text` appears after what earlier calls consumed.
    bool wait_for(const std::string& text, double timeout_s = 30) {
        const auto end = Clock::now() + std::chrono::milliseconds(int(timeout_s * 1000));
        for (;;) {
            size_t at = output_.find(text, consumed_);
            if (at != std::string::npos) return consumed_ = at + text.size(), true;
            pollfd p{fd_, POLLIN, 0};
            if (Clock::now() > end || poll(&p, 1, 100) < 0) return false;
            char buf[4096];
            ssize_t n = p.revents ? read(fd_, buf, sizeof buf) : 0;
            if (n < 0) return false; // gdb is gone
            output_.append(buf, size_t(n));
        }
    }
    const std::string& output() const { return output_; }

  private:
    pid_t pid_ = -1;
    int fd_ = -1;
    std::string output_;
    size_t consumed_ = 0;
};

class GdbSession : public testing::Test {
  protected:
    std::string dir;
    void SetUp() override {
        char tmpl[] = "/tmp/cimvp-gdb-XXXXXX";
        dir = mkdtemp(tmpl);
    }
    void TearDown() override { std::system(("rm -rf " + dir).c_str()); }

    static bool have_gdb() { return std::string(GDB_MULTIARCH) != ""; }

    std::unique_ptr<Background> start_vp(std::vector<std::string> args) {
        args.insert(args.begin(), {CIMVP_PATH, "--gdb", "0"});
        return std::make_unique<Background>(args, dir);
    }
    // gdb-multiarch in batch mode: connects to `port`, runs `commands`, quits.
    static ProcessResult gdb(unsigned port, const std::vector<std::string>& commands,
                             const std::string& elf = FW_GDB) {
        std::vector<std::string> argv = {GDB_MULTIARCH,
                                         "-batch",
                                         "-nx",
                                         "-ex",
                                         "set architecture riscv:rv32",
                                         "-ex",
                                         "target remote :" + std::to_string(port)};
        for (const std::string& c : commands) argv.insert(argv.end(), {"-ex", c});
        if (!elf.empty()) argv.push_back(elf);
        return testutil::run_process(argv, 60);
    }
    // Symbol addresses from riscv64-unknown-elf-nm.
    static std::map<std::string, uint32_t> symbols(const std::string& elf) {
        std::map<std::string, uint32_t> table;
        std::istringstream lines(testutil::run_process({RISCV_NM, elf}, 30).out);
        std::string address, type, name;
        while (lines >> address >> type >> name)
            table[name] = uint32_t(std::stoul(address, nullptr, 16));
        return table;
    }
    // The values of `p/x` results ("$N = 0x..."), in order.
    static std::vector<uint32_t> printed_values(const std::string& out) {
        std::vector<uint32_t> values;
        std::istringstream lines(out);
        std::string line;
        while (std::getline(lines, line)) {
            size_t at = line.find(" = 0x");
            if (line.rfind("$", 0) == 0 && at != std::string::npos)
                values.push_back(uint32_t(std::stoul(line.substr(at + 5), nullptr, 16)));
        }
        return values;
    }
    std::string elf(const std::string& name, const testutil::ElfSpec& spec) {
        std::string p = dir + "/" + name;
        testutil::write_file(p, testutil::make_elf(spec));
        return p;
    }
    static int error_lines(const std::string& err) {
        int n = 0;
        for (size_t at = 0; (at = err.find("cimvp: error: ", at)) != std::string::npos; ++at) ++n;
        return n;
    }
};

#define REQUIRE_GDB()                                                                              \
    if (!have_gdb())                                                                               \
    GTEST_SKIP() << "gdb-multiarch is not installed (Debian package "                              \
                    "gdb-multiarch)"

TEST_F(GdbSession, BreakpointRegistersStepMemoryAndAVariableThatChangesTheExitCode) {
    REQUIRE_GDB();
    auto vp = start_vp({FW_GDB});
    unsigned port = vp->wait_for_port();
    ASSERT_NE(port, 0u) << vp->err();
    ProcessResult g =
        gdb(port, {"break scale", "continue", "info registers pc", "p/x $a0", "p/x $pc", "stepi",
                   "p/x $pc", "x/4wx &pattern", "set var exit_status = 42", "delete", "continue"});
    EXPECT_EQ(vp->wait(), 42) << vp->err() << g.out << g.err;
    EXPECT_NE(g.out.find("Breakpoint 1, scale ("), std::string::npos) << g.out;

    // Stopped at scale, or just past its prologue, as nm places it.
    const uint32_t scale = symbols(FW_GDB).at("scale");
    // info registers pc: "pc   0x80000300   0x80000300 <scale>" (or <scale+N>)
    const size_t line = g.out.find("\npc ");
    ASSERT_NE(line, std::string::npos) << g.out;
    const std::string pc_line = g.out.substr(line + 1, g.out.find('\n', line + 1) - line - 1);
    ASSERT_NE(pc_line.find("<scale"), std::string::npos) << pc_line;
    const uint32_t hit = uint32_t(std::stoul(pc_line.substr(pc_line.find("0x")), nullptr, 16));
    EXPECT_GE(hit, scale);
    EXPECT_LT(hit, scale + 16);

    std::vector<uint32_t> values = printed_values(g.out);
    ASSERT_EQ(values.size(), 3u) << g.out;
    EXPECT_EQ(values[0], 0x1000u) << "a0: scale's argument in the first call";
    EXPECT_EQ(values[1], hit);
    EXPECT_TRUE(values[2] == hit + 2 || values[2] == hit + 4) << "stepi: one instruction";

    EXPECT_NE(g.out.find("0x11111111\t0x22222222\t0x33333333\t0x44444444"), std::string::npos)
        << g.out;
    EXPECT_NE(g.out.find("exited with code 052"), std::string::npos) << g.out; // octal 42
    EXPECT_NE(vp->out().find("sum 61475 calls 5 pattern 44444444"), std::string::npos) << vp->out();
}

TEST_F(GdbSession, HardwareBreakpointHitsEveryCallThenDetachLetsTheFirmwareFinish) {
    REQUIRE_GDB();
    auto vp = start_vp({FW_GDB});
    unsigned port = vp->wait_for_port();
    ASSERT_NE(port, 0u) << vp->err();
    ProcessResult g = gdb(
        port, {"hbreak scale", "continue", "continue", "continue", "p/x x", "p calls", "detach"});
    EXPECT_EQ(vp->wait(), 7) << vp->err() << g.out << g.err;
    EXPECT_NE(g.out.find("Hardware assisted breakpoint 1 at"), std::string::npos) << g.out;
    size_t hits = 0;
    for (size_t at = 0; (at = g.out.find("Breakpoint 1, scale (", at)) != std::string::npos; ++at)
        ++hits;
    EXPECT_EQ(hits, 3u) << g.out;
    EXPECT_NE(g.out.find("$1 = 0x1002"), std::string::npos) << "the third call\n" << g.out;
    EXPECT_NE(g.out.find("$2 = 2"), std::string::npos) << g.out;
    EXPECT_NE(vp->out().find("calls 5"), std::string::npos) << "ran on without breakpoints\n"
                                                            << vp->out();
}

// watch, rwatch and awatch use the core's debug triggers (Z2, Z3, Z4): each stops where the
// firmware writes, reads or touches the variable, with gdb's own report of the values.
TEST_F(GdbSession, WatchRwatchAndAwatchStopAtTheAccesses) {
    REQUIRE_GDB();
    auto vp = start_vp({FW_GDB});
    unsigned port = vp->wait_for_port();
    ASSERT_NE(port, 0u) << vp->err();
    ProcessResult g =
        gdb(port, {"watch calls", "continue", "continue", "delete", "rwatch pattern[3]", "continue",
                   "delete", "awatch exit_status", "continue", "p/x $pc", "delete", "continue"});
    EXPECT_EQ(vp->wait(), 7) << vp->err() << g.out << g.err;
    EXPECT_NE(g.out.find("Hardware watchpoint 1: calls"), std::string::npos) << g.out;
    EXPECT_NE(g.out.find("Old value = 0\nNew value = 1\n"), std::string::npos) << g.out;
    EXPECT_NE(g.out.find("Old value = 1\nNew value = 2\n"), std::string::npos) << g.out;
    EXPECT_NE(g.out.find("Hardware read watchpoint 2: pattern[3]\n\nValue = 1145324612"),
              std::string::npos)
        << g.out; // 0x44444444, read by the printf
    EXPECT_NE(g.out.find("Hardware access (read/write) watchpoint 3: exit_status\n\nValue = 7"),
              std::string::npos)
        << g.out;
    EXPECT_NE(g.out.find("in main"), std::string::npos) << g.out;
    EXPECT_NE(vp->out().find("sum 61475 calls 5 pattern 44444444"), std::string::npos) << vp->out();
}

// Memory writes from gdb go through the bus's debug transport to the device: a byte written
// to the UART's transmit register is printed, an accelerator register keeps what gdb wrote.
TEST_F(GdbSession, WritesToDeviceRegistersReachTheDevice) {
    REQUIRE_GDB();
    auto vp = start_vp({FW_GDB});
    unsigned port = vp->wait_for_port();
    ASSERT_NE(port, 0u) << vp->err();
    ProcessResult g = gdb(port, {"set *(unsigned char*)0x10000000 = 90", // 'Z' to the UART
                                 "set *(unsigned char*)0x10000000 = 10", // '\n'
                                 "x/wx 0x60000000",                      // ID: "CIMX"
                                 "set *(unsigned int*)0x60000040 = 3",   // XBAR
                                 "p/x *(unsigned int*)0x60000040", "continue"});
    EXPECT_EQ(vp->wait(), 7) << vp->err() << g.out << g.err;
    EXPECT_EQ(vp->out().rfind("Z\n", 0), 0u) << "before the firmware's own output\n" << vp->out();
    EXPECT_NE(g.out.find("0x60000000:\t0x43494d58"), std::string::npos) << g.out;
    EXPECT_NE(g.out.find("$1 = 0x3"), std::string::npos) << g.out;
}

TEST_F(GdbSession, KillEndsTheRunWithOneErrorLine) {
    REQUIRE_GDB();
    auto vp = start_vp({FW_GDB});
    unsigned port = vp->wait_for_port();
    ASSERT_NE(port, 0u) << vp->err();
    ProcessResult g = gdb(port, {"break main", "continue", "kill"});
    EXPECT_EQ(vp->wait(), kVpFailure) << vp->err() << g.out << g.err;
    EXPECT_EQ(error_lines(vp->err()), 1) << vp->err();
    EXPECT_NE(vp->err().find("killed by the debugger at pc 0x"), std::string::npos) << vp->err();
    EXPECT_EQ(vp->out(), "");
}

// A hand-made program with known instruction lengths: addi (4 bytes), two
// c.li (2 bytes each), j . (4 bytes).
TEST_F(GdbSession, StepiRunsExactlyOneInstruction) {
    REQUIRE_GDB();
    using namespace enc;
    const uint32_t words[] = {addi(a0, zero, 5),
                              uint32_t(c_li(a1, 3)) | uint32_t(c_li(a2, 4)) << 16, jal(zero, 0)};
    std::string program = elf("steps.elf", {0x80000000, {words[0], words[1], words[2]}});
    auto vp = start_vp({program});
    unsigned port = vp->wait_for_port();
    ASSERT_NE(port, 0u) << vp->err();
    ProcessResult g =
        gdb(port,
            {"p/x $pc", "stepi", "p/x $pc", "p/x $a0", "p/x $a1", "stepi", "p/x $pc", "p/x $a1",
             "p/x $a2", "stepi", "p/x $pc", "p/x $a2", "p/x $minstret", "kill"},
            "");
    EXPECT_EQ(vp->wait(), kVpFailure) << vp->err();
    const std::vector<uint32_t> expected = {0x80000000, 0x80000004, 5,          0, 0x80000006,
                                            3,          0,          0x80000008, 4, 3};
    EXPECT_EQ(printed_values(g.out), expected) << g.out << g.err;
}

TEST_F(GdbSession, AFatalErrorStopsInGdbWithASignalAndTheReason) {
    REQUIRE_GDB();
    std::string program =
        elf("illegal.elf", {0x80000000, {enc::addi(enc::a0, enc::zero, 1), 0x00000000}});
    auto vp = start_vp({program});
    unsigned port = vp->wait_for_port();
    ASSERT_NE(port, 0u) << vp->err();
    ProcessResult g = gdb(port, {"continue", "p/x $pc", "p/x $a0", "continue"}, "");
    EXPECT_EQ(vp->wait(), kVpFailure) << vp->err();
    EXPECT_EQ(error_lines(vp->err()), 1) << vp->err();
    const std::string all = g.out + g.err;
    EXPECT_NE(all.find("cimvp: illegal instruction 0x0 with no trap handler"), std::string::npos)
        << all;
    EXPECT_NE(all.find("Program received signal SIGILL"), std::string::npos) << all;
    EXPECT_EQ(printed_values(g.out), (std::vector<uint32_t>{0x80000004, 1})) << all;
    EXPECT_NE(all.find("Program terminated with signal SIGILL"), std::string::npos) << all;
}

TEST_F(GdbSession, CtrlCInGdbStopsARunningFirmware) {
    REQUIRE_GDB();
    auto vp = start_vp({FW_GDB, "--", "spin"});
    unsigned port = vp->wait_for_port();
    ASSERT_NE(port, 0u) << vp->err();
    InteractiveGdb g({GDB_MULTIARCH, "-nx", "-q", "-ex", "set style enabled off", "-ex",
                      "set confirm off", "-ex", "set architecture riscv:rv32", "-ex",
                      "target remote :" + std::to_string(port), FW_GDB});
    ASSERT_TRUE(g.wait_for("(gdb) ")) << g.output();
    g.type("continue\n");
    ASSERT_TRUE(g.wait_for("Continuing.")) << g.output();
    std::this_thread::sleep_for(std::chrono::milliseconds(300)); // let it spin
    g.type("\x03");
    ASSERT_TRUE(g.wait_for("Program received signal SIGINT")) << g.output();
    ASSERT_TRUE(g.wait_for("(gdb) ")) << g.output();
    g.type("set var spinning = 0\ncontinue\n");
    EXPECT_TRUE(g.wait_for("exited with code 07")) << g.output();
    g.type("quit\n");
    EXPECT_EQ(vp->wait(), 7) << vp->err();
}

// Ctrl-C is the byte 0x03 while the firmware runs; the stop reply is SIGINT.
TEST_F(GdbSession, CtrlCStopsARunningFirmwareOverTheWire) {
    auto vp = start_vp({FW_GDB, "--", "spin"});
    unsigned port = vp->wait_for_port();
    ASSERT_NE(port, 0u) << vp->err();
    RawGdb client(port);
    ASSERT_TRUE(client.connected());
    EXPECT_EQ(client.request("?").substr(0, 3), "T05");

    // A garbled packet is asked for again; malformed ones get an error, and the
    // session goes on.
    client.send_bytes(RawGdb::frame("g", 0));
    EXPECT_EQ(client.next_byte(), '-');
    EXPECT_EQ(client.request("mzz,4"), "E01");
    EXPECT_EQ(client.request("Z0"), "E01");
    EXPECT_EQ(client.request("vNoSuchPacket"), "");

    client.send_bytes(RawGdb::frame("c"));
    EXPECT_EQ(client.next_byte(), '+');
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    client.send_bytes("\x03");
    EXPECT_EQ(client.read_packet().substr(0, 3), "T02");

    char clear[64];
    std::snprintf(clear, sizeof clear, "M%x,4:00000000", symbols(FW_GDB).at("spinning"));
    EXPECT_EQ(client.request(clear), "OK");

    // Ctrl-C while stopped (between the steps of a `next`): the next resume stops at once.
    const std::string pc = client.request("p20");
    client.send_bytes("\x03" + RawGdb::frame("vCont;s"));
    EXPECT_EQ(client.next_byte(), '+');
    EXPECT_EQ(client.read_packet().substr(0, 3), "T02");
    EXPECT_EQ(client.request("p20"), pc) << "nothing ran";

    client.send_bytes(RawGdb::frame("c"));
    EXPECT_EQ(client.next_byte(), '+');
    EXPECT_EQ(client.read_packet(), "W07");
    EXPECT_EQ(vp->wait(), 7) << vp->err();
    EXPECT_NE(vp->out().find("calls "), std::string::npos);
}

TEST_F(GdbSession, ADroppedConnectionLetsTheFirmwareRunOn) {
    auto vp = start_vp({FW_GDB});
    unsigned port = vp->wait_for_port();
    ASSERT_NE(port, 0u) << vp->err();
    {
        RawGdb client(port);
        ASSERT_TRUE(client.connected());
        EXPECT_EQ(client.request("Z0," +
                                 [] {
                                     char a[16];
                                     std::snprintf(a, sizeof a, "%x", symbols(FW_GDB).at("scale"));
                                     return std::string(a);
                                 }() +
                                 ",2"),
                  "OK");
    } // closed while stopped: the breakpoint goes with it
    EXPECT_EQ(vp->wait(), 7) << vp->err();
    EXPECT_NE(vp->err().find("gdb closed the connection"), std::string::npos) << vp->err();
    EXPECT_NE(vp->out().find("calls 5"), std::string::npos) << vp->out();
}

TEST_F(GdbSession, APortInUseIsOneErrorLine) {
    int busy = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(busy, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ASSERT_EQ(listen(busy, 1), 0);
    socklen_t size = sizeof a;
    getsockname(busy, reinterpret_cast<sockaddr*>(&a), &size);
    const std::string port = std::to_string(ntohs(a.sin_port));
    ProcessResult r = testutil::run_process({CIMVP_PATH, "--gdb", port, FW_GDB}, 30);
    close(busy);
    EXPECT_EQ(r.exit_code, kVpFailure) << testutil::describe(r);
    EXPECT_EQ(r.err, "cimvp: error: --gdb " + port + ": cannot listen on 127.0.0.1:" + port +
                         ": Address already in use\n");
    EXPECT_EQ(r.out, "");
}

TEST_F(GdbSession, BadPortValuesAreUsageErrors) {
    for (const char* port : {"65536", "-1", "http", ""}) {
        ProcessResult r = testutil::run_process({CIMVP_PATH, "--gdb", port, FW_GDB}, 30);
        EXPECT_EQ(r.exit_code, kVpFailure) << port << ": " << testutil::describe(r);
        EXPECT_EQ(error_lines(r.err), 1) << r.err;
        EXPECT_NE(r.err.find("gdb"), std::string::npos) << r.err;
    }
}

TEST_F(GdbSession, WithoutGdbTheRunIsUnchanged) {
    ProcessResult r = testutil::run_process({CIMVP_PATH, "-q", FW_GDB}, 30);
    EXPECT_EQ(r.exit_code, 7) << testutil::describe(r);
    EXPECT_EQ(r.err, "");
}

} // namespace
