// UART (ns16550a subset) and the sifive_test finisher, driven over TLM.
#include "platform/finisher.h"
#include "tests/platform/tlm_base/tlm_stimulus.h"
#include "platform/uart.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace sc_core;
using cimvp::test::TlmStimulus;

namespace {

void uart_transmits_and_reports_empty() {
    char out[64] = {};
    FILE* f = fmemopen(out, sizeof out, "w");
    cimvp::Uart uart("uart", f);
    TlmStimulus stim("stim");
    stim.socket.bind(uart.socket);
    stim.script = [&](TlmStimulus& s) {
        CHECK(s.read(5, 1) == 0x60); // LSR: THR empty, transmitter idle, no data
        for (char c : std::string("hi\n")) s.write(0, static_cast<uint8_t>(c), 1);
        s.write(3, 0x80, 1); // LCR.DLAB: offsets 0/1 become the divisor latch
        s.write(0, 0x1b, 1);
        s.write(1, 0x00, 1);
        CHECK(s.read(0, 1) == 0x1b);
        s.write(3, 0x03, 1); // 8N1, DLAB off
        s.write(0, 'x', 1);
        s.write(7, 0xa5, 1); // scratch register
        CHECK(s.read(7, 1) == 0xa5);
        CHECK(s.read(0, 1) == 0); // RBR: no input
        std::fclose(f);
        CHECK(std::strcmp(out, "hi\nx") == 0);
    };
    cimvp::test::finish_scenario();
}

void finisher_codes() {
    cimvp::Finisher fin("finisher");
    TlmStimulus stim("stim");
    stim.socket.bind(fin.socket);
    std::vector<int> exits;
    fin.on_exit = [&](int code) { exits.push_back(code); };
    stim.script = [&](TlmStimulus& s) {
        s.write(0, 0x5555, 4);
        s.write(0, (42u << 16) | 0x3333, 4);
        s.write(0, 0x1234, 4); // not a command: ignored
        s.write(0, 0x7777, 4);
        CHECK((exits == std::vector<int>{0, 42, 0}));
    };
    cimvp::test::finish_scenario();
}

} // namespace

TEST(Uart, TransmitsAndReportsEmpty) {
    EXPECT_EXIT(uart_transmits_and_reports_empty(), testing::ExitedWithCode(0), "");
}
TEST(Finisher, Codes) { EXPECT_EXIT(finisher_codes(), testing::ExitedWithCode(0), ""); }
