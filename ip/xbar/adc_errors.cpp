#include "ip/xbar/adc_errors.h"

#include "ip/xbar/rng.h"

#include <algorithm>

namespace xbar {

AdcErrors::AdcErrors(const AdcErrorParams& p, int bits, int adcs, uint64_t seed, uint32_t tile)
    : p_(p), codes_(uint64_t{1} << bits), offset_(adcs, 0.0), gain_(adcs, 1.0) {
    const bool inl = p.inl_lsb > 0.0;
    if (inl) transitions_.resize(static_cast<size_t>(adcs) * (codes_ - 1));
    for (int a = 0; a < adcs; ++a) {
        const rng::NormalPair z = rng::normal_pair(rng::key(seed, rng::adc_static, tile, a));
        offset_[a] = p.offset_lsb * z.z0;
        gain_[a] = 1.0 + p.gain_sigma * z.z1;
        if (!inl) continue;
        const uint64_t pre = rng::prefix(seed, rng::adc_inl, tile, a);
        float* t = transitions_.data() + index(a, 1);
        for (uint64_t k = 1; k < codes_; ++k)
            t[k - 1] = static_cast<float>(static_cast<double>(k) - 0.5 +
                                          p.inl_lsb * rng::normal(rng::at(pre, k)));
        std::sort(t, t + (codes_ - 1));
    }
}

uint32_t AdcErrors::code(const Adc& adc, int a, double signal, double z) const {
    const double step = adc.step();
    if (!(step > 0.0)) return 0;
    const double x = signal * gain_[a] + (offset_[a] + p_.noise_lsb * z) * step;
    if (transitions_.empty()) return adc.code(x);
    const float u = static_cast<float>((x - adc.range().lo) / step);
    // Branch-free binary search for the number of transitions <= u (upper_bound): the
    // comparisons compile to conditional moves, so random inputs cost no mispredictions.
    const float* t = transitions_.data() + index(a, 1);
    size_t base = 0, n = codes_ - 1;
    while (n > 1) {
        const size_t half = n / 2;
        base = t[base + half] <= u ? base + half : base;
        n -= half;
    }
    return static_cast<uint32_t>(base + (t[base] <= u ? 1 : 0));
}

} // namespace xbar
