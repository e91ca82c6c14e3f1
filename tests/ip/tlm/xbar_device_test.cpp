// The crossbar accelerator's TLM device, driven by a stimulus module through
// a router with RAM (for its DMA): configuration registers, a PROGRAM + MVM
// round trip whose results and completion time match the crossbar model and
// the timing model, STATUS at the reader's local time, the interrupt line,
// and misuse (busy, DMA outside RAM, bad index) setting ERROR without harm.
#include "platform/memory_map.h"
#include "platform/ram.h"
#include "platform/router.h"
#include "tests/platform/tlm_base/tlm_stimulus.h"
#include "ip/tlm/xbar_device.h"
#include "tests/ip/tlm/xbar_test_bench.h"
#include "ip/tlm/xbar_regmap.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using namespace sc_core;
using cimvp::test::TlmStimulus;

namespace {

constexpr uint64_t ram_base = 0x80000000, xbar_base = CIMVP_XBAR_BASE;

using Bench = cimvp::test::XbarBench;

xbar::XbarConfig small_config() {
    xbar::XbarConfig c;
    c.rows = 16, c.cols = 8, c.crossbars = 2, c.mapping = xbar::Mapping::BNN_I;
    return c;
}

void configuration_registers() {
    Bench b(small_config());
    b.stim.script = [&](TlmStimulus& s) {
        CHECK(b.reg(s, CIMX_XBAR_ID) == CIMX_ID_VALUE);
        CHECK(b.reg(s, CIMX_XBAR_ROWS) == 16 && b.reg(s, CIMX_XBAR_COLS) == 8);
        CHECK(b.reg(s, CIMX_XBAR_COUNT) == 2);
        CHECK(b.reg(s, CIMX_XBAR_MAPPING) == 0);
        CHECK(b.reg(s, CIMX_XBAR_MAX_INPUTS) == static_cast<uint32_t>(b.cfg.max_tile_inputs()));
        CHECK(b.reg(s, CIMX_XBAR_MAX_OUTPUTS) == static_cast<uint32_t>(b.cfg.max_tile_outputs()));
        CHECK(b.reg(s, CIMX_XBAR_STATUS) == 0);
        CHECK(b.reg(s, CIMX_XBAR_BATCH) == 1);
        // The on-chip buffer is plain memory for the CPU.
        s.write(xbar_base + CIMX_XBAR_BUFFER_OFFSET + 8, 0x12345678, 4);
        CHECK(s.read(xbar_base + CIMX_XBAR_BUFFER_OFFSET + 8, 4) == 0x12345678);
        uint32_t v = 0;
        CHECK(s.access(tlm::TLM_READ_COMMAND, xbar_base + 0x0f00, &v, 4) ==
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
    };
    cimvp::test::finish_scenario();
}

void program_and_mvm_round_trip() {
    Bench b(small_config());
    // W (3 x 4) and x from the issue: y = (2, -2, 0).
    const int8_t w[12] = {1, -1, 1, 1, -1, -1, 1, -1, 1, 1, 1, 1};
    const int8_t x[4] = {1, -1, -1, 1};
    std::memcpy(b.ram.data() + 0x100, w, sizeof w);
    std::memcpy(b.ram.data() + 0x200, x, sizeof x);
    // The model's own figures for the same work, to check the device's timing.
    xbar::Crossbar ref(b.cfg, 0);
    xbar::ProgramActivity pa = ref.program(w, 3, 4);
    int32_t yref[3];
    xbar::MvmActivity ma = ref.mvm(x, yref);
    double program_ns =
        xbar::program_cost(b.cfg.timing, pa).ns + xbar::dma_cost(b.cfg.timing, 12).ns;
    double mvm_ns = xbar::mvm_cost(b.cfg.timing, b.cfg.device.v_read, ref.shape(), ma).ns +
                    xbar::dma_cost(b.cfg.timing, 4).ns + xbar::dma_cost(b.cfg.timing, 12).ns;
    const xbar::MvmEnergy mvm_e =
        xbar::mvm_energy(b.cfg.timing, b.cfg.device.v_read, ref.shape(), ma);
    const double program_pj = xbar::program_cost(b.cfg.timing, pa).pj;
    const double dma_pj = xbar::dma_cost(b.cfg.timing, 12).pj + xbar::dma_cost(b.cfg.timing, 4).pj +
                          xbar::dma_cost(b.cfg.timing, 12).pj;

    b.stim.script = [&](TlmStimulus& s) {
        b.set(s, CIMX_XBAR_IRQ_ENABLE, CIMX_IRQ_DONE | CIMX_IRQ_ERROR);
        b.set(s, CIMX_XBAR_XBAR, 1);
        b.set(s, CIMX_XBAR_OUTPUTS, 3);
        b.set(s, CIMX_XBAR_INPUTS, 4);
        b.set(s, CIMX_XBAR_SRC, ram_base + 0x100);
        b.set(s, CIMX_XBAR_CMD, CIMX_CMD_PROGRAM);
        CHECK(b.reg(s, CIMX_XBAR_STATUS) == CIMX_STATUS_BUSY);
        const sc_time t_prog(program_ns, SC_NS);
        // STATUS answers at the reader's local time: just before and at completion.
        CHECK(b.reg(s, CIMX_XBAR_STATUS, t_prog - sc_time(1, SC_PS)) == CIMX_STATUS_BUSY);
        CHECK(b.reg(s, CIMX_XBAR_STATUS, t_prog) == CIMX_STATUS_DONE);
        CHECK(b.irq_edges.size() == 1 && b.irq_edges[0].second);
        b.set(s, CIMX_XBAR_IRQ_STATUS, CIMX_IRQ_DONE);
        CHECK(b.irq_edges.size() == 2 && !b.irq_edges[1].second);
        wait(t_prog);

        std::memset(b.ram.data() + 0x300, 0x55, 12);
        b.set(s, CIMX_XBAR_SRC, ram_base + 0x200);
        b.set(s, CIMX_XBAR_DST, ram_base + 0x300);
        b.set(s, CIMX_XBAR_BATCH, 1);
        const sc_time start = sc_time_stamp();
        b.set(s, CIMX_XBAR_CMD, CIMX_CMD_MVM);
        CHECK(b.ram.data()[0x300] == 0x55); // results arrive at completion, not before
        wait(sc_time(mvm_ns, SC_NS));       // the completion event fires exactly then
        CHECK(b.irq_edges.size() == 3 && b.irq_edges[2].first == start + sc_time(mvm_ns, SC_NS));
        int32_t y[3];
        std::memcpy(y, b.ram.data() + 0x300, sizeof y);
        CHECK(y[0] == 2 && y[1] == -2 && y[2] == 0);
        CHECK(y[0] == yref[0] && y[1] == yref[1] && y[2] == yref[2]);
        CHECK(b.reg(s, CIMX_XBAR_MVMS_LO) == 1);
        CHECK(b.reg(s, CIMX_XBAR_CELLS_LO) == pa.cells);
        CHECK(b.reg(s, CIMX_XBAR_DMA_BYTES_LO) == 12 + 4 + 12);
        // Energy by component: the model's figures for the same work, adding up to the total.
        const cimvp::XbarDevice::Counters& c = b.dev->counters();
        CHECK(std::abs(c.mvm_array_pj - mvm_e.array_pj()) < 1e-9);
        CHECK(std::abs(c.mvm_adc_pj - mvm_e.adc_pj) < 1e-9);
        CHECK(std::abs(c.mvm_digital_pj - mvm_e.digital_pj) < 1e-9);
        CHECK(mvm_e.adc_pj > 0 && mvm_e.array_pj() > 0 && mvm_e.digital_pj > 0);
        CHECK(std::abs(c.mvm_pj - (c.mvm_array_pj + c.mvm_adc_pj + c.mvm_digital_pj)) < 1e-9);
        CHECK(std::abs(c.program_pj - program_pj) < 1e-9 && std::abs(c.dma_pj - dma_pj) < 1e-9);
        const double total_fj = (mvm_e.total() + program_pj + dma_pj) * 1e3;
        CHECK(std::abs(c.energy_pj * 1e3 - total_fj) < 1e-6);
        CHECK(std::abs(double(b.reg(s, CIMX_XBAR_ENERGY_FJ_LO)) - total_fj) <= 1.0);

        // Accumulate adds to what is at DST.
        b.set(s, CIMX_XBAR_FLAGS, CIMX_FLAG_ACCUMULATE);
        b.set(s, CIMX_XBAR_CMD, CIMX_CMD_MVM);
        wait(1, SC_US);
        std::memcpy(y, b.ram.data() + 0x300, sizeof y);
        CHECK(y[0] == 4 && y[1] == -4 && y[2] == 0);
        b.set(s, CIMX_XBAR_COUNTERS_CLEAR, 1);
        CHECK(b.reg(s, CIMX_XBAR_MVMS_LO) == 0);
        CHECK(b.dev->counters().mvms == 2); // the run's totals are kept
    };
    cimvp::test::finish_scenario();
}

void misuse_sets_error_and_never_harms() {
    Bench b(small_config());
    const int8_t w[4] = {1, 1, -1, 1};
    std::memcpy(b.ram.data(), w, 4);
    b.stim.script = [&](TlmStimulus& s) {
        auto error_after = [&](uint32_t cmd) {
            b.set(s, CIMX_XBAR_CMD, cmd);
            return b.reg(s, CIMX_XBAR_ERROR);
        };
        b.set(s, CIMX_XBAR_IRQ_ENABLE, CIMX_IRQ_ERROR);
        b.set(s, CIMX_XBAR_OUTPUTS, 2);
        b.set(s, CIMX_XBAR_INPUTS, 2);
        b.set(s, CIMX_XBAR_XBAR, 2);
        CHECK(error_after(CIMX_CMD_PROGRAM) == CIMX_ERR_BAD_XBAR);
        CHECK(b.reg(s, CIMX_XBAR_STATUS) == CIMX_STATUS_ERROR);
        CHECK(b.irq_edges.size() == 1 && b.irq_edges[0].second); // error interrupt
        b.set(s, CIMX_XBAR_XBAR, 0);
        b.set(s, CIMX_XBAR_SRC, 0x70000000); // nothing there
        CHECK(error_after(CIMX_CMD_PROGRAM) == CIMX_ERR_DMA_RANGE);
        b.set(s, CIMX_XBAR_SRC, ram_base + (1 << 20) - 2); // straddles the end of RAM
        CHECK(error_after(CIMX_CMD_PROGRAM) == CIMX_ERR_DMA_RANGE);
        b.set(s, CIMX_XBAR_OUTPUTS, 1000);
        CHECK(error_after(CIMX_CMD_PROGRAM) == CIMX_ERR_TILE_TOO_LARGE);
        b.set(s, CIMX_XBAR_OUTPUTS, 2);
        CHECK(error_after(CIMX_CMD_MVM) == CIMX_ERR_NOT_PROGRAMMED);
        CHECK(error_after(77) == CIMX_ERR_BAD_COMMAND);
        b.set(s, CIMX_XBAR_SRC, ram_base);
        CHECK(error_after(CIMX_CMD_PROGRAM) == CIMX_ERR_NONE);
        CHECK(error_after(CIMX_CMD_PROGRAM) == CIMX_ERR_BUSY); // the first one still runs
        CHECK(b.reg(s, CIMX_XBAR_STATUS) == (CIMX_STATUS_BUSY | CIMX_STATUS_ERROR));
        wait(10, SC_US);
        CHECK(b.reg(s, CIMX_XBAR_STATUS) == (CIMX_STATUS_DONE | CIMX_STATUS_ERROR));
        b.set(s, CIMX_XBAR_ADC_LO, 5);
        b.set(s, CIMX_XBAR_ADC_HI, 5);
        CHECK(error_after(CIMX_CMD_SET_ADC_RANGE) == CIMX_ERR_BAD_ADC_RANGE);
        b.set(s, CIMX_XBAR_ADC_HI, 50000);
        CHECK(error_after(CIMX_CMD_SET_ADC_RANGE) == CIMX_ERR_NONE);
    };
    cimvp::test::finish_scenario();
}

} // namespace

TEST(XbarDevice, ConfigurationRegisters) {
    EXPECT_EXIT(configuration_registers(), testing::ExitedWithCode(0), "");
}
TEST(XbarDevice, ProgramAndMvmRoundTrip) {
    EXPECT_EXIT(program_and_mvm_round_trip(), testing::ExitedWithCode(0), "");
}
TEST(XbarDevice, MisuseSetsErrorAndNeverHarms) {
    EXPECT_EXIT(misuse_sets_error_and_never_harms(), testing::ExitedWithCode(0), "");
}
