// A small TLM initiator for peripheral unit tests: issues reads and writes
// with an explicit local-time offset, as a temporally decoupled CPU would.
//
// SystemC allows one elaboration per process, so every scenario runs in a
// child process (gtest's EXPECT_EXIT); CHECK prints what failed and exits 1.
#pragma once

#include "platform/tlm_base/bus_payload.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstdio>
#include <cstdlib>
#include <functional>

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            std::fprintf(stderr, "CHECK failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);         \
            std::fflush(stderr);                                                                   \
            std::_Exit(1);                                                                         \
        }                                                                                          \
    } while (0)

namespace cimvp::test {

class TlmStimulus : public sc_core::sc_module {
  public:
    tlm_utils::simple_initiator_socket<TlmStimulus> socket;
    std::function<void(TlmStimulus&)> script; // runs in an SC_THREAD

    explicit TlmStimulus(sc_core::sc_module_name name) : sc_module(name), socket("socket") {
        SC_HAS_PROCESS(TlmStimulus);
        SC_THREAD(run);
    }

    tlm::tlm_response_status access(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len,
                                    sc_core::sc_time delay = sc_core::SC_ZERO_TIME) {
        tlm::tlm_generic_payload tx;
        init_payload(tx, cmd, addr, data, len);
        socket->b_transport(tx, delay);
        return tx.get_response_status();
    }
    uint64_t read(uint64_t addr, unsigned len, sc_core::sc_time delay = sc_core::SC_ZERO_TIME) {
        uint64_t v = 0;
        CHECK(access(tlm::TLM_READ_COMMAND, addr, &v, len, delay) == tlm::TLM_OK_RESPONSE);
        return v;
    }
    void write(uint64_t addr, uint64_t v, unsigned len,
               sc_core::sc_time delay = sc_core::SC_ZERO_TIME) {
        CHECK(access(tlm::TLM_WRITE_COMMAND, addr, &v, len, delay) == tlm::TLM_OK_RESPONSE);
    }

  private:
    void run() {
        if (script) script(*this);
    }
};

// Runs sc_start() and exits the (child) process with 0 if nothing failed.
inline void finish_scenario() {
    sc_core::sc_start();
    std::fflush(stdout);
    std::_Exit(0);
}

} // namespace cimvp::test
