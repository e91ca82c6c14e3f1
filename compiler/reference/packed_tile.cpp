#include "compiler/reference/packed_tile.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cimc {

namespace {

// sums[o] = sum over the words w of popcount(agree) - popcount(disagree).
inline void packed_dots_body(const uint64_t* plus, const uint64_t* minus, uint32_t outputs,
                             uint32_t words, const uint64_t* x_plus, const uint64_t* x_minus,
                             int32_t* sums) {
    for (uint32_t o = 0; o < outputs; ++o) sums[o] = 0;
    for (uint32_t w = 0; w < words; ++w) {
        const uint64_t xp = x_plus[w], xm = x_minus[w];
        const uint64_t* p = plus + static_cast<size_t>(w) * outputs;
        const uint64_t* m = minus + static_cast<size_t>(w) * outputs;
        for (uint32_t o = 0; o < outputs; ++o) {
            const uint64_t agree = (p[o] & xp) | (m[o] & xm);
            const uint64_t disagree = (p[o] & xm) | (m[o] & xp);
            sums[o] += static_cast<int32_t>(__builtin_popcountll(agree)) -
                       static_cast<int32_t>(__builtin_popcountll(disagree));
        }
    }
}

using PackedDots = void (*)(const uint64_t*, const uint64_t*, uint32_t, uint32_t, const uint64_t*,
                            const uint64_t*, int32_t*);

// A vectorised popcount where the host has one (AVX-512 VPOPCNTDQ: eight outputs per
// instruction), the scalar POPCNT instruction otherwise. GCC 12's target_clones cannot dispatch
// on VPOPCNTDQ, hence the explicit choice, made once. Integer sums: every variant gives the same
// bits.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target("avx512f,avx512vpopcntdq"))) void
packed_dots_vpopcnt(const uint64_t* plus, const uint64_t* minus, uint32_t outputs, uint32_t words,
                    const uint64_t* x_plus, const uint64_t* x_minus, int32_t* sums) {
    packed_dots_body(plus, minus, outputs, words, x_plus, x_minus, sums);
}

__attribute__((target("popcnt"))) void packed_dots_popcnt(const uint64_t* plus,
                                                          const uint64_t* minus, uint32_t outputs,
                                                          uint32_t words, const uint64_t* x_plus,
                                                          const uint64_t* x_minus, int32_t* sums) {
    packed_dots_body(plus, minus, outputs, words, x_plus, x_minus, sums);
}
#endif

void packed_dots_default(const uint64_t* plus, const uint64_t* minus, uint32_t outputs,
                         uint32_t words, const uint64_t* x_plus, const uint64_t* x_minus,
                         int32_t* sums) {
    packed_dots_body(plus, minus, outputs, words, x_plus, x_minus, sums);
}

PackedDots choose_packed_dots() {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512vpopcntdq")) return packed_dots_vpopcnt;
    if (__builtin_cpu_supports("popcnt")) return packed_dots_popcnt;
#endif
    return packed_dots_default;
}

const PackedDots packed_dots = choose_packed_dots();

} // namespace

bool pack_ternary(const int8_t* x, uint32_t n, uint64_t* plus, uint64_t* minus) {
    const uint32_t words = (n + 63) / 64;
    for (uint32_t w = 0; w < words; ++w) plus[w] = minus[w] = 0;
    uint64_t other = 0; // any input outside {-1, 0, +1}
    uint32_t i = 0;
#if defined(__SSE2__)
    const __m128i one = _mm_set1_epi8(1), minus_one = _mm_set1_epi8(-1), zero = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x + i));
        const uint64_t p = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, one)));
        const uint64_t m = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, minus_one)));
        const uint64_t z = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)));
        plus[i / 64] |= p << (i % 64);
        minus[i / 64] |= m << (i % 64);
        other |= (p | m | z) ^ 0xffff;
    }
#endif
    for (; i < n; ++i) {
        const uint64_t bit = uint64_t{1} << (i % 64);
        plus[i / 64] |= x[i] == 1 ? bit : 0;
        minus[i / 64] |= x[i] == -1 ? bit : 0;
        other |= x[i] < -1 || x[i] > 1;
    }
    return other == 0;
}

void PackedTile::pack(const int8_t* weights, uint32_t outputs, uint32_t inputs) {
    outputs_ = outputs;
    inputs_ = inputs;
    words_ = (inputs + 63) / 64;
    weights_.assign(weights, weights + static_cast<size_t>(outputs) * inputs);
    plus_.assign(static_cast<size_t>(words_) * outputs, 0);
    minus_.assign(plus_.size(), 0);
    for (uint32_t o = 0; o < outputs; ++o)
        for (uint32_t i = 0; i < inputs; ++i) {
            const int8_t w = weights[static_cast<size_t>(o) * inputs + i];
            const size_t word = static_cast<size_t>(i / 64) * outputs + o;
            const uint64_t bit = uint64_t{1} << (i % 64);
            if (w == 1) plus_[word] |= bit;
            if (w == -1) minus_[word] |= bit;
        }
    x_planes_.assign(2 * static_cast<size_t>(words_), 0);
    sums_.assign(outputs, 0);
}

void PackedTile::mvm(const int8_t* x, int32_t* y, bool accumulate) const {
    uint64_t* xp = x_planes_.data();
    uint64_t* xm = xp + words_;
    if (!pack_ternary(x, inputs_, xp, xm)) return plain_mvm(x, y, accumulate);
    packed_dots(plus_.data(), minus_.data(), outputs_, words_, xp, xm, sums_.data());
    for (uint32_t o = 0; o < outputs_; ++o) y[o] = accumulate ? y[o] + sums_[o] : sums_[o];
}

void PackedTile::plain_mvm(const int8_t* x, int32_t* y, bool accumulate) const {
    for (uint32_t o = 0; o < outputs_; ++o) {
        const int8_t* w = weights_.data() + static_cast<size_t>(o) * inputs_;
        int32_t sum = 0;
        for (uint32_t i = 0; i < inputs_; ++i) sum += w[i] * static_cast<int32_t>(x[i]);
        y[o] = accumulate ? y[o] + sum : sum;
    }
}

} // namespace cimc
