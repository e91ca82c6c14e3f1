/* The CPU kernel for the real-valued first layer: integer pixels times {-1,0,+1} weights.
 *
 * Why it looks like this: on RV32IMC (no SIMD, no popcount) the cost is the instructions per
 * weight. Weights are +-1/0, so a dot product is a sum of selected pixels; the compiler lists,
 * per output, the columns to add and to subtract (for binary weights only the shorter list,
 * using sum(+1 columns) - sum(-1 columns) = 2 sum(+1 columns) - row total). Eight patch rows
 * (images or positions) are processed together: the rows are packed two per 32-bit word in
 * 16-bit lanes, so one load and one add advance two rows, and one list entry serves all eight
 * rows. A 16-bit lane holds at most 257 pixels of 255, so lanes are spilled into 32-bit sums
 * every 256 list entries.
 *
 * Packed layout: group g of rows 8g..8g+7, column k, word q (0..3) at
 *   packed[(g * K + k) * 4 + q] = row(8g + 2q)[k] | row(8g + 2q + 1)[k] << 16,
 * so a list entry is the byte offset 16 * k of column k within a group. */
#include "sw/nn/nn_kernels.h"

#define NN_LANE_CHUNK 256u

uint32_t nn_cpu_packed_bytes(uint32_t rows, uint32_t fan_in) {
    return (rows + 7u) / 8u * fan_in * 16u;
}

void nn_cpu_pack(const uint8_t* patches, uint32_t rows, uint32_t fan_in, uint32_t* packed,
                 int32_t* totals) {
    const uint32_t groups = (rows + 7u) / 8u;
    for (uint32_t g = 0; g < groups; ++g) {
        /* Rows past the end repeat the group's first row: their sums are never stored. */
        const uint8_t* r[8];
        for (uint32_t j = 0; j < 8u; ++j)
            r[j] = patches + (size_t)(8u * g + j < rows ? 8u * g + j : 8u * g) * fan_in;
        uint32_t* out = packed + (size_t)g * fan_in * 4u;
        int32_t sum[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        for (uint32_t k = 0; k < fan_in; ++k, out += 4) {
            for (uint32_t j = 0; j < 8u; ++j) sum[j] += r[j][k];
            out[0] = r[0][k] | (uint32_t)r[1][k] << 16;
            out[1] = r[2][k] | (uint32_t)r[3][k] << 16;
            out[2] = r[4][k] | (uint32_t)r[5][k] << 16;
            out[3] = r[6][k] | (uint32_t)r[7][k] << 16;
        }
        for (uint32_t j = 0; j < 8u; ++j) totals[8u * g + j] = sum[j];
    }
}

/* Inlined: with short lists (a convolution's 9 taps) the call's register saves would cost more
 * than the sums. */
#if defined(__GNUC__)
#define NN_INLINE static inline __attribute__((always_inline))
#else
#define NN_INLINE static inline
#endif

/* q[0..3] += the packed words of the listed columns (at most NN_LANE_CHUNK entries). */
NN_INLINE void sum_chunk(const uint8_t* base, const uint16_t* p, const uint16_t* end,
                         uint32_t q[4]) {
    uint32_t a0 = q[0], a1 = q[1], a2 = q[2], a3 = q[3];
    for (; p + 2 <= end; p += 2) { /* unrolled by two: loop overhead is a third */
        const uint32_t* u = (const uint32_t*)(const void*)(base + p[0]);
        const uint32_t* v = (const uint32_t*)(const void*)(base + p[1]);
        a0 += u[0] + v[0];
        a1 += u[1] + v[1];
        a2 += u[2] + v[2];
        a3 += u[3] + v[3];
    }
    if (p < end) {
        const uint32_t* u = (const uint32_t*)(const void*)(base + *p);
        a0 += u[0];
        a1 += u[1];
        a2 += u[2];
        a3 += u[3];
    }
    q[0] = a0, q[1] = a1, q[2] = a2, q[3] = a3;
}

/* Lane j (row j of the group) of packed sums. */
NN_INLINE int32_t lane(const uint32_t q[4], uint32_t j) {
    return (int32_t)((q[j >> 1] >> (16u * (j & 1u))) & 0xffffu);
}

/* s[j] += sum over the listed columns of row j of the group, for lists of any length:
 * the 16-bit lanes are spilled every NN_LANE_CHUNK entries. */
static void sum_list(const uint8_t* base, const uint16_t* p, const uint16_t* end, int32_t s[8]) {
    while (p < end) {
        const uint16_t* stop = (uint32_t)(end - p) > NN_LANE_CHUNK ? p + NN_LANE_CHUNK : end;
        uint32_t q[4] = {0, 0, 0, 0};
        sum_chunk(base, p, stop, q);
        for (uint32_t j = 0; j < 8u; ++j) s[j] += lane(q, j);
        p = stop;
    }
}

/* One group of eight rows, output o, lists of any length. */
static void output_long(const nn_cpu_weights* w, const uint8_t* base, uint32_t o, int32_t add[8],
                        int32_t sub[8]) {
    for (uint32_t j = 0; j < 8u; ++j) add[j] = sub[j] = 0;
    sum_list(base, w->offsets + w->ranges[2u * o], w->offsets + w->ranges[2u * o + 1u], add);
    sum_list(base, w->offsets + w->ranges[2u * o + 1u], w->offsets + w->ranges[2u * o + 2u], sub);
}

void nn_cpu_linear(const nn_layer* layer, const uint32_t* packed, const int32_t* totals,
                   uint32_t rows, int32_t* acc) {
    const nn_cpu_weights* w = layer->cpu;
    const uint32_t fan_in = layer->fan_in, outputs = layer->outputs;
    /* With at most NN_LANE_CHUNK columns no lane can overflow: the sums stay packed in
     * registers (the common case of a convolution's small patches). */
    const int short_lists = fan_in <= NN_LANE_CHUNK;
    for (uint32_t g = 0; 8u * g < rows; ++g) {
        const uint8_t* base = (const uint8_t*)(const void*)(packed + (size_t)g * fan_in * 4u);
        const uint32_t n = rows - 8u * g < 8u ? rows - 8u * g : 8u;
        const int32_t* total = totals + 8u * g;
        int32_t* out = acc + (size_t)(8u * g) * outputs;
        for (uint32_t o = 0; o < outputs; ++o) {
            const int32_t scale = w->scale, coef = w->total_coef[o];
            if (short_lists) {
                uint32_t qa[4] = {0, 0, 0, 0}, qb[4] = {0, 0, 0, 0};
                const uint16_t* l = w->offsets;
                sum_chunk(base, l + w->ranges[2u * o], l + w->ranges[2u * o + 1u], qa);
                sum_chunk(base, l + w->ranges[2u * o + 1u], l + w->ranges[2u * o + 2u], qb);
                for (uint32_t j = 0; j < n; ++j)
                    out[j * outputs + o] = scale * (lane(qa, j) - lane(qb, j)) + coef * total[j];
            } else {
                int32_t add[8], sub[8];
                output_long(w, base, o, add, sub);
                for (uint32_t j = 0; j < n; ++j)
                    out[j * outputs + o] = scale * (add[j] - sub[j]) + coef * total[j];
            }
        }
    }
}
