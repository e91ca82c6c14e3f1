// Random weights or inputs for the crossbar benchmarks: uniform over the alphabet of a binary
// ({-1, +1}) or ternary ({-1, 0, +1}) network, from the benchmark's own generator (fixed seed,
// so every run measures the same tile).
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace xbar_bench {

inline std::vector<int8_t> random_values(size_t n, bool ternary, std::mt19937& g) {
    std::vector<int8_t> v(n);
    std::uniform_int_distribution<int> d(ternary ? -1 : 0, 1);
    for (int8_t& e : v) {
        const int r = d(g);
        e = static_cast<int8_t>(ternary ? r : (r ? 1 : -1));
    }
    return v;
}

} // namespace xbar_bench
