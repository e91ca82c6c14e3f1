// Hand-worked examples per mapping: cell layout, ADC input signals and results.
#include "tests/ip/xbar/test_util.h"

#include <gtest/gtest.h>

using namespace xbar;
using xbar_test::config;

namespace {

// W rows (+1,-1,+1,+1), (-1,-1,+1,-1), (+1,+1,+1,+1); x = (+1,-1,-1,+1) -> y = (2,-2,0).
const std::vector<int8_t> kW = {1, -1, 1, 1, -1, -1, 1, -1, 1, 1, 1, 1};
const std::vector<int8_t> kX = {1, -1, -1, 1};
const std::vector<int32_t> kY = {2, -2, 0};

// Ternary: rows (1,0,-1,1), (0,0,1,-1), (-1,1,0,0); x = (1,-1,0,1) -> y = (2,-1,-2).
const std::vector<int8_t> kWt = {1, 0, -1, 1, 0, 0, 1, -1, -1, 1, 0, 0};
const std::vector<int8_t> kXt = {1, -1, 0, 1};
const std::vector<int32_t> kYt = {2, -1, -2};

class Golden : public ::testing::TestWithParam<Mapping> {};

TEST_P(Golden, BinaryExampleInBothModes) {
    for (ComputeMode mode : {ComputeMode::digital, ComputeMode::analog})
        EXPECT_EQ(xbar_test::run(config(GetParam(), mode), kW, 3, 4, kX, 1), kY)
            << to_string(GetParam()) << " " << to_string(mode);
}

INSTANTIATE_TEST_SUITE_P(AllMappings, Golden, ::testing::ValuesIn(kAllMappings),
                         [](const auto& info) { return std::string(to_string(info.param)); });

TEST(GoldenTernary, TernaryExampleInBothModes) {
    for (Mapping m : kAllMappings) {
        if (!spec(m).ternary) continue;
        for (ComputeMode mode : {ComputeMode::digital, ComputeMode::analog})
            EXPECT_EQ(xbar_test::run(config(m, mode), kWt, 3, 4, kXt, 1), kYt)
                << to_string(m) << " " << to_string(mode);
    }
}

// Signals of the binary example, worked by hand with I_HRS = 2 uA, I_LRS = 20 uA (dI = 18).
// Output 0: w = (+1,-1,+1,+1), x = (+1,-1,-1,+1), Sw = 2, Sx = 0, y = 2.
std::vector<double> signals_of(Mapping m) {
    Crossbar xb(config(m, ComputeMode::analog), 0);
    xb.program(kW.data(), 3, 4);
    std::vector<int32_t> y(3);
    std::vector<double> s(3 * spec(m).n_conversions);
    xb.probe(kX.data(), y.data(), s.data());
    EXPECT_EQ(y, kY);
    return s;
}

TEST(GoldenSignals, BnnI) {
    // v = [x=+1] drives inputs 0 and 3; g+ = [w=+1] -> (1,1): I+ - I- = 2 dI = 36; y = 2*2 - 2.
    EXPECT_DOUBLE_EQ(signals_of(Mapping::BNN_I)[0], 36.0);
}

TEST(GoldenSignals, BnnII) {
    // v = [x=-1] drives inputs 1 and 2 with w = (-1,+1): I- - I+ = 0; y = 0 + Sw = 2.
    EXPECT_DOUBLE_EQ(signals_of(Mapping::BNN_II)[0], 0.0);
}

TEST(GoldenSignals, BnnIII) {
    // g = [w=+1] = (1,0,1,1). Phase v+ (inputs 0,3): 2 LRS = 40. Phase v- (inputs 1,2): one LRS,
    // one HRS = 22. y = 2(40 - 22)/18 - Sx(1 + 2h) = 2 - 0 = 2.
    const std::vector<double> s = signals_of(Mapping::BNN_III);
    EXPECT_DOUBLE_EQ(s[0], 40.0);
    EXPECT_DOUBLE_EQ(s[1], 22.0);
}

TEST(GoldenSignals, BnnIV) {
    // g = [w=-1] = (0,1,0,0). Phase v+ (inputs 0,3): 2 HRS = 4. Phase v-: LRS + HRS = 22.
    // y = 2(22 - 4)/18 + 0 = 2.
    const std::vector<double> s = signals_of(Mapping::BNN_IV);
    EXPECT_DOUBLE_EQ(s[0], 4.0);
    EXPECT_DOUBLE_EQ(s[1], 22.0);
}

TEST(GoldenSignals, BnnV) {
    // XNOR: k = #(w = x) = 3 of n = 4: I = 3 dI + 4 I_HRS = 62; y = 2k - n = 2.
    EXPECT_DOUBLE_EQ(signals_of(Mapping::BNN_V)[0], 62.0);
}

TEST(GoldenSignals, BnnVI) {
    // I_diff = dI * W x = 36.
    EXPECT_DOUBLE_EQ(signals_of(Mapping::BNN_VI)[0], 36.0);
}

TEST(GoldenSignals, TnnIV) {
    // LSB column [w!=0] = (1,1,1,1), MSB column [w=-1] = (0,1,0,0).
    // Phase + (inputs 0,3): LSB 40, MSB 4. Phase - (inputs 1,2): LSB 40, MSB 22.
    // y = (40-40)/18 - 2(4-22)/18 + h Sx = 0 + 2 + 0 = 2.
    const std::vector<double> s = signals_of(Mapping::TNN_IV);
    EXPECT_DOUBLE_EQ(s[0], 40.0);
    EXPECT_DOUBLE_EQ(s[1], 40.0);
    EXPECT_DOUBLE_EQ(s[2], 4.0);
    EXPECT_DOUBLE_EQ(s[3], 22.0);
}

TEST(GoldenSignals, TnnV) {
    // w+1 = (2,0,2,2): LSB [w=0] = (0,0,0,0), MSB [w=+1] = (1,0,1,1).
    // Phase +: LSB 4, MSB 40. Phase -: LSB 4, MSB 22. y = 0 + 2(40-22)/18 - Sx(1+3h) = 2.
    const std::vector<double> s = signals_of(Mapping::TNN_V);
    EXPECT_DOUBLE_EQ(s[0], 4.0);
    EXPECT_DOUBLE_EQ(s[1], 4.0);
    EXPECT_DOUBLE_EQ(s[2], 40.0);
    EXPECT_DOUBLE_EQ(s[3], 22.0);
}

TEST(GoldenSignals, TnnII) {
    // Phase b0 = [x!=0] drives all four inputs: dI * Sw = 36. Phase b1 = [x=-1] drives inputs
    // 1, 2 with w = (-1,+1): 0. y = 2 - 2*0 = 2.
    const std::vector<double> s = signals_of(Mapping::TNN_II);
    EXPECT_DOUBLE_EQ(s[0], 36.0);
    EXPECT_DOUBLE_EQ(s[1], 0.0);
}

TEST(GoldenSignals, TnnIII) {
    // x+1 = (2,0,0,2): b0 drives nothing, b1 drives inputs 0, 3 (w = 1, 1): 36.
    // y = 0 + 2*2 - Sw = 2.
    const std::vector<double> s = signals_of(Mapping::TNN_III);
    EXPECT_DOUBLE_EQ(s[0], 0.0);
    EXPECT_DOUBLE_EQ(s[1], 36.0);
}

TEST(GoldenSignals, DigitalProbeGivesTheNominalAnalogSignals) {
    for (Mapping m : kAllMappings) {
        const int nc = spec(m).n_conversions;
        std::vector<double> analog(3 * nc), digital(3 * nc);
        std::vector<int32_t> y(3);
        Crossbar a(config(m, ComputeMode::analog), 0), d(config(m, ComputeMode::digital), 0);
        a.program(kW.data(), 3, 4);
        d.program(kW.data(), 3, 4);
        a.probe(kX.data(), y.data(), analog.data());
        d.probe(kX.data(), y.data(), digital.data());
        for (int k = 0; k < 3 * nc; ++k) EXPECT_NEAR(analog[k], digital[k], 1e-9) << to_string(m);
    }
}

TEST(Device, ConductancesFollowFromCurrents) {
    const DeviceParams p; // 2 uA and 20 uA at 0.2 V: 10 uS (100 kOhm) and 100 uS (10 kOhm)
    EXPECT_DOUBLE_EQ(p.g_hrs_us(), 10.0);
    EXPECT_DOUBLE_EQ(p.g_lrs_us(), 100.0);
}

// Physical layout: where the cells of a 1-output, 2-input tile with w = (+1, -1) sit.
std::vector<std::vector<int>> layout(Mapping m) {
    Crossbar xb(config(m, ComputeMode::analog), 0);
    const std::vector<int8_t> w = {1, -1};
    xb.program(w.data(), 1, 2);
    std::vector<std::vector<int>> cells(xb.used_rows(), std::vector<int>(xb.used_cols()));
    for (int r = 0; r < xb.used_rows(); ++r)
        for (int c = 0; c < xb.used_cols(); ++c) cells[r][c] = xb.cell_lrs(r, c);
    return cells;
}

TEST(Layout, DifferentialColumnPair) {
    using L = std::vector<std::vector<int>>;
    EXPECT_EQ(layout(Mapping::BNN_I), (L{{1, 0}, {0, 1}}));
    EXPECT_EQ(layout(Mapping::BNN_II), (L{{1, 0}, {0, 1}}));
    EXPECT_EQ(layout(Mapping::TNN_II), (L{{1, 0}, {0, 1}}));
    EXPECT_EQ(layout(Mapping::TNN_III), (L{{1, 0}, {0, 1}}));
}

TEST(Layout, SingleColumn) {
    using L = std::vector<std::vector<int>>;
    EXPECT_EQ(layout(Mapping::BNN_III), (L{{1}, {0}}));
    EXPECT_EQ(layout(Mapping::BNN_IV), (L{{0}, {1}}));
}

TEST(Layout, TwoRowsPerInput) {
    using L = std::vector<std::vector<int>>;
    // rows: input 0 (v+, v-), input 1 (v+, v-)
    EXPECT_EQ(layout(Mapping::BNN_V), (L{{1}, {0}, {0}, {1}}));
    EXPECT_EQ(layout(Mapping::BNN_VI), (L{{1, 0}, {0, 1}, {0, 1}, {1, 0}}));
    EXPECT_EQ(layout(Mapping::TNN_I), (L{{1, 0}, {0, 1}, {0, 1}, {1, 0}}));
}

TEST(Layout, BitSliceColumns) {
    using L = std::vector<std::vector<int>>;
    // TNN IV: (LSB, MSB) of two's complement: +1 = 01, -1 = 11.
    EXPECT_EQ(layout(Mapping::TNN_IV), (L{{1, 0}, {1, 1}}));
    // TNN V: w+1 unsigned: +1 -> 2 = 10, -1 -> 0 = 00.
    EXPECT_EQ(layout(Mapping::TNN_V), (L{{0, 1}, {0, 0}}));
}

TEST(Capacity, TwoRowsPerInputHalveTheInputs) {
    XbarConfig c;
    c.mapping = Mapping::BNN_I;
    EXPECT_EQ(c.max_tile_inputs(), 256);
    EXPECT_EQ(c.max_tile_outputs(), 128);
    c.mapping = Mapping::BNN_III;
    EXPECT_EQ(c.max_tile_outputs(), 256);
    c.mapping = Mapping::BNN_V;
    EXPECT_EQ(c.max_tile_inputs(), 128);
    EXPECT_EQ(c.max_tile_outputs(), 256);
    c.mapping = Mapping::TNN_I;
    EXPECT_EQ(c.max_tile_inputs(), 128);
    EXPECT_EQ(c.max_tile_outputs(), 128);
}

} // namespace
