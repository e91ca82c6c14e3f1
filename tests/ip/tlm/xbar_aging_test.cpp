// The crossbar device's read-disturb registers, its REFRESH command and the drift clock
// (ip/tlm/xbar_aging.h), driven by a stimulus module: read counts per crossbar as the model
// counts them, the threshold status, a refresh that restores the disturbed cells (results and
// conductances) at the cost of programming the rows, charged to the device's time and energy,
// and drift aged by the simulated time of the commands.
#include "ip/xbar/drift.h"
#include "ip/tlm/xbar_device.h"
#include "ip/tlm/xbar_regmap.h"
#include "tests/ip/tlm/xbar_test_bench.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace sc_core;
using cimvp::test::TlmStimulus;

namespace {

constexpr uint32_t w_at = 0x100, x_at = 0x1000, y_at = 0x4000;
constexpr int outs = 6, ins = 16, batch = 4;

// The shared bench (xbar_test_bench.h) with a tile of +-1 weights and a batch of inputs in RAM.
struct Bench : cimvp::test::XbarBench {
    int8_t w[outs * ins], x[batch * ins];

    explicit Bench(xbar::XbarConfig c) : XbarBench(c) {
        uint32_t rng = 7;
        auto pm1 = [&rng] { return (rng = rng * 1664525u + 1013904223u) >> 31 ? 1 : -1; };
        for (int8_t& v : w) v = static_cast<int8_t>(pm1());
        for (int8_t& v : x) v = static_cast<int8_t>(pm1());
        std::memcpy(ram.data() + w_at, w, sizeof w);
        std::memcpy(ram.data() + x_at, x, sizeof x);
    }
    uint64_t reg64(TlmStimulus& s, uint32_t lo_off) {
        return reg(s, lo_off) | uint64_t{reg(s, lo_off + 4)} << 32;
    }
    // Runs a command to completion and returns its busy time.
    sc_time command(TlmStimulus& s, uint32_t cmd) {
        const sc_time t0 = sc_time_stamp();
        set(s, CIMX_XBAR_CMD, cmd);
        CHECK(reg(s, CIMX_XBAR_ERROR) == 0);
        while (reg(s, CIMX_XBAR_STATUS) & CIMX_STATUS_BUSY) wait(1, SC_NS);
        return sc_time_stamp() - t0;
    }
    void program(TlmStimulus& s, uint32_t xbar) {
        set(s, CIMX_XBAR_XBAR, xbar);
        set(s, CIMX_XBAR_OUTPUTS, outs);
        set(s, CIMX_XBAR_INPUTS, ins);
        set(s, CIMX_XBAR_SRC, kRamBase + w_at);
        command(s, CIMX_CMD_PROGRAM);
    }
    // `n` MVMs of the batch (repeated) on crossbar `xbar`; returns the results of the last.
    std::vector<int32_t> mvm(TlmStimulus& s, uint32_t xbar, int n = batch) {
        set(s, CIMX_XBAR_XBAR, xbar);
        set(s, CIMX_XBAR_SRC, kRamBase + x_at);
        set(s, CIMX_XBAR_DST, kRamBase + y_at);
        set(s, CIMX_XBAR_BATCH, static_cast<uint32_t>(n));
        command(s, CIMX_CMD_MVM);
        std::vector<int32_t> y(static_cast<size_t>(n) * outs);
        std::memcpy(y.data(), ram.data() + y_at, 4 * y.size());
        return y;
    }
    std::vector<int32_t> exact(int n = batch) const {
        std::vector<int32_t> y(static_cast<size_t>(n) * outs);
        for (int b = 0; b < n; ++b)
            for (int o = 0; o < outs; ++o)
                for (int i = 0; i < ins; ++i) y[b * outs + o] += w[o * ins + i] * x[b * ins + i];
        return y;
    }
};

xbar::XbarConfig disturb_config(double prior_cycles) {
    xbar::XbarConfig c;
    c.rows = 32, c.cols = 16, c.crossbars = 3, c.mapping = xbar::Mapping::BNN_I;
    c.read_disturb.on = true;
    c.read_disturb.prior_cycles = static_cast<int>(prior_cycles);
    c.read_disturb.threshold = 7;
    return c;
}

// Counts as the model counts them: BNN I drives the rows of the inputs equal to +1.
void read_counts_and_threshold() {
    Bench b(disturb_config(0));
    b.stim.script = [&](TlmStimulus& s) {
        CHECK(b.reg64(s, CIMX_XBAR_RD_THRESHOLD_LO) == 7); // from xbar.rd_threshold
        CHECK(b.reg(s, CIMX_XBAR_RD_OVER_XBAR) == CIMX_RD_NONE);
        CHECK(b.reg(s, CIMX_XBAR_RD_STATUS) == 0);
        b.program(s, 2);
        b.mvm(s, 2);
        uint64_t most = 0;
        for (int i = 0; i < ins; ++i) {
            uint64_t n = 0;
            for (int v = 0; v < batch; ++v) n += b.x[v * ins + i] == 1;
            CHECK(b.dev->crossbar(2).row_reads(i) == n);
            most = std::max(most, n);
        }
        b.set(s, CIMX_XBAR_XBAR, 2);
        CHECK(b.reg64(s, CIMX_XBAR_RD_MAX_READS_LO) == most);
        b.set(s, CIMX_XBAR_XBAR, 0);
        CHECK(b.reg64(s, CIMX_XBAR_RD_MAX_READS_LO) == 0); // not programmed
        CHECK(most < 7 && b.reg(s, CIMX_XBAR_RD_OVER_XBAR) == CIMX_RD_NONE);
        b.mvm(s, 2);
        b.set(s, CIMX_XBAR_XBAR, 2);
        CHECK(b.reg64(s, CIMX_XBAR_RD_MAX_READS_LO) == 2 * most);
        CHECK(2 * most >= 7);
        CHECK(b.reg(s, CIMX_XBAR_RD_STATUS) == CIMX_RD_STATUS_OVER);
        CHECK(b.reg(s, CIMX_XBAR_RD_OVER_XBAR) == 2);
        // Firmware may move the threshold (64-bit, two halves).
        b.set(s, CIMX_XBAR_RD_THRESHOLD_HI, 1);
        CHECK(b.reg64(s, CIMX_XBAR_RD_THRESHOLD_LO) == (uint64_t{1} << 32 | 7));
        CHECK(b.reg(s, CIMX_XBAR_RD_OVER_XBAR) == CIMX_RD_NONE);
        b.set(s, CIMX_XBAR_RD_THRESHOLD_HI, 0);
        b.set(s, CIMX_XBAR_RD_THRESHOLD_LO, 0); // 0: no threshold
        CHECK(b.reg(s, CIMX_XBAR_RD_STATUS) == 0);
    };
    cimvp::test::finish_scenario();
}

// Without xbar.read_disturb = on nothing is counted and nothing is ever over.
void nothing_counted_when_off() {
    xbar::XbarConfig c = disturb_config(0);
    c.read_disturb.on = false;
    c.read_disturb.threshold = 1;
    Bench b(c);
    b.stim.script = [&](TlmStimulus& s) {
        b.program(s, 0);
        b.mvm(s, 0);
        CHECK(b.reg64(s, CIMX_XBAR_RD_MAX_READS_LO) == 0);
        CHECK(b.reg(s, CIMX_XBAR_RD_OVER_XBAR) == CIMX_RD_NONE);
        CHECK(b.mvm(s, 0) == b.exact()); // refresh still works, and changes nothing
        b.command(s, CIMX_CMD_REFRESH);
        CHECK(b.mvm(s, 0) == b.exact());
    };
    cimvp::test::finish_scenario();
}

// Worn cells (1e6 SET/RESET cycles: the transition time is ~0) lose most of their LRS current
// from their second read on; the device's REFRESH restores them, at programming cost.
void refresh_restores_cells_at_programming_cost() {
    Bench b(disturb_config(1e6));
    b.stim.script = [&](TlmStimulus& s) {
        b.set(s, CIMX_XBAR_IRQ_ENABLE, CIMX_IRQ_DONE | CIMX_IRQ_ERROR);
        b.program(s, 1);
        const xbar::Crossbar& xb = b.dev->crossbar(1);
        CHECK(b.mvm(s, 1, 1) == b.exact(1)); // no reads before the first vector
        std::vector<int32_t> y = b.mvm(s, 1), exact = b.exact();
        CHECK(y != exact);
        int row = 0; // a row driven by the first vector, so disturbed now
        while (b.x[row] != 1) ++row;
        CHECK(xb.row_disturb_factor(row) < 0.5); // G / G_prog of its LRS cells

        const cimvp::XbarDevice::Counters before = b.dev->counters();
        // A refresh of rows outside the tile is an error and changes nothing.
        b.set(s, CIMX_XBAR_REFRESH_FIRST, 2 * ins); // BNN I: one word-line per input
        b.set(s, CIMX_XBAR_CMD, CIMX_CMD_REFRESH);
        CHECK(b.reg(s, CIMX_XBAR_ERROR) == CIMX_ERR_BAD_REFRESH_ROWS);
        b.set(s, CIMX_XBAR_REFRESH_FIRST, 2);
        b.set(s, CIMX_XBAR_REFRESH_ROWS, ins);
        b.set(s, CIMX_XBAR_CMD, CIMX_CMD_REFRESH);
        CHECK(b.reg(s, CIMX_XBAR_ERROR) == CIMX_ERR_BAD_REFRESH_ROWS);
        CHECK(b.dev->counters().program_ns == before.program_ns);
        // Whole tile.
        b.set(s, CIMX_XBAR_REFRESH_FIRST, 0);
        b.set(s, CIMX_XBAR_REFRESH_ROWS, 0);
        const sc_time busy = b.command(s, CIMX_CMD_REFRESH);
        const xbar::Cost cost = xbar::program_cost(
            b.cfg.timing, {static_cast<uint64_t>(ins), static_cast<uint64_t>(ins) * 2 * outs});
        CHECK(std::abs(busy.to_seconds() * 1e9 - cost.ns) <= 1.0); // polled with 1 ns steps
        const cimvp::XbarDevice::Counters& after = b.dev->counters();
        CHECK(std::abs(after.program_ns - before.program_ns - cost.ns) < 1e-9);
        CHECK(std::abs(after.program_pj - before.program_pj - cost.pj) < 1e-9);
        CHECK(std::abs(after.energy_pj - before.energy_pj - cost.pj) < 1e-9);
        CHECK(after.cells - before.cells == uint64_t{ins} * 2 * outs);
        CHECK(after.busy_ns - before.busy_ns == static_cast<uint64_t>(cost.ns + 0.5));
        CHECK(b.reg64(s, CIMX_XBAR_REFRESHED_ROWS_LO) == uint64_t{ins});
        b.set(s, CIMX_XBAR_XBAR, 1);
        CHECK(b.reg64(s, CIMX_XBAR_RD_MAX_READS_LO) == 0);
        CHECK(xb.row_disturb_factor(row) == 1.0);
        CHECK(b.mvm(s, 1, 1) == b.exact(1)); // restored for one read again
        // Part of the tile: the other rows keep their counts.
        b.mvm(s, 1);
        const uint64_t reads_row0 = xb.row_reads(0), reads_last = xb.row_reads(ins - 1);
        b.set(s, CIMX_XBAR_REFRESH_FIRST, 1);
        b.set(s, CIMX_XBAR_REFRESH_ROWS, ins - 2);
        b.command(s, CIMX_CMD_REFRESH);
        CHECK(xb.row_reads(0) == reads_row0 && xb.row_reads(ins - 1) == reads_last);
        for (int r = 1; r < ins - 1; ++r) CHECK(xb.row_reads(r) == 0);
        CHECK(b.reg64(s, CIMX_XBAR_REFRESHED_ROWS_LO) == uint64_t{2 * ins - 2});
        // Errors: bad index, nothing programmed.
        b.set(s, CIMX_XBAR_XBAR, 3);
        b.set(s, CIMX_XBAR_CMD, CIMX_CMD_REFRESH);
        CHECK(b.reg(s, CIMX_XBAR_ERROR) == CIMX_ERR_BAD_XBAR);
        b.set(s, CIMX_XBAR_XBAR, 0);
        b.set(s, CIMX_XBAR_CMD, CIMX_CMD_REFRESH);
        CHECK(b.reg(s, CIMX_XBAR_ERROR) == CIMX_ERR_NOT_PROGRAMMED);
    };
    cimvp::test::finish_scenario();
}

// One 32x16 BNN I crossbar whose cells drift with one exponent per state (nu_sigma 0).
xbar::XbarConfig drift_config() {
    xbar::XbarConfig c;
    c.rows = 32, c.cols = 16, c.crossbars = 1, c.mapping = xbar::Mapping::BNN_I;
    c.drift.on = true;
    c.drift.nu_sigma = 0;
    c.drift.nu_lrs = 0.1, c.drift.nu_hrs = 0.05;
    return c;
}

// Drift follows the simulated time of the commands: cells programmed at t_p are, at an MVM at
// t, at G_prog ((t - t_p + t0) / t0)^-nu (nu_sigma 0: one exponent), re-aged only once
// (age + t0) has grown by 1 + xbar.drift_update.
void drift_follows_simulated_time() {
    const xbar::XbarConfig c = drift_config();
    Bench b(c);
    b.stim.script = [&](TlmStimulus& s) {
        wait(5, SC_SEC);
        b.program(s, 0);
        const double t_p = sc_time_stamp().to_seconds();
        const xbar::Crossbar& xb = b.dev->crossbar(0);
        const int lrs_col = xb.cell_lrs(0, 0) ? 0 : 1;
        auto expected = [&](double t, bool lrs) {
            const double nu = lrs ? 0.1 : 0.05;
            return (lrs ? c.device.i_lrs : c.device.i_hrs) *
                   std::pow((t - t_p + c.drift.t0_s) / c.drift.t0_s, -nu);
        };
        CHECK(std::abs(xb.cell_current(0, lrs_col) - c.device.i_lrs) < 1e-4); // age ~0
        wait(100, SC_SEC);
        b.mvm(s, 0, 1);
        const double t1 = xb.time();
        CHECK(std::abs(t1 - 105.0) < 1e-3);
        CHECK(b.dev->aging().reages() == 1);
        CHECK(std::abs(xb.cell_current(0, lrs_col) - expected(t1, true)) < 1e-4);
        CHECK(std::abs(xb.cell_current(0, 1 - lrs_col) - expected(t1, false)) < 1e-5);
        // (100 + 20) s x 1.01 = 121.2 s: 1 s later is inside the step, 2 s later past it.
        wait(1, SC_SEC);
        b.mvm(s, 0, 1);
        CHECK(b.dev->aging().reages() == 1 && xb.time() == t1);
        wait(1, SC_SEC);
        b.mvm(s, 0, 1);
        CHECK(b.dev->aging().reages() == 2);
        CHECK(std::abs(xb.cell_current(0, lrs_col) - expected(xb.time(), true)) < 1e-4);
        // A refresh re-writes the cells at its time: age 0 again.
        b.command(s, CIMX_CMD_REFRESH);
        CHECK(std::abs(xb.cell_current(0, lrs_col) - c.device.i_lrs) < 1e-4);
        CHECK(xb.row_age_s(0) == 0.0);
    };
    cimvp::test::finish_scenario();
}

// Descriptors of a command list are aged like register commands: a PROGRAM descriptor stamps
// the write at the list's start time, an MVM descriptor 100 s later re-ages the cells to then.
void queue_descriptors_follow_simulated_time() {
    const xbar::XbarConfig c = drift_config();
    Bench b(c);
    constexpr uint32_t list_at = 0x8000;
    auto run_one = [&](TlmStimulus& s, uint32_t op, std::vector<uint32_t> words) {
        std::vector<uint32_t> d(CIMX_DESC_WORDS, 0);
        d[0] = CIMX_DESC_WORD0(op, 0, 0);
        std::copy(words.begin(), words.end(), d.begin() + 1);
        std::memcpy(b.ram.data() + list_at, d.data(), CIMX_DESC_BYTES);
        b.set(s, CIMX_XBAR_QUEUE_ADDR, uint32_t(b.kRamBase + list_at));
        b.set(s, CIMX_XBAR_QUEUE_LEN, 1);
        b.command(s, CIMX_CMD_RUN_QUEUE);
    };
    b.stim.script = [&](TlmStimulus& s) {
        wait(5, SC_SEC);
        run_one(s, CIMX_OP_PROGRAM, {uint32_t(b.kRamBase + w_at), 0, 0, outs, ins});
        const xbar::Crossbar& xb = b.dev->crossbar(0);
        const int lrs_col = xb.cell_lrs(0, 0) ? 0 : 1;
        wait(100, SC_SEC);
        run_one(s, CIMX_OP_MVM,
                {uint32_t(b.kRamBase + x_at), uint32_t(b.kRamBase + y_at), 1, outs, ins});
        CHECK(b.dev->aging().reages() == 1);
        CHECK(std::abs(xb.time() - 105.0) < 1e-3);
        const double expected =
            c.device.i_lrs * std::pow((100.0 + c.drift.t0_s) / c.drift.t0_s, -0.1);
        CHECK(std::abs(xb.cell_current(0, lrs_col) - expected) < 1e-4);
    };
    cimvp::test::finish_scenario();
}

} // namespace

TEST(XbarAging, ReadCountsAndThreshold) {
    EXPECT_EXIT(read_counts_and_threshold(), testing::ExitedWithCode(0), "");
}
TEST(XbarAging, NothingCountedWhenOff) {
    EXPECT_EXIT(nothing_counted_when_off(), testing::ExitedWithCode(0), "");
}
TEST(XbarAging, RefreshRestoresCellsAtProgrammingCost) {
    EXPECT_EXIT(refresh_restores_cells_at_programming_cost(), testing::ExitedWithCode(0), "");
}
TEST(XbarAging, DriftFollowsSimulatedTime) {
    EXPECT_EXIT(drift_follows_simulated_time(), testing::ExitedWithCode(0), "");
}
TEST(XbarAging, QueueDescriptorsFollowSimulatedTime) {
    EXPECT_EXIT(queue_descriptors_follow_simulated_time(), testing::ExitedWithCode(0), "");
}
