// A small deterministic random generator (SplitMix64). The standard library's
// distributions are implementation-defined, so they would make trained models differ
// between standard libraries; this one gives the same bits everywhere.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace cimx::train {

class Rng {
  public:
    explicit Rng(uint64_t seed) : state_(seed) {}

    uint64_t next() {
        uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, 1) with 24 bits, exact in float.
    float uniform() { return static_cast<float>(next() >> 40) * (1.0f / 16777216.0f); }
    float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
    // Uniform integer in [0, n) (n small: the modulo bias is below 2^-40).
    uint64_t below(uint64_t n) { return next() % n; }

    template <typename T> void shuffle(std::vector<T>& v) {
        for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[static_cast<size_t>(below(i))]);
    }

  private:
    uint64_t state_;
};

} // namespace cimx::train
