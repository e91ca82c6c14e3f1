// 1-bit word-line drivers (the crossbar's DACs): each phase of an MVM drives a word-line fully
// (V_read) or not at all, so an input vector becomes one bit mask of driven rows per phase.
// Binary/ternary inputs need no multi-bit DAC; the mappings that slice an input into two bits
// (TNN II/III) or split it by sign (BNN III/IV, TNN IV/V) pay a second phase instead.
//
// The masks are built 16 inputs at a time from byte comparisons (SSE2 where available), since
// this runs once per MVM and per phase.
#pragma once

#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace xbar {

// Bit i of pos / neg / zero (word i / 64) is set when x[i] is +1 / -1 / 0; `words` words each.
inline void input_masks(const int8_t* x, int n, uint64_t* pos, uint64_t* neg, uint64_t* zero) {
    const int words = (n + 63) / 64;
    for (int w = 0; w < words; ++w) pos[w] = neg[w] = zero[w] = 0;
    int i = 0;
#if defined(__SSE2__)
    const __m128i one = _mm_set1_epi8(1), minus = _mm_set1_epi8(-1), nil = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x + i));
        const uint64_t shift = static_cast<uint64_t>(i % 64);
        pos[i / 64] |= static_cast<uint64_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, one))) << shift;
        neg[i / 64] |= static_cast<uint64_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, minus))) << shift;
        zero[i / 64] |= static_cast<uint64_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, nil))) << shift;
    }
#endif
    for (; i < n; ++i) {
        const uint64_t bit = uint64_t{1} << (i % 64);
        pos[i / 64] |= x[i] == 1 ? bit : 0;
        neg[i / 64] |= x[i] == -1 ? bit : 0;
        zero[i / 64] |= x[i] == 0 ? bit : 0;
    }
}

// Spreads the 32 bits of v to the even bit positions of the result (Morton encoding), used for
// mappings with two word-lines per input: input i drives rows 2i and 2i + 1.
inline uint64_t spread_even(uint32_t v) {
    uint64_t x = v;
    x = (x | (x << 16)) & 0x0000ffff0000ffffull;
    x = (x | (x << 8)) & 0x00ff00ff00ff00ffull;
    x = (x | (x << 4)) & 0x0f0f0f0f0f0f0f0full;
    x = (x | (x << 2)) & 0x3333333333333333ull;
    x = (x | (x << 1)) & 0x5555555555555555ull;
    return x;
}

} // namespace xbar
