// GDB remote serial protocol, the protocol layer: one payload in, one reply
// out, over an abstract gdb::Target (registers, memory, breakpoints,
// watchpoints). No I/O, no SystemC; platform/gdb_server.h serves it over TCP.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cimvp {
namespace gdb {

// gdb's register numbers for RISC-V: 0-31 x0-x31, 32 pc, 65 + n the CSR n.
constexpr unsigned kRegPc = 32, kRegFirstCsr = 65;

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
    // A hardware watchpoint on [addr, addr + len): `kinds` is 2 (write), 1 (read) or 3
    // (access), as the core's TriggerKind bits. False if the target has none free.
    virtual bool set_watchpoint(unsigned kinds, uint32_t addr, uint32_t len, bool on) {
        (void)kinds, (void)addr, (void)len, (void)on;
        return false;
    }
    virtual std::string target_xml() = 0; // the register layout (qXfer:features:read)
};

enum class Action { none, resume, step, detach, kill };

// Why the target stopped, as the stop reply says it.
enum class StopReason { attached, breakpoint, watchpoint, step, interrupted, ended };

class Session {
  public:
    static constexpr size_t kPacketSize = 0x4000; // what qSupported announces
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
    // At a watchpoint, `data_addr` is the address accessed (reported as watch:, rwatch: or
    // awatch: after the watchpoint's type).
    std::string stop(StopReason why, uint32_t pc, int signal = 0, uint32_t data_addr = 0);
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
    Response watchpoint(const std::string& p);
    Response resume(const std::string& p);
    Response v_packet(const std::string& p);
    Response xfer_features(const std::string& args);
    std::string register_hex(unsigned regno);

    Target& target_;
    std::string last_stop_ = "S05";
    bool no_ack_ = false;
    std::map<uint32_t, unsigned> breakpoints_; // address -> 1 (Z0) | 2 (Z1)
    struct Watch {
        unsigned type; // 2, 3, 4: Z2 (write), Z3 (read), Z4 (access)
        uint32_t addr, len;
    };
    std::vector<Watch> watchpoints_;
};

} // namespace gdb
} // namespace cimvp
