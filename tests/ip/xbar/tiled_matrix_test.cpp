// Matrices larger than one crossbar: tiling over several crossbars, digital accumulation.
#include "tests/ip/xbar/test_util.h"

#include "ip/xbar/tiled_matrix.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace xbar;

namespace {

TEST(TiledMatrix, GridFollowsTheMappingsCapacity) {
    XbarConfig c = xbar_test::config(Mapping::BNN_VI, ComputeMode::digital, 64, 64);
    const TileGrid g = tile_grid(c, 100, 70); // tiles of 32 outputs x 32 inputs
    EXPECT_EQ(g.output_tiles, 4);
    EXPECT_EQ(g.input_tiles, 3);
    EXPECT_EQ(g.count(), 12);
}

TEST(TiledMatrix, ExactAcrossTilesForEveryMapping) {
    for (Mapping m : kAllMappings)
        for (ComputeMode mode : {ComputeMode::digital, ComputeMode::analog}) {
            XbarConfig c = xbar_test::config(m, mode, 32, 24);
            c.crossbars = 64;
            std::mt19937 g(static_cast<unsigned>(m) * 7 + 1);
            const int outs = 50, ins = 45;
            const bool t = spec(m).ternary;
            const auto w = xbar_test::random_values(outs * ins, t, g);
            const auto x = xbar_test::random_values(5 * ins, t, g);
            TiledMatrix tm(c, w.data(), outs, ins);
            std::vector<int32_t> y(5 * outs);
            const Cost cost = tm.mvm_batch(x.data(), 5, y.data());
            EXPECT_EQ(y, xbar_test::reference_mvm(w, outs, ins, x, 5)) << to_string(m);
            // Crossbars run in parallel: the batch takes as long as the slowest one.
            double slowest = 0.0;
            for (const Crossbar& xb : tm.crossbars())
                slowest = std::max(slowest, 5 * mvm_time_ns(c.timing, xb.shape()));
            EXPECT_DOUBLE_EQ(cost.ns, slowest) << to_string(m);
            EXPECT_GT(cost.pj, 0.0) << to_string(m);
        }
}

TEST(TiledMatrix, TooManyCrossbarsIsAnError) {
    XbarConfig c = xbar_test::config(Mapping::BNN_I, ComputeMode::digital, 256, 256);
    c.crossbars = 2;
    const std::vector<int8_t> w(200 * 300, 1);
    try {
        TiledMatrix tm(c, w.data(), 200, 300);
        FAIL() << "expected an error";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "200 outputs x 300 inputs need 4 crossbars of 256x256 under BNN_I "
                               "(2 x 2 tiles of at most 128 outputs x 256 inputs), but "
                               "xbar.count = 2");
    }
}

TEST(Crossbar, RejectsBadTilesAndInputs) {
    Crossbar xb(xbar_test::config(Mapping::BNN_V, ComputeMode::analog), 0);
    const std::vector<int8_t> w(129, 1);
    EXPECT_THROW(xb.program(w.data(), 1, 129), std::invalid_argument); // 2 rows per input
    std::vector<int8_t> x(4, 1);
    int32_t y[1];
    EXPECT_THROW(xb.mvm(x.data(), y), std::invalid_argument); // nothing programmed
    const std::vector<int8_t> w0 = {1, 0, 1, 1};
    EXPECT_THROW(xb.program(w0.data(), 1, 4), std::invalid_argument); // 0 is not binary
    xb.program(w.data(), 1, 4);
    x[2] = 0;
    EXPECT_THROW(xb.mvm(x.data(), y), std::invalid_argument);
    // A rejected tile leaves the programmed one in place.
    EXPECT_THROW(xb.program(w0.data(), 1, 4), std::invalid_argument);
    x[2] = -1;
    xb.mvm(x.data(), y);
    EXPECT_EQ(y[0], 2);
    EXPECT_EQ(xb.inputs(), 4);
}

} // namespace
