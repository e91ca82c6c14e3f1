// Base for memory-mapped peripherals: a TLM target socket in front of a
// table of registers, so each device's constructor reads as its register
// map. Accesses may cover part of a register (e.g. the 32-bit halves of a
// 64-bit timer); writes merge into the current value. Callbacks receive the
// access's local time (sc_time_stamp() + annotated delay), so a register
// whose value depends on time is exact under temporal decoupling.
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cimvp {

class RegisterDevice : public sc_core::sc_module {
  public:
    tlm_utils::simple_target_socket<RegisterDevice> socket;

  protected:
    using ReadFn = std::function<uint64_t(const sc_core::sc_time& now)>;
    using WriteFn = std::function<void(uint64_t value, const sc_core::sc_time& now)>;

    RegisterDevice(sc_core::sc_module_name name, sc_core::sc_time access_latency);

    // Declares a register of `size` bytes (1, 4 or 8) at `offset`. A null
    // `write` makes it read-only (writes are ignored, as on most hardware).
    void reg(const std::string& name, uint64_t offset, unsigned size, ReadFn read,
             WriteFn write = {});

    // Accesses that hit no register land here (e.g. a device's memory
    // region); return false for an address error.
    virtual bool access_unmapped(tlm::tlm_generic_payload& tx, const sc_core::sc_time& now) {
        (void)tx, (void)now;
        return false;
    }

  private:
    struct Register {
        std::string name;
        uint64_t offset;
        unsigned size;
        ReadFn read;
        WriteFn write;
    };
    const Register* find(uint64_t addr, unsigned len) const;
    void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& tx);
    bool access(tlm::tlm_generic_payload& tx, const sc_core::sc_time& now, bool debug);

    std::vector<Register> regs_;
    sc_core::sc_time latency_;
};

} // namespace cimvp
