// Router address decoding and translation (transport, DMI, debug) and RAM.
#include "platform/ram.h"
#include "platform/router.h"
#include "tests/platform/tlm_base/tlm_stimulus.h"

#include <gtest/gtest.h>

using namespace sc_core;
using cimvp::test::TlmStimulus;

namespace {

void routes_translates_and_rejects_unmapped() {
    cimvp::Router bus("bus");
    cimvp::Ram a("a", 0x1000, sc_time(5, SC_NS)), b("b", 0x2000, SC_ZERO_TIME);
    TlmStimulus stim("stim");
    stim.socket.bind(bus.target);
    bus.map(a.socket, 0x10000, 0x1000, "a");
    bus.map(b.socket, 0x80000000, 0x2000, "b");
    stim.script = [&](TlmStimulus& s) {
        s.write(0x10010, 0xdeadbeef, 4);
        CHECK(a.data()[0x10] == 0xef && a.data()[0x13] == 0xde);
        s.write(0x80001ffc, 0x01020304, 4);
        CHECK(b.data()[0x1ffc] == 0x04);
        CHECK(s.read(0x80001ffc, 4) == 0x01020304);
        uint32_t v = 0;
        CHECK(s.access(tlm::TLM_READ_COMMAND, 0x20000, &v, 4) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
        // Straddling the end of a mapping is an error too.
        CHECK(s.access(tlm::TLM_READ_COMMAND, 0x80001ffe, &v, 4) ==
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
        // Latency is annotated.
        sc_time d = SC_ZERO_TIME;
        tlm::tlm_generic_payload tx;
        tx.set_command(tlm::TLM_READ_COMMAND);
        tx.set_address(0x10000);
        tx.set_data_ptr(reinterpret_cast<unsigned char*>(&v));
        tx.set_data_length(4);
        tx.set_streaming_width(4);
        s.socket->b_transport(tx, d);
        CHECK(d == sc_time(5, SC_NS));
        // DMI ranges come back in global addresses.
        tlm::tlm_dmi dmi;
        tx.set_address(0x80000100);
        CHECK(s.socket->get_direct_mem_ptr(tx, dmi));
        CHECK(dmi.get_start_address() == 0x80000000 && dmi.get_end_address() == 0x80001fff);
        CHECK(dmi.get_dmi_ptr() == b.data());
        // Debug transport.
        uint32_t w = 0;
        tx.set_address(0x10010);
        CHECK(s.socket->transport_dbg(tx) == 4);
        std::memcpy(&w, tx.get_data_ptr(), 4);
        CHECK(w == 0xdeadbeef);
    };
    cimvp::test::finish_scenario();
}

} // namespace

TEST(Router, RoutesTranslatesAndRejectsUnmapped) {
    EXPECT_EXIT(routes_translates_and_rejects_unmapped(), testing::ExitedWithCode(0), "");
}
