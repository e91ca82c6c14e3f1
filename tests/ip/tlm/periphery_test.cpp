// The threshold unit against its definition, computed here in 64 bits: s = acc (dir >= 0) or
// -acc (dir < 0), act = 1 if s >= hi, 0 if s >= lo, else -1; on random values and on the
// edges of the 32-bit range (INT32_MIN accumulators and bounds, where -acc and bound - 1 leave
// it), with lo > hi and dir 0 included.
#include "ip/tlm/periphery.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace {

int8_t reference(int32_t acc, const cimvp::periphery::Threshold& t) {
    const int64_t s = t.dir < 0 ? -int64_t(acc) : int64_t(acc);
    return s >= t.hi ? 1 : s >= t.lo ? 0 : -1;
}

TEST(Periphery, ThresholdMatchesItsDefinitionAtTheEdgesOfTheRange) {
    constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
    constexpr int32_t kMax = std::numeric_limits<int32_t>::max();
    const std::vector<int32_t> edges = {kMin, kMin + 1, kMin + 2, -2, -1, 0, 1, 2, kMax - 1, kMax};
    std::mt19937 random(5);
    std::vector<cimvp::periphery::Threshold> table;
    for (int32_t lo : edges)
        for (int32_t hi : edges)
            for (int32_t dir : {-1, 0, 1, kMin}) table.push_back({lo, hi, dir});
    for (int k = 0; k < 200; ++k) {
        const int32_t lo = int32_t(random() % 41) - 20, hi = int32_t(random() % 41) - 20;
        table.push_back({lo, hi, int32_t(random() % 3) - 1});
    }
    std::vector<int32_t> values = edges;
    for (int k = 0; k < 40; ++k) values.push_back(int32_t(random() % 61) - 30);
    // Every value in every channel: row r holds values[(r + c) % n] in channel c.
    const uint32_t channels = uint32_t(table.size()), rows = uint32_t(values.size());
    std::vector<int32_t> acc(size_t(rows) * channels);
    for (uint32_t r = 0; r < rows; ++r)
        for (uint32_t c = 0; c < channels; ++c)
            acc[size_t(r) * channels + c] = values[(r + c) % values.size()];
    std::vector<int8_t> act(acc.size(), 7);
    cimvp::periphery::threshold(acc.data(), rows, channels, table.data(), act.data());
    for (size_t i = 0; i < acc.size(); ++i)
        ASSERT_EQ(act[i], reference(acc[i], table[i % channels]))
            << "acc " << acc[i] << ", lo " << table[i % channels].lo << ", hi "
            << table[i % channels].hi << ", dir " << table[i % channels].dir;
}

} // namespace
