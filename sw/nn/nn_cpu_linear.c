/* The CPU kernel for the real-valued first layer: integer pixels times {-1,0,+1} weights.
 *
 * Why it looks like this: on RV32IMC (no SIMD, no popcount) the cost is the instructions per
 * weight. Weights are +-1/0, so a dot product is a sum of selected pixels; the compiler lists,
 * per output, the columns to add and to subtract (for binary weights only the shorter list,
 * using sum(+1 columns) - sum(-1 columns) = 2 sum(+1 columns) - row total). Eight patch rows
 * (images or positions) are processed together: the rows are packed two per 32-bit word in
 * 16-bit lanes, so one load and one add advance two rows, and one list entry serves all eight
 * rows.
 *
 * Short lists (fan-in at most NN_LANE_CHUNK = 256, e.g. a convolution's 3x3 patches): each
 * group also has a complement plane holding 255 - pixel in the same lanes (0x00ff00ff - word),
 * so the subtracted list is added from the complement plane into the same four accumulators:
 *   lane = sum_A p + sum_B (255 - p) = (sum_A p - sum_B p) + 255 |B|,
 * at most 256 * 255 = 65280, so no lane overflows and no lane goes negative. The lanes are
 * extracted once per output instead of twice, and the row totals come from the packed words.
 * Long lists: no complement plane; A and B are summed apart and the 16-bit lanes spilled into
 * 32-bit sums every 256 list entries.
 *
 * Packed layout: group g of rows 8g..8g+7, column k, word q (0..3) of the pixel plane at
 *   packed[g * S + k * 4 + q] = row(8g + 2q)[k] | row(8g + 2q + 1)[k] << 16,
 * with S = 8K words per group for short lists (pixel plane, then the complement plane at
 * 4K words) and S = 4K for long ones, so a list entry is the byte offset 16 * k of column k
 * within a plane. */
#include "sw/nn/nn_kernels.h"

/* GCC 12's scheduler before register allocation (on at -O2 for RISC-V) hoists the list
 * entries' loads and then spills the accumulators to the stack in the inner loops (twice
 * the instructions per entry); without it the loops keep everything in registers. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__riscv)
#pragma GCC optimize("no-schedule-insns")
#endif

#define NN_LANE_CHUNK NN_CPU_SHORT_FAN_IN

/* Inlined: with short lists (a convolution's 9 taps) the call's register saves would cost more
 * than the sums. */
#if defined(__GNUC__)
#define NN_INLINE static inline __attribute__((always_inline))
#else
#define NN_INLINE static inline
#endif

/* Short lists: a complement plane beside the pixel plane (see above). */
static int has_complement(uint32_t fan_in) { return fan_in <= NN_LANE_CHUNK; }

/* Words per group of eight rows. */
static uint32_t group_words(uint32_t fan_in) { return fan_in * (has_complement(fan_in) ? 8u : 4u); }

uint32_t nn_cpu_packed_bytes(uint32_t rows, uint32_t fan_in) {
    return (rows + 7u) / 8u * group_words(fan_in) * 4u;
}

/* Rows past the end repeat the group's first row: their sums are never stored. */
static const uint8_t* group_row(const uint8_t* patches, uint32_t rows, uint32_t fan_in, uint32_t g,
                                uint32_t j) {
    return patches + (size_t)(8u * g + j < rows ? 8u * g + j : 8u * g) * fan_in;
}

/* Short lists: one pair of rows at a time (few live registers), both planes, and the pair's
 * totals from the packed words (at most 256 * 255 per lane). */
static void pack_short(const uint8_t* patches, uint32_t rows, uint32_t fan_in, uint32_t g,
                       uint32_t* out, int32_t* totals) {
    for (uint32_t q = 0; q < 4u; ++q) {
        const uint8_t* a = group_row(patches, rows, fan_in, g, 2u * q);
        const uint8_t* b = group_row(patches, rows, fan_in, g, 2u * q + 1u);
        uint32_t* w = out + q;
        uint32_t* c = w + 4u * fan_in;
        uint32_t t = 0;
        for (uint32_t k = 0; k < fan_in; ++k, w += 4, c += 4) {
            const uint32_t u = a[k] | (uint32_t)b[k] << 16;
            *w = u;
            *c = 0x00ff00ffu - u;
            t += u;
        }
        totals[8u * g + 2u * q] = (int32_t)(t & 0xffffu);
        totals[8u * g + 2u * q + 1u] = (int32_t)(t >> 16);
    }
}

