// Timing and energy functions: formulas, scaling with ADCs, phases, bits, the energy breakdown,
// and the worked example of docs/crossbar/timing-energy.md with the defaults.
#include "tests/ip/xbar/test_util.h"

#include <gtest/gtest.h>

using namespace xbar;

namespace {

// Parameters with round values, independent of the defaults.
TimingEnergyParams round_params() {
    TimingEnergyParams p;
    p.t_dac_ns = 1.0;
    p.t_read_ns = 10.0;
    p.t_adc_bit_ns = 0.1;
    p.e_wl_pj = 0.5;
    p.e_adc_step_fj = 20.0;
    p.e_digital_pj = 0.05;
    p.t_write_ns = 50.0;
    p.t_verify_ns = 10.0;
    p.write_iterations = 3;
    p.e_write_pj = 10.0;
    p.e_verify_pj = 0.04;
    p.dma_bandwidth = 8.0;
    p.dma_latency_ns = 50.0;
    p.e_dma_pj_per_byte = 5.0;
    return p;
}

TEST(TimingEnergy, MvmTimeCountsPhasesAndAdcRounds) {
    const TimingEnergyParams p = round_params(); // 1 ns DAC, 10 ns read, 0.1 ns per ADC bit
    // BNN I full tile: 128 conversions per phase, 32 ADCs -> 4 rounds of 6-bit conversions.
    EXPECT_NEAR(mvm_time_ns(p, {1, 128, 6, 32}), 1 + 10 + 4 * 0.6, 1e-12);
    // Two phases double it; 33 conversions need 2 rounds on 32 ADCs.
    EXPECT_NEAR(mvm_time_ns(p, {2, 33, 6, 32}), 2 * (11 + 2 * 0.6), 1e-12);
    // Ideal ADC is costed as kIdealAdcCostBits.
    EXPECT_NEAR(mvm_time_ns(p, {1, 1, 0, 1}), 11 + 0.1 * kIdealAdcCostBits, 1e-12);
}

TEST(TimingEnergy, MvmEnergyFromActivityByComponent) {
    const TimingEnergyParams p = round_params();
    MvmActivity a;
    a.mvms = 2;
    a.word_lines = 100;
    a.conversions = 10;
    a.column_current = 1000.0; // uA
    const MvmEnergy e = mvm_energy(p, 0.2, {1, 5, 4, 32}, a);
    EXPECT_NEAR(e.word_line_pj, 100 * 0.5, 1e-12);
    EXPECT_NEAR(e.read_pj, 0.2 * 1000.0 * 10.0 * 1e-3, 1e-12); // V * uA * ns = fJ -> pJ
    EXPECT_NEAR(e.adc_pj, 10 * 20e-3 * 16, 1e-12);             // FOM * 2^4 per conversion
    EXPECT_NEAR(e.digital_pj, 10 * 0.05, 1e-12);
    EXPECT_NEAR(e.array_pj(), e.word_line_pj + e.read_pj, 1e-12);
    const Cost c = mvm_cost(p, 0.2, {1, 5, 4, 32}, a);
    EXPECT_NEAR(c.pj, 50 + 2 + 3.2 + 0.5, 1e-9);
    EXPECT_EQ(c.pj, e.total());
    EXPECT_NEAR(c.ns, 2 * (11 + 0.4), 1e-12);
}

TEST(TimingEnergy, ProgrammingRowAndCellGranularity) {
    TimingEnergyParams p = round_params(); // 3 iterations of (50 + 10) ns
    const ProgramActivity a{256, 65536};
    Cost c = program_cost(p, a);
    EXPECT_NEAR(c.ns, 256 * 2 * 3 * 60.0, 1e-9);
    EXPECT_NEAR(c.pj, 65536 * 3 * (10 + 0.04), 1e-6);
    p.program_granularity = ProgramGranularity::cell;
    c = program_cost(p, a);
    EXPECT_NEAR(c.ns, 65536 * 3 * 60.0, 1e-6);
}

TEST(TimingEnergy, Dma) {
    const TimingEnergyParams p = round_params(); // 8 bytes/ns, 50 ns latency, 5 pJ/byte
    const Cost c = dma_cost(p, 4096);
    EXPECT_NEAR(c.ns, 50 + 512, 1e-12);
    EXPECT_NEAR(c.pj, 4096 * 5.0, 1e-9);
}

// docs/crossbar/timing-energy.md, "Worked example": BNN I, full 256x256 crossbar (128 outputs x
// 256 inputs), 6-bit ADC, defaults; 128 driven rows, columns carrying 128 x 128 x 22 uA.
TEST(TimingEnergy, WorkedExampleOfTheDocs) {
    const XbarConfig cfg;
    MvmActivity a;
    a.mvms = 1;
    a.word_lines = 128;
    a.conversions = 128;
    a.column_current = 128.0 * 128.0 * 22.0;
    const MvmShape s{1, 128, 6, cfg.adc.adcs};
    EXPECT_NEAR(mvm_time_ns(cfg.timing, s), 13.4, 1e-9);
    const MvmEnergy e = mvm_energy(cfg.timing, cfg.device.v_read, s, a);
    EXPECT_NEAR(e.word_line_pj, 49.92, 1e-9);
    EXPECT_NEAR(e.read_pj, 720.896, 1e-9);
    EXPECT_NEAR(e.adc_pj, 81.92, 1e-9);
    EXPECT_NEAR(e.digital_pj, 6.4, 1e-9);
    EXPECT_NEAR(e.total(), 859.136, 1e-9);
    // 32768 MACs, 2 operations each: 65536 / 859.136 pJ = 76.3 TOPS/W.
    EXPECT_NEAR(2.0 * 32768 / e.total(), 76.28, 0.01);
}

TEST(TimingEnergy, CrossbarReportsShapeAndActivity) {
    XbarConfig cfg = xbar_test::config(Mapping::TNN_IV, ComputeMode::digital);
    Crossbar xb(cfg, 0);
    const std::vector<int8_t> w(10 * 20, 1), x(20, 1);
    const ProgramActivity pa = xb.program(w.data(), 10, 20);
    EXPECT_EQ(pa.rows, 20u);
    EXPECT_EQ(pa.cells, 20u * 20u); // 2 columns per output
    const MvmShape s = xb.shape();
    EXPECT_EQ(s.phases, 2);
    EXPECT_EQ(s.conversions_per_phase, 20); // LSB and MSB column of 10 outputs
    std::vector<int32_t> y(10);
    const MvmActivity a = xb.mvm(x.data(), y.data());
    EXPECT_EQ(a.mvms, 1u);
    EXPECT_EQ(a.conversions, 40u);
    EXPECT_EQ(a.word_lines, 20u); // all inputs +1: 20 rows in phase +, none in phase -
    // Phase +: LSB columns all LRS (w = +1 -> 01), MSB columns all HRS.
    EXPECT_DOUBLE_EQ(a.column_current, 10 * (20 * 20.0 + 20 * 2.0));
}

} // namespace
