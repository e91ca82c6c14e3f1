// CLINT: mtime follows the access's local time, the timer interrupt rises at
// exactly mtimecmp * tick and falls when mtimecmp moves ahead, msip drives
// the software interrupt, timebase_hz tells the frequency of any timebase.
#include "platform/clint.h"
#include "platform/memory_map.h"
#include "tests/platform/tlm_base/tlm_stimulus.h"

#include <gtest/gtest.h>

using namespace sc_core;
using cimvp::test::TlmStimulus;

namespace {

const sc_time tick(100, SC_NS);

struct Bench {
    cimvp::Clint clint{"clint", tick};
    TlmStimulus stim{"stim"};
    std::vector<std::pair<sc_time, bool>> timer_edges, soft_edges;
    Bench() {
        stim.socket.bind(clint.socket);
        clint.timer_irq.bind([this](bool l) { timer_edges.push_back({sc_time_stamp(), l}); });
        clint.soft_irq.bind([this](bool l) { soft_edges.push_back({sc_time_stamp(), l}); });
    }
};

void timer_fires_at_compare_time() {
    Bench b;
    b.stim.script = [&](TlmStimulus& s) {
        s.write(CIMVP_CLINT_MTIMECMP, 50, 8); // 50 ticks = 5 us
        wait(4, SC_US);
        CHECK(b.timer_edges.empty());
        wait(2, SC_US);
        CHECK(b.timer_edges.size() == 1);
        CHECK(b.timer_edges[0].first == sc_time(5, SC_US));
        CHECK(b.timer_edges[0].second);
        // Moving the compare ahead lowers the line at once.
        s.write(CIMVP_CLINT_MTIMECMP, 1000, 8);
        CHECK(b.timer_edges.size() == 2 && !b.timer_edges[1].second);
        // A 32-bit write of the high half alone (as firmware does) is merged.
        s.write(CIMVP_CLINT_MTIMECMP + 4, 0, 4);
        s.write(CIMVP_CLINT_MTIMECMP, 70, 4); // due at 7 us: 1 us from now
        wait(1, SC_US);
        CHECK(b.timer_edges.size() == 3 && b.timer_edges[2].first == sc_time(7, SC_US));
        CHECK(s.read(CIMVP_CLINT_MTIMECMP, 8) == 70);
    };
    cimvp::test::finish_scenario();
}

void mtime_uses_local_time() {
    Bench b;
    b.stim.script = [&](TlmStimulus& s) {
        CHECK(s.read(CIMVP_CLINT_MTIME, 8) == 0);
        // A decoupled initiator 1.25 us ahead of sc_time_stamp() sees 12 ticks.
        CHECK(s.read(CIMVP_CLINT_MTIME, 8, sc_time(1250, SC_NS)) == 12);
        wait(3, SC_US);
        CHECK(s.read(CIMVP_CLINT_MTIME, 4) == 30);
        CHECK(s.read(CIMVP_CLINT_MTIME + 4, 4) == 0);
        // A compare already in the past, written ahead in local time, fires at once.
        s.write(CIMVP_CLINT_MTIMECMP, 31, 8, sc_time(200, SC_NS));
        CHECK(b.timer_edges.size() == 1 && b.timer_edges[0].second);
    };
    cimvp::test::finish_scenario();
}

void msip_drives_software_interrupt() {
    Bench b;
    b.stim.script = [&](TlmStimulus& s) {
        s.write(CIMVP_CLINT_MSIP, 1, 4);
        CHECK(b.soft_edges.size() == 1 && b.soft_edges[0].second);
        CHECK(s.read(CIMVP_CLINT_MSIP, 4) == 1);
        s.write(CIMVP_CLINT_MSIP, 2, 4); // only bit 0 exists
        CHECK(b.soft_edges.size() == 2 && !b.soft_edges[1].second);
        CHECK(s.read(CIMVP_CLINT_MSIP, 4) == 0);
        uint32_t v = 0;
        CHECK(s.access(tlm::TLM_READ_COMMAND, 0x8000, &v, 4) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    };
    cimvp::test::finish_scenario();
}

// The register firmware converts ticks with: 1 s / tick, for the default and other timebases.
void timebase_register_reports_the_tick() {
    cimvp::Clint ten_mhz{"ten_mhz", sc_time(100, SC_NS)},
        three_mhz{"three_mhz", sc_time(1e6 / 3, SC_PS)};
    TlmStimulus a{"a"}, b{"b"};
    a.socket.bind(ten_mhz.socket);
    b.socket.bind(three_mhz.socket);
    a.script = [&](TlmStimulus& s) {
        CHECK(s.read(CIMVP_CLINT_TIMEBASE_HZ, 8) == 10000000u);
        CHECK(s.read(CIMVP_CLINT_TIMEBASE_HZ + 4, 4) == 0);
        s.write(CIMVP_CLINT_TIMEBASE_HZ, 5, 8); // read-only: ignored
        CHECK(s.read(CIMVP_CLINT_TIMEBASE_HZ, 4) == 10000000u);
    };
    b.script = [&](TlmStimulus& s) {
        // 333333 ps per tick (the 1 ps resolution) is 3000003 Hz, to the nearest Hz.
        CHECK(s.read(CIMVP_CLINT_TIMEBASE_HZ, 8) == 3000003u);
        wait(1, SC_MS);
        CHECK(s.read(CIMVP_CLINT_MTIME, 8) == 3000u); // ticks in 1 ms at that rate
    };
    cimvp::test::finish_scenario();
}

} // namespace

TEST(Clint, TimebaseRegisterReportsTheTick) {
    EXPECT_EXIT(timebase_register_reports_the_tick(), testing::ExitedWithCode(0), "");
}
TEST(Clint, TimerFiresAtCompareTime) {
    EXPECT_EXIT(timer_fires_at_compare_time(), testing::ExitedWithCode(0), "");
}
TEST(Clint, MtimeUsesLocalTime) {
    EXPECT_EXIT(mtime_uses_local_time(), testing::ExitedWithCode(0), "");
}
TEST(Clint, MsipDrivesSoftwareInterrupt) {
    EXPECT_EXIT(msip_drives_software_interrupt(), testing::ExitedWithCode(0), "");
}
