// GDB remote serial protocol server: `cimvp --gdb PORT fw.elf` lets
// gdb-multiarch debug the firmware (docs/platform/gdb.md).
//
// Three layers, each testable on its own (tests/gdb):
//  * packet framing (gdb::PacketReader, gdb::frame): $payload#checksum, the
//    '}' escapes, acks and the out-of-band Ctrl-C byte;
//  * the protocol (gdb::Session): one payload in, one reply out, over an
//    abstract gdb::Target (registers, memory, breakpoints); no I/O, no SystemC;
//  * GdbServer: the TCP socket, the Target over the CPU and the bus, and the
//    CpuDebugger the CPU calls from its thread when it stops.
//
// Breakpoints (Z0 and Z1 alike) live in the ISS core, never in guest memory;
// see iss/rv32_core.h for why they cost nothing per instruction.
#pragma once

#include "platform/cpu.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

namespace cimvp {
namespace gdb {

// ---- packet layer -------------------------------------------------------------

uint8_t checksum(const std::string& payload);
// "$payload#cs", with '$', '#', '}' and '*' escaped as '}' and the byte ^ 0x20.
std::string frame(const std::string& payload);
// The binary data of an X packet: "}x" stands for x ^ 0x20. False if the data
// ends in a lone '}'.
bool unescape_binary(const std::string& in, std::string& out);
std::string to_hex(const uint8_t* data, size_t len);
std::string to_hex(const std::string& data);
// Whole string or nothing: false on an odd length or a non-hex digit.
bool from_hex(const std::string& hex, std::string& out);

// Splits the incoming byte stream into packets, acks and interrupts.
class PacketReader {
  public:
    enum class Event { none, packet, bad_checksum, interrupt, ack, nack };
    // Consumes one byte; returns what it completes. After `packet`, payload()
    // is the raw payload (escapes still in it, checked against its checksum).
    Event feed(char c);
    const std::string& payload() const { return payload_; }

  private:
    enum class State { idle, payload, checksum_high, checksum_low };
    static constexpr size_t max_payload = 1u << 20; // junk from a non-gdb client stays bounded
    State state_ = State::idle;
    std::string payload_;
    int checksum_ = 0;
};

// ---- the protocol -------------------------------------------------------------

// gdb's register numbers for RISC-V: 0-31 x0-x31, 32 pc, 65 + n the CSR n.
constexpr unsigned reg_pc = 32, reg_first_csr = 65;

// What the protocol reads and changes; GdbServer implements it over the CPU.
class Target {
  public:
    virtual ~Target() = default;
    virtual bool read_register(unsigned regno, uint32_t& value) = 0;
    virtual bool write_register(unsigned regno, uint32_t value) = 0;
    // Returns how many bytes from the start could be read (gdb accepts a prefix).
    virtual size_t read_memory(uint32_t addr, uint8_t* data, size_t len) = 0;
    virtual bool write_memory(uint32_t addr, const uint8_t* data, size_t len) = 0;
    virtual void set_breakpoint(uint32_t addr, bool on) = 0;
    virtual std::string target_xml() = 0; // the register layout (qXfer:features:read)
};

enum class Action { none, resume, step, detach, kill };

// Why the target stopped, as the stop reply says it.
enum class StopReason { attached, breakpoint, step, interrupted, ended };

class Session {
  public:
    static constexpr size_t packet_size = 0x4000; // what qSupported announces
    struct Response {
        std::string reply;
        bool send = true; // resume and kill packets are answered later or never
        Action action = Action::none;
    };

    explicit Session(Target& target) : target_(target) {}
    // Answers one packet. A malformed one gets "E01" (or "" if unknown), never a throw.
    Response handle(const std::string& payload);
    // Remembers the stop for '?' and returns its stop reply: SIGTRAP (with
    // swbreak/hwbreak at a breakpoint), SIGINT when interrupted, and the
    // given gdb signal number when the run ended in a failure.
    std::string stop(StopReason why, uint32_t pc, int signal = 0);
    bool no_ack() const { return no_ack_; }
    void clear_breakpoints();

  private:
    using Handler = Response (Session::*)(const std::string&);
    Response query(const std::string& p);
    Response read_registers(const std::string& p);
    Response write_registers(const std::string& p);
    Response read_register(const std::string& p);
    Response write_register(const std::string& p);
    Response read_memory(const std::string& p);
    Response write_memory(const std::string& p);
    Response write_binary(const std::string& p);
    Response write_decoded(const std::string& p, bool (*decode)(const std::string&, std::string&));
    Response breakpoint(const std::string& p);
    Response resume(const std::string& p);
    Response v_packet(const std::string& p);
    Response xfer_features(const std::string& args);
    std::string register_hex(unsigned regno);

    Target& target_;
    std::string last_stop_ = "S05";
    bool no_ack_ = false;
    std::map<uint32_t, unsigned> breakpoints_; // address -> 1 (Z0) | 2 (Z1)
};

} // namespace gdb

struct GdbError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The socket side. Listens at construction (a busy port throws GdbError),
// waits for gdb in accept_connection(), then serves it from the CPU's thread
// whenever the CPU stops. While the firmware runs, interrupt_requested()
// looks for Ctrl-C without blocking.
class GdbServer : public CpuDebugger {
  public:
    // Messages about the connection go to `log`.
    GdbServer(Cpu& cpu, unsigned port, FILE* log);
    ~GdbServer() override;
    GdbServer(const GdbServer&) = delete;
    GdbServer& operator=(const GdbServer&) = delete;

    unsigned port() const { return port_; }
    void accept_connection();

    Command stopped(Event why) override;
    bool interrupt_requested() override;

    // The run is over. An exit is reported as such (W); any other end first
    // stops in gdb with a signal, the reason as console output, so the user
    // can look at the state, and ends when gdb resumes (X) or kills.
    void run_ended(RunEnd end, int exit_code, const std::string& reason);

  private:
    class CpuTarget;
    Command serve();
    bool read_packet(std::string& payload);
    bool read_byte(char& c);
    void send_packet(const std::string& payload);
    void send_raw(const std::string& bytes);
    void disconnect(const char* why);

    Cpu& cpu_;
    std::unique_ptr<CpuTarget> target_;
    gdb::Session session_;
    gdb::PacketReader reader_;
    FILE* log_;
    std::string in_; // received, not yet parsed (also what arrived while running)
    size_t in_pos_ = 0;
    bool interrupted_ = false; // Ctrl-C while stopped: the next resume stops at once
    int listen_fd_ = -1, fd_ = -1;
    unsigned port_ = 0;
};

} // namespace cimvp