static void pack_long(const uint8_t* patches, uint32_t rows, uint32_t fan_in, uint32_t g,
                      uint32_t* out, int32_t* totals) {
    const uint8_t* r[8];
    for (uint32_t j = 0; j < 8u; ++j) r[j] = group_row(patches, rows, fan_in, g, j);
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

void nn_cpu_pack(const uint8_t* patches, uint32_t rows, uint32_t fan_in, uint32_t* packed,
                 int32_t* totals) {
    const uint32_t groups = (rows + 7u) / 8u, words = group_words(fan_in);
    for (uint32_t g = 0; g < groups; ++g) {
        uint32_t* out = packed + (size_t)g * words;
        if (has_complement(fan_in))
            pack_short(patches, rows, fan_in, g, out, totals);
        else
            pack_long(patches, rows, fan_in, g, out, totals);
    }
}

/* Where a patch row's pixels come from: its image and its position's taps. Rows are visited
 * in order, so the position advances without a division per row. */
typedef struct {
    const uint8_t* img;
    const int32_t* taps;
    uint32_t position;
} nn_row_source;

static void next_row(const nn_layer* l, nn_row_source* s) {
    if (++s->position == l->positions) {
        s->position = 0;
        s->img += l->in_size;
        s->taps = l->gather;
    } else {
        s->taps += l->taps;
    }
}

/* The pixel of column k = tap * run + channel of a row (padding: pad). */
NN_INLINE uint32_t tap_pixel(const nn_row_source* s, uint32_t t, uint32_t c, uint32_t pad) {
    return s->taps[t] < 0 ? pad : s->img[s->taps[t] + (int32_t)c];
}

/* One pair of rows into both planes, straight from the images (as pack_short). */
static void gather_pair(const nn_layer* l, const nn_row_source* a, const nn_row_source* b,
                        uint32_t* w, int32_t* totals) {
    const uint32_t pad = (uint8_t)l->pad_value, run = l->run, plane = 4u * l->fan_in;
    uint32_t t = 0;
    if (run == 1) { /* one input channel: no channel loop (half the instructions) */
        const int32_t *ta = a->taps, *tb = b->taps;
        for (uint32_t tap = 0; tap < l->taps; ++tap, w += 4) {
            const uint32_t pa = ta[tap] < 0 ? pad : a->img[ta[tap]];
            const uint32_t u = pa | (uint32_t)(tb[tap] < 0 ? pad : b->img[tb[tap]]) << 16;
            w[0] = u;
            w[plane] = 0x00ff00ffu - u;
            t += u;
        }
    } else {
        for (uint32_t tap = 0; tap < l->taps; ++tap)
            for (uint32_t c = 0; c < run; ++c, w += 4) {
                const uint32_t u = tap_pixel(a, tap, c, pad) | tap_pixel(b, tap, c, pad) << 16;
                w[0] = u;
                w[plane] = 0x00ff00ffu - u;
                t += u;
            }
    }
    totals[0] = (int32_t)(t & 0xffffu);
    totals[1] = (int32_t)(t >> 16);
}

void nn_cpu_gather_pack(const nn_layer* layer, const uint8_t* in, uint32_t count, uint32_t* packed,
                        int32_t* totals) {
    const uint32_t rows = count * layer->positions, words = group_words(layer->fan_in);
    nn_row_source s = {in, layer->gather, 0};
    for (uint32_t g = 0; 8u * g < rows; ++g) {
        const nn_row_source first = s; /* rows past the end repeat it (never stored) */
        nn_row_source pair[2];
        for (uint32_t q = 0; q < 4u; ++q) {
            for (uint32_t j = 0; j < 2u; ++j) {
                pair[j] = 8u * g + 2u * q + j < rows ? s : first;
                next_row(layer, &s);
            }
            gather_pair(layer, &pair[0], &pair[1], packed + (size_t)g * words + q,
                        totals + 8u * g + 2u * q);
        }
    }
}

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

/* Four lane words in registers: no arrays, which GCC keeps on the stack. */
typedef struct {
    uint32_t w0, w1, w2, w3;
} nn_lanes;

/* q += the packed words of the listed columns; one entry per iteration keeps the four
 * accumulators and one entry's loads in registers (unrolling made GCC spill). */
NN_INLINE nn_lanes add_list(nn_lanes q, const uint8_t* base, const uint16_t* p,
                            const uint16_t* end) {
    for (; p < end; ++p) {
        const uint32_t* u = (const uint32_t*)(const void*)(base + *p);
        q.w0 += u[0];
        q.w1 += u[1];
        q.w2 += u[2];
        q.w3 += u[3];
    }
    return q;
}

/* y[j * stride] = scale * (lane j - bias) + coef * total[j] for the first n lanes. */
static void store_lanes(nn_lanes q, int32_t scale, int32_t bias, int32_t coef, const int32_t* total,
                        uint32_t n, int32_t* y, uint32_t stride) {
    const uint32_t w[4] = {q.w0, q.w1, q.w2, q.w3};
    for (uint32_t j = 0; j < n; ++j, y += stride)
        *y =
            scale * ((int32_t)((w[j >> 1] >> (16u * (j & 1u))) & 0xffffu) - bias) + coef * total[j];
}

/* The same for a whole group with scale 1 and no row total (ternary weights), unrolled. */
NN_INLINE void store_lanes_ternary(nn_lanes q, int32_t bias, int32_t* y, uint32_t stride) {
    y[0] = (int32_t)(q.w0 & 0xffffu) - bias;
    y += stride;
    y[0] = (int32_t)(q.w0 >> 16) - bias;
    y += stride;
    y[0] = (int32_t)(q.w1 & 0xffffu) - bias;
    y += stride;
    y[0] = (int32_t)(q.w1 >> 16) - bias;
    y += stride;
    y[0] = (int32_t)(q.w2 & 0xffffu) - bias;
    y += stride;
    y[0] = (int32_t)(q.w2 >> 16) - bias;
    y += stride;
    y[0] = (int32_t)(q.w3 & 0xffffu) - bias;
    y += stride;
    y[0] = (int32_t)(q.w3 >> 16) - bias;
}

static void linear_short(const nn_layer* layer, const uint32_t* packed, const int32_t* totals,
                         uint32_t rows, int32_t* acc) {
    const nn_cpu_weights* w = layer->cpu;
    const uint32_t fan_in = layer->fan_in, outputs = layer->outputs;
    const uint32_t plane = 16u * fan_in; /* bytes from the pixel to the complement plane */
    const int32_t scale = w->scale;
    const uint16_t* l = w->offsets;
    for (uint32_t g = 0; 8u * g < rows; ++g) {
        const uint8_t* base = (const uint8_t*)(const void*)(packed + (size_t)g * 8u * fan_in);
        const uint8_t* complement = base + plane;
        const uint32_t n = rows - 8u * g < 8u ? rows - 8u * g : 8u;
        const int32_t* total = totals + 8u * g;
        int32_t* out = acc + (size_t)(8u * g) * outputs;
        const uint32_t* r = w->ranges;
        for (uint32_t o = 0; o < outputs; ++o, r += 2) {
            nn_lanes q = {0, 0, 0, 0};
            q = add_list(q, base, l + r[0], l + r[1]);
            q = add_list(q, complement, l + r[1], l + r[2]);
            const int32_t bias = 255 * (int32_t)(r[2] - r[1]), coef = w->total_coef[o];
            if (scale == 1 && coef == 0 && n == 8u)
                store_lanes_ternary(q, bias, out + o, outputs);
            else
                store_lanes(q, scale, bias, coef, total, n, out + o, outputs);
        }
    }
}

static void linear_long(const nn_layer* layer, const uint32_t* packed, const int32_t* totals,
                        uint32_t rows, int32_t* acc) {
    const nn_cpu_weights* w = layer->cpu;
    const uint32_t fan_in = layer->fan_in, outputs = layer->outputs;
    for (uint32_t g = 0; 8u * g < rows; ++g) {
        const uint8_t* base = (const uint8_t*)(const void*)(packed + (size_t)g * fan_in * 4u);
        const uint32_t n = rows - 8u * g < 8u ? rows - 8u * g : 8u;
        const int32_t* total = totals + 8u * g;
        int32_t* out = acc + (size_t)(8u * g) * outputs;
        for (uint32_t o = 0; o < outputs; ++o) {
            const int32_t scale = w->scale, coef = w->total_coef[o];
            int32_t add[8], sub[8];
            output_long(w, base, o, add, sub);
            for (uint32_t j = 0; j < n; ++j)
                out[j * outputs + o] = scale * (add[j] - sub[j]) + coef * total[j];
        }
    }
}

void nn_cpu_linear(const nn_layer* layer, const uint32_t* packed, const int32_t* totals,
                   uint32_t rows, int32_t* acc) {
    if (has_complement(layer->fan_in))
        linear_short(layer, packed, totals, rows, acc);
    else
        linear_long(layer, packed, totals, rows, acc);
}
