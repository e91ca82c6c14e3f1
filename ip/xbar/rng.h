// Counter-based random numbers: every draw is a pure function of (seed, stream, indices), so a
// result never depends on the order in which cells or input vectors are processed, nor on the
// number of threads. The mixer is the SplitMix64 finalizer (Steele, Lea, Flood: "Fast splittable
// pseudorandom number generators", OOPSLA 2014), which passes BigCrush when fed a counter.
#pragma once

#include <cmath>
#include <cstdint>

namespace xbar::rng {

// Streams keep draws of different purposes independent even for equal indices.
enum Stream : uint64_t {
    programming = 1,
    stuck = 2,
    read_noise = 3,
    read_noise_cell = 4,
    device_to_device = 5,
    drift = 6,
    adc_static = 7,
    adc_inl = 8,
    adc_noise = 9
};

inline uint64_t mix(uint64_t z) {
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// Hash of a key tuple (seed, stream, a, b, c, d); each field goes through a full mixing round so
// that neighbouring indices give unrelated outputs. prefix() + at() split it for loops over the
// last field: key(s, t, a, b, c, d) == at(prefix(s, t, a, b, c), d).
inline uint64_t prefix(uint64_t seed, uint64_t stream, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
    uint64_t h = mix(seed ^ (stream * 0xd1b54a32d192ed03ull));
    h = mix(h ^ a);
    h = mix(h ^ b);
    return mix(h ^ c);
}
inline uint64_t at(uint64_t prefix_hash, uint64_t d) { return mix(prefix_hash ^ d); }
inline uint64_t key(uint64_t seed, uint64_t stream, uint64_t a, uint64_t b = 0, uint64_t c = 0,
                    uint64_t d = 0) {
    return at(prefix(seed, stream, a, b, c), d);
}

// Uniform in the open interval (0, 1): never 0, so log() below is finite.
inline double uniform_open(uint64_t h) { return (static_cast<double>(h >> 11) + 0.5) * 0x1.0p-53; }

// Uniform in [0, 1).
inline double uniform(uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

// Two independent standard normal deviates from one key (Box-Muller).
struct NormalPair {
    double z0, z1;
};
inline NormalPair normal_pair(uint64_t h) {
    const double u1 = uniform_open(h);
    const double u2 = uniform(mix(h ^ 0x5851f42d4c957f2dull));
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double t = 6.283185307179586476925 * u2;
    return {r * std::cos(t), r * std::sin(t)};
}

inline double normal(uint64_t h) { return normal_pair(h).z0; }

} // namespace xbar::rng
