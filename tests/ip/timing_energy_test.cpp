// Timing and energy functions: formulas with the defaults, scaling with ADCs, phases, bits.
#include "test_util.h"

#include <gtest/gtest.h>

using namespace xbar;

namespace {

TEST(TimingEnergy, MvmTimeCountsPhasesAndAdcRounds) {
    TimingEnergyParams p; // 1 ns DAC, 10 ns read, 0.1 ns per ADC bit
    // BNN I full tile: 128 conversions per phase, 32 ADCs -> 4 rounds of 6-bit conversions.
    EXPECT_NEAR(mvm_time_ns(p, {1, 128, 6, 32}), 1 + 10 + 4 * 0.6, 1e-12);
    // Two phases double it; 33 conversions need 2 rounds on 32 ADCs.
    EXPECT_NEAR(mvm_time_ns(p, {2, 33, 6, 32}), 2 * (11 + 2 * 0.6), 1e-12);
    // Ideal ADC is costed as kIdealAdcCostBits.
    EXPECT_NEAR(mvm_time_ns(p, {1, 1, 0, 1}), 11 + 0.1 * kIdealAdcCostBits, 1e-12);
}

TEST(TimingEnergy, MvmEnergyFromActivity) {
    TimingEnergyParams p;
    MvmActivity a;
    a.mvms = 2;
    a.word_lines = 100;
    a.conversions = 10;
    a.column_current = 1000.0; // uA
    const Cost c = mvm_cost(p, 0.2, {1, 5, 4, 32}, a);
    const double read = 0.2 * 1000.0 * 10.0 * 1e-3; // V * uA * ns = fJ -> pJ
    const double conv = 10 * (50e-3 * 16 + 0.05);   // Walden FOM * 2^4 + shift-add
    EXPECT_NEAR(c.pj, 100 * 0.01 + read + conv, 1e-9);
    EXPECT_NEAR(c.ns, 2 * (11 + 0.4), 1e-12);
}

TEST(TimingEnergy, ProgrammingRowAndCellGranularity) {
    TimingEnergyParams p; // 3 iterations of (50 + 10) ns
    const ProgramActivity a{256, 65536};
    Cost c = program_cost(p, a);
    EXPECT_NEAR(c.ns, 256 * 2 * 3 * 60.0, 1e-9);
    EXPECT_NEAR(c.pj, 65536 * 3 * (10 + 0.04), 1e-6);
    p.program_granularity = ProgramGranularity::cell;
    c = program_cost(p, a);
    EXPECT_NEAR(c.ns, 65536 * 3 * 60.0, 1e-6);
}

TEST(TimingEnergy, Dma) {
    TimingEnergyParams p; // 8 bytes/ns, 50 ns latency, 5 pJ/byte
    const Cost c = dma_cost(p, 4096);
    EXPECT_NEAR(c.ns, 50 + 512, 1e-12);
    EXPECT_NEAR(c.pj, 4096 * 5.0, 1e-9);
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
