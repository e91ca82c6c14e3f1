// Tiling cuts evenly within the crossbar's tile limits; placement keeps every tile resident
// when they fit, and otherwise pins count - 1 tiles and streams the rest through the last
// crossbar (the fewest re-programmings per batch for the cyclic tile order).
#include "compiler/passes/placement.h"
#include "compiler/passes/tiling.h"

#include <gtest/gtest.h>

#include <set>

namespace compilertest {
namespace {

TEST(Tiling, EvenSplitsWithinTheLimit) {
    using P = std::vector<std::pair<int64_t, int64_t>>;
    EXPECT_EQ(cimc::split_even(784, 256), (P{{0, 196}, {196, 196}, {392, 196}, {588, 196}}));
    EXPECT_EQ(cimc::split_even(10, 4), (P{{0, 4}, {4, 3}, {7, 3}}));
    EXPECT_EQ(cimc::split_even(5, 5), (P{{0, 5}}));
    for (int64_t n = 1; n < 300; n += 7)
        for (int64_t m : {1, 3, 64, 128}) {
            int64_t next = 0;
            for (auto [b, s] : cimc::split_even(n, m)) {
                EXPECT_EQ(b, next);
                EXPECT_LE(s, m);
                EXPECT_GE(s, 1);
                next = b + s;
            }
            EXPECT_EQ(next, n);
        }
}

cimc::Network network_with_tiles(int tiles, int crossbars) {
    cimc::Network net;
    net.target.crossbars = crossbars;
    net.layers.resize(2);
    for (int i = 0; i < tiles; ++i) net.layers[size_t(i % 2)].tiles.emplace_back();
    cimc::place_tiles(net);
    return net;
}

std::vector<std::pair<int, bool>> placement(const cimc::Network& net) {
    std::vector<std::pair<int, bool>> out;
    for (const auto& l : net.layers)
        for (const auto& t : l.tiles) out.emplace_back(t.xbar, t.streamed);
    return out;
}

TEST(Placement, AllResidentWhenTheyFit) {
    const cimc::Network net = network_with_tiles(6, 6);
    std::set<int> used;
    for (auto [x, streamed] : placement(net)) {
        EXPECT_FALSE(streamed);
        used.insert(x);
    }
    EXPECT_EQ(used.size(), 6u);
    EXPECT_EQ(net.target.streamed_tiles, 0);
}

TEST(Placement, ReprogramsTheLastCrossbarWhenTheyDoNot) {
    const cimc::Network net = network_with_tiles(7, 3);
    // Execution order: layer 0's tiles (4), then layer 1's (3).
    using P = std::vector<std::pair<int, bool>>;
    EXPECT_EQ(placement(net),
              (P{{0, false}, {1, false}, {2, true}, {2, true}, {2, true}, {2, true}, {2, true}}));
    EXPECT_EQ(net.target.streamed_tiles, 5);
    EXPECT_EQ(net.target.crossbars_used, 3);
    const cimc::Network one = network_with_tiles(3, 1);
    for (auto [x, streamed] : placement(one)) EXPECT_TRUE(x == 0 && streamed);
}

} // namespace
} // namespace compilertest
