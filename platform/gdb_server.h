// GDB remote serial protocol server: `cimvp --gdb PORT fw.elf` lets
// gdb-multiarch debug the firmware (docs/platform/gdb.md).
//
// Three layers, each testable on its own (tests/platform/gdb):
//  * packet framing (platform/gdb_packet.h: gdb::PacketReader, gdb::frame):
//    $payload#checksum, the '}' escapes, acks and the out-of-band Ctrl-C byte;
//  * the protocol (platform/gdb_session.h: gdb::Session): one payload in, one
//    reply out, over an abstract gdb::Target; no I/O, no SystemC;
//  * GdbServer (this file): the TCP socket and the CpuDebugger the CPU calls
//    from its thread when it stops, serving a CpuTarget
//    (platform/gdb_cpu_target.h: the Target over the CPU and the bus).
//
// Breakpoints (Z0 and Z1 alike) live in the ISS core, never in guest memory;
// see iss/rv32_core.h for why they cost nothing per instruction.
#pragma once

#include "platform/cpu.h"
#include "platform/gdb_packet.h"
#include "platform/gdb_session.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

namespace cimvp {

class CpuTarget; // platform/gdb_cpu_target.h

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
