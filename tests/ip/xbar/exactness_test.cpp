// Exactness rule: digital mode, and analog mode with ideal cells and an ideal ADC, return exactly
// W x for every mapping, every tile size up to the crossbar and every input.
#include "tests/ip/xbar/test_util.h"

#include <gtest/gtest.h>

#include <set>

using namespace xbar;
using xbar_test::config;
using xbar_test::random_values;
using xbar_test::reference_mvm;

namespace {

struct Case {
    Mapping mapping;
    ComputeMode mode;
};

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
    return std::string(to_string(info.param.mapping)) + "_" + to_string(info.param.mode);
}

std::vector<Case> all_cases() {
    std::vector<Case> v;
    for (Mapping m : kAllMappings)
        for (ComputeMode mode : {ComputeMode::digital, ComputeMode::analog}) v.push_back({m, mode});
    return v;
}

// Sizes 1..max: the small ones, the word boundaries of the bit columns, the largest, and a few
// random ones in between.
std::vector<int> sizes(int max, std::mt19937& g) {
    std::set<int> s = {1, 2, 3, 5, 31, 63, 64, 65, 127, 128, 129, max - 1, max};
    std::uniform_int_distribution<int> d(1, max);
    for (int k = 0; k < 3; ++k) s.insert(d(g));
    std::vector<int> out;
    for (int v : s)
        if (v >= 1 && v <= max) out.push_back(v);
    return out;
}

class Exactness : public ::testing::TestWithParam<Case> {
  protected:
    void check(const XbarConfig& c, std::mt19937& g, size_t batch = 4) {
        const bool ternary = spec(c.mapping).ternary;
        for (int m : sizes(c.max_tile_outputs(), g))
            for (int n : sizes(c.max_tile_inputs(), g)) {
                const std::vector<int8_t> w = random_values(static_cast<size_t>(m) * n, ternary, g);
                const std::vector<int8_t> x = random_values(batch * n, ternary, g);
                ASSERT_EQ(xbar_test::run(c, w, m, n, x, batch), reference_mvm(w, m, n, x, batch))
                    << "tile " << m << "x" << n;
            }
    }
};

TEST_P(Exactness, RandomTilesOfEverySizeClass) {
    std::mt19937 g(1234);
    check(config(GetParam().mapping, GetParam().mode), g);
}

TEST_P(Exactness, OddCurrentsAndSmallCrossbar) {
    // Currents that are not exact binary fractions, and a crossbar that is not square.
    XbarConfig c = config(GetParam().mapping, GetParam().mode, 72, 40);
    c.device.i_hrs = 1.7;
    c.device.i_lrs = 23.3;
    std::mt19937 g(99);
    check(c, g, 3);
}

TEST_P(Exactness, IdealAdcIgnoresRangeSettings) {
    XbarConfig c = config(GetParam().mapping, GetParam().mode, 64, 64);
    c.adc.alpha = 0.1;
    std::mt19937 g(5);
    check(c, g, 2);
}

TEST_P(Exactness, EveryWeightAndInputOfThreeInputs) {
    // All 3-input weight rows as outputs of one tile, against every input vector.
    const XbarConfig c = config(GetParam().mapping, GetParam().mode, 16, 256);
    const bool ternary = spec(c.mapping).ternary;
    const std::vector<int> alphabet =
        ternary ? std::vector<int>{-1, 0, 1} : std::vector<int>{-1, 1};
    std::vector<int8_t> all;
    for (int a : alphabet)
        for (int b : alphabet)
            for (int d : alphabet) all.insert(all.end(), {int8_t(a), int8_t(b), int8_t(d)});
    const int rows = static_cast<int>(all.size() / 3);
    const int m = std::min(rows, c.max_tile_outputs());
    const std::vector<int8_t> w(all.begin(), all.begin() + 3 * m);
    EXPECT_EQ(xbar_test::run(c, w, m, 3, all, rows), reference_mvm(w, m, 3, all, rows));
}

TEST_P(Exactness, ExtremeInputs) {
    const XbarConfig c = config(GetParam().mapping, GetParam().mode);
    const int m = c.max_tile_outputs(), n = c.max_tile_inputs();
    const bool ternary = spec(c.mapping).ternary;
    std::mt19937 g(7);
    const std::vector<int8_t> w = random_values(static_cast<size_t>(m) * n, ternary, g);
    std::vector<int8_t> x(3 * n, 1);
    std::fill(x.begin() + n, x.begin() + 2 * n, -1);
    std::fill(x.begin() + 2 * n, x.end(), ternary ? 0 : 1);
    EXPECT_EQ(xbar_test::run(c, w, m, n, x, 3), reference_mvm(w, m, n, x, 3));
    // All weights equal: the largest column currents the tile can produce.
    for (int8_t v : {int8_t(1), int8_t(-1)}) {
        const std::vector<int8_t> wc(static_cast<size_t>(m) * n, v);
        EXPECT_EQ(xbar_test::run(c, wc, m, n, x, 3), reference_mvm(wc, m, n, x, 3));
    }
}

INSTANTIATE_TEST_SUITE_P(AllMappings, Exactness, ::testing::ValuesIn(all_cases()), case_name);

TEST(ExactnessThreads, ResultsDoNotDependOnThreads) {
    XbarConfig c = config(Mapping::BNN_I, ComputeMode::analog);
    c.device.sigma_hrs = 0.5;
    c.device.sigma_lrs = 2.0;
    c.device.sigma_read = 0.05;
    c.adc.bits = 5;
    std::mt19937 g(3);
    const int m = 128, n = 256;
    const std::vector<int8_t> w = random_values(m * n, false, g);
    const std::vector<int8_t> x = random_values(64 * n, false, g);
    Crossbar a(c, 0), b(c, 0);
    a.program(w.data(), m, n);
    b.program(w.data(), m, n);
    std::vector<int32_t> ya(64 * m), yb(64 * m);
    const MvmActivity aa = a.mvm_batch(x.data(), 64, ya.data(), 1);
    const MvmActivity ab = b.mvm_batch(x.data(), 64, yb.data(), 2);
    EXPECT_EQ(ya, yb);
    EXPECT_EQ(aa.column_current, ab.column_current);
    EXPECT_EQ(aa.conversions, ab.conversions);
}

} // namespace
