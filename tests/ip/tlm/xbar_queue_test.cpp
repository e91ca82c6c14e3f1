// The accelerator's command queue, driven through its registers by a TLM stimulus: descriptors
// in RAM run with one RUN_QUEUE; MVMs on two crossbars overlap in time (the queue ends at the
// schedule computed here by hand from the timing model, earlier than the two back to back);
// the periphery units (threshold, pool, im2col gather, row add) and bit-sliced MVMs give the
// results of exact integer references written here; a dependent descriptor waits; progress,
// the failing descriptor's index, ERROR and the one interrupt at the end.
#include "platform/memory_map.h"
#include "platform/ram.h"
#include "platform/router.h"
#include "tests/platform/tlm_base/tlm_stimulus.h"
#include "ip/tlm/xbar_device.h"
#include "ip/tlm/xbar_regmap.h"
#include "tests/ip/tlm/xbar_test_bench.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

using namespace sc_core;
using cimvp::test::TlmStimulus;

namespace {

constexpr uint64_t ram_base = 0x80000000, xbar_base = CIMVP_XBAR_BASE;

struct Bench : cimvp::test::XbarBench {
    using XbarBench::XbarBench;
    std::vector<uint32_t> queue; // descriptors, written to RAM at kQueue

    template <typename T> void put(uint32_t off, const std::vector<T>& v) {
        std::memcpy(ram.data() + off, v.data(), v.size() * sizeof(T));
    }
    template <typename T> std::vector<T> get(uint32_t off, size_t n) {
        std::vector<T> v(n);
        std::memcpy(v.data(), ram.data() + off, n * sizeof(T));
        return v;
    }
    void add(uint32_t op, uint32_t flags, uint32_t xbar, std::vector<uint32_t> words) {
        words.resize(CIMX_DESC_WORDS - 1, 0);
        queue.push_back(CIMX_DESC_WORD0(op, flags, xbar));
        queue.insert(queue.end(), words.begin(), words.end());
    }
    // Writes the queue to RAM and starts it.
    void run(TlmStimulus& s) {
        put(kQueue, queue);
        set(s, CIMX_XBAR_IRQ_STATUS, CIMX_IRQ_DONE | CIMX_IRQ_ERROR); // earlier events
        set(s, CIMX_XBAR_IRQ_ENABLE, CIMX_IRQ_DONE | CIMX_IRQ_ERROR);
        set(s, CIMX_XBAR_QUEUE_ADDR, uint32_t(ram_base + kQueue));
        set(s, CIMX_XBAR_QUEUE_LEN, uint32_t(queue.size() / CIMX_DESC_WORDS));
        set(s, CIMX_XBAR_CMD, CIMX_CMD_RUN_QUEUE);
    }
    static constexpr uint32_t kQueue = 0x80000;
    // Programs crossbar k = 0, 1, ... with the m x n weights at RAM offset at[k] through the
    // registers (single commands), each to completion.
    void program_tiles(TlmStimulus& s, std::initializer_list<uint32_t> at, uint32_t m, uint32_t n) {
        uint32_t k = 0;
        for (uint32_t off : at) {
            set(s, CIMX_XBAR_XBAR, k++);
            set(s, CIMX_XBAR_OUTPUTS, m);
            set(s, CIMX_XBAR_INPUTS, n);
            set(s, CIMX_XBAR_SRC, uint32_t(kRamBase + off));
            set(s, CIMX_XBAR_CMD, CIMX_CMD_PROGRAM);
            wait(sc_core::sc_time(1, sc_core::SC_MS));
            CHECK(reg(s, CIMX_XBAR_STATUS) == CIMX_STATUS_DONE);
        }
    }
};

uint32_t addr(uint32_t off) { return uint32_t(ram_base + off); }

xbar::XbarConfig config(xbar::Mapping m = xbar::Mapping::BNN_I) {
    xbar::XbarConfig c;
    c.rows = 32, c.cols = 16, c.crossbars = 2, c.mapping = m;
    c.mode = xbar::ComputeMode::digital;
    return c;
}

std::vector<int8_t> random_values(size_t n, bool ternary, uint32_t seed) {
    std::mt19937 g(seed);
    std::vector<int8_t> v(n);
    for (auto& x : v) x = int8_t(ternary ? int(g() % 3) - 1 : (g() & 1 ? 1 : -1));
    return v;
}

std::vector<int32_t> matvec(const std::vector<int8_t>& w, const int8_t* x, int m, int n) {
    std::vector<int32_t> y(m, 0);
    for (int o = 0; o < m; ++o)
        for (int i = 0; i < n; ++i) y[o] += w[o * n + i] * x[i];
    return y;
}

// Two random 8x16 binary tiles A and B (RAM 0x1000, 0x2000) and a batch of 64 inputs (0x3000),
// the data of the two-crossbar tests.
struct TwoTiles {
    static constexpr int m = 8, n = 16, batch = 64;
    std::vector<int8_t> wa = random_values(m * n, false, 1), wb = random_values(m * n, false, 2),
                        x = random_values(batch * n, false, 3);
    explicit TwoTiles(Bench& b) { b.put(0x1000, wa), b.put(0x2000, wb), b.put(0x3000, x); }
};

// Two tiles on two crossbars: the MVMs overlap. Expected end: the DMA serves the fetch and A's
// inputs; A's results are booked after A's compute, B's inputs in the idle gap before that;
// B's results follow A's.
// The gather unit's offsets for im2col of a 2 x 3 x m activation map with 3x3 taps and padding
// 1: 6 positions of 9 runs of m bytes each, -1 for a tap in the padding.
std::vector<int32_t> im2col_offsets_2x3(int m) {
    std::vector<int32_t> offsets;
    for (int y = 0; y < 2; ++y)
        for (int xx = 0; xx < 3; ++xx)
            for (int ky = -1; ky <= 1; ++ky)
                for (int kx = -1; kx <= 1; ++kx) {
                    const int sy = y + ky, sx = xx + kx;
                    offsets.push_back(sy < 0 || sy >= 2 || sx < 0 || sx >= 3 ? -1
                                                                             : (sy * 3 + sx) * m);
                }
    return offsets;
}

void mvms_on_two_crossbars_overlap() {
    Bench b(config());
    const TwoTiles t2(b);
    const int m = t2.m, n = t2.n, batch = t2.batch;
    const auto &wa = t2.wa, &wb = t2.wb, &x = t2.x;
    b.stim.script = [&](TlmStimulus& s) {
        b.program_tiles(s, {0x1000, 0x2000}, m, n); // single commands
        b.add(CIMX_OP_MVM, 0, 0, {addr(0x3000), addr(0x4000), batch, m, n, 0, 0});
        b.add(CIMX_OP_MVM, 0, 1, {addr(0x3000), addr(0x5000), batch, m, n, 0, 0});
        b.set(s, CIMX_XBAR_COUNTERS_CLEAR, 1);
        const sc_time t0 = sc_time_stamp();
        b.irq_edges.clear();
        b.run(s);
        CHECK(b.reg(s, CIMX_XBAR_STATUS) == CIMX_STATUS_BUSY);
        CHECK(b.reg(s, CIMX_XBAR_QUEUE_DONE) == 0);

        const xbar::TimingEnergyParams& t = b.cfg.timing;
        xbar::Crossbar ref(b.cfg, 0);
        ref.program(wa.data(), m, n);
        const double fetch = xbar::dma_cost(t, 2 * CIMX_DESC_BYTES).ns;
        const double in = xbar::dma_cost(t, batch * n).ns,
                     out = xbar::dma_cost(t, 4 * batch * m).ns;
        const double compute = batch * xbar::mvm_time_ns(t, ref.shape());
        CHECK(compute >= in); // B's inputs fit in the DMA's idle time while A computes
        const double a_in_end = fetch + in, b_in_end = a_in_end + in;
        const double a_out = a_in_end + compute + out;
        const double b_out = std::max(b_in_end + compute, a_out) + out;
        const double end = std::max(a_out, b_out);
        const double sequential = fetch + 2 * (in + compute + out);
        CHECK(end < sequential);
        wait(sc_time(end, SC_NS) - sc_time(1, SC_PS));
        CHECK(b.reg(s, CIMX_XBAR_STATUS) == CIMX_STATUS_BUSY);
        CHECK(b.reg(s, CIMX_XBAR_QUEUE_DONE) == 1); // A is out, B not yet
        wait(sc_time(1, SC_PS));
        CHECK(b.reg(s, CIMX_XBAR_STATUS) == CIMX_STATUS_DONE);
        CHECK(b.reg(s, CIMX_XBAR_QUEUE_DONE) == 2);
        CHECK(b.reg(s, CIMX_XBAR_QUEUE_FAILED) == CIMX_QUEUE_NONE);
        CHECK(b.irq_edges.size() == 1 && b.irq_edges[0].second);
        CHECK(b.irq_edges[0].first == t0 + sc_time(end, SC_NS));
        CHECK(b.reg(s, CIMX_XBAR_BUSY_NS_LO) == uint32_t(end + 0.5));
        for (int r = 0; r < batch; ++r) {
            CHECK(b.get<int32_t>(0x4000 + 4 * m * r, m) == matvec(wa, x.data() + r * n, m, n));
            CHECK(b.get<int32_t>(0x5000 + 4 * m * r, m) == matvec(wb, x.data() + r * n, m, n));
        }
    };
    cimvp::test::finish_scenario();
}

// Program, two input tiles accumulating, threshold on the result, pool, gather: every
// periphery unit against a reference loop, and the threshold not starting before the MVMs end.
void periphery_units_compute_exactly() {
    Bench b(config(xbar::Mapping::TNN_I));
    const int m = 4, n = 12, rows = 6; // a 2 x 3 map of 4 channels after the MVMs
    const auto w = random_values(m * 2 * n, true, 7), x = random_values(rows * 2 * n, true, 8);
    std::vector<int8_t> w0(m * n), w1(m * n);
    for (int o = 0; o < m; ++o)
        for (int i = 0; i < n; ++i)
            w0[o * n + i] = w[o * 2 * n + i], w1[o * n + i] = w[o * 2 * n + n + i];
    b.put(0x1000, w0), b.put(0x1100, w1), b.put(0x2000, x);
    std::vector<int32_t> thr = {-2, 1, 1, 0, 0, -1, -1, 2, 1, 3, 3, 1}; // {lo, hi, dir} x 4
    b.put(0x3000, thr);
    const std::vector<int8_t> dir = {1, -1, 1, 1};
    b.put(0x3100, dir);
    b.add(CIMX_OP_PROGRAM, 0, 0, {addr(0x1000), 0, 0, m, n});
    b.add(CIMX_OP_PROGRAM, 0, 1, {addr(0x1100), 0, 0, m, n});
    b.add(CIMX_OP_MVM, 0, 0, {addr(0x2000), addr(0x4000), rows, m, n, 2 * n, 0});
    b.add(CIMX_OP_MVM, CIMX_DESC_FLAG_ACCUMULATE, 1,
          {addr(0x2000 + n), addr(0x4000), rows, m, n, 2 * n, 0});
    const std::vector<uint32_t> pad_rows = {0, 5};
    const std::vector<int32_t> corr = {1, 2, 3, 4, -5, -6, -7, -8};
    b.put(0x3200, pad_rows), b.put(0x3300, corr);
    b.add(CIMX_OP_ADD_ROWS, CIMX_DESC_FLAG_SUBTRACT, 0,
          {0, addr(0x4000), 1, m, rows, 2, addr(0x3200), addr(0x3300)});
    b.add(CIMX_OP_THRESHOLD, 0, 0, {addr(0x4000), addr(0x5000), rows, m, addr(0x3000)});
    // 2x2 pool, stride 1, pad left 1 over the 2 x 3 map: out 1 x 3.
    b.add(CIMX_OP_POOL, 0, 0,
          {addr(0x5000), addr(0x5100), 1, 2 | 2 << 16, 1 | 1 << 16, 0 | 1 << 16, 2 | 3 << 16,
           1 | 3 << 16, m, addr(0x3100)});
    // im2col of the 2 x 3 x 4 activation map: 3x3 taps, pad 1 -> 6 positions of 9 runs.
    const std::vector<int32_t> offsets = im2col_offsets_2x3(m);
    b.put(0x3400, offsets);
    b.add(CIMX_OP_GATHER, 0, 0,
          {addr(0x5000), addr(0x6000), 1, 6, 9, m, rows * m, 0xff, addr(0x3400)});
    b.stim.script = [&](TlmStimulus& s) {
        b.run(s);
        wait(sc_time(1, SC_MS));
        CHECK(b.reg(s, CIMX_XBAR_STATUS) == CIMX_STATUS_DONE);
        CHECK(b.reg(s, CIMX_XBAR_QUEUE_DONE) == 8);
        // References.
        std::vector<int32_t> acc;
        for (int r = 0; r < rows; ++r) {
            auto y = matvec(w, x.data() + r * 2 * n, m, 2 * n);
            acc.insert(acc.end(), y.begin(), y.end());
        }
        for (int o = 0; o < m; ++o) acc[0 * m + o] -= corr[o], acc[5 * m + o] -= corr[m + o];
        CHECK(b.get<int32_t>(0x4000, rows * m) == acc);
        std::vector<int8_t> act(rows * m);
        for (int i = 0; i < rows * m; ++i) {
            const int c = i % m, v = thr[3 * c + 2] < 0 ? -acc[i] : acc[i];
            act[i] = v >= thr[3 * c + 1] ? 1 : v >= thr[3 * c] ? 0 : -1;
        }
        CHECK(b.get<int8_t>(0x5000, rows * m) == act);
        std::vector<int8_t> pooled;
        for (int ox = 0; ox < 3; ++ox)
            for (int c = 0; c < m; ++c) {
                int best = dir[c] < 0 ? 2 : -2;
                for (int y = 0; y < 2; ++y)
                    for (int xx = ox - 1; xx <= ox; ++xx)
                        if (xx >= 0) {
                            const int v = act[(y * 3 + xx) * m + c];
                            best = dir[c] < 0 ? std::min(best, v) : std::max(best, v);
                        }
                pooled.push_back(int8_t(best));
            }
        CHECK(b.get<int8_t>(0x5100, 3 * m) == pooled);
        std::vector<int8_t> patches;
        for (int32_t off : offsets)
            for (int c = 0; c < m; ++c) patches.push_back(off < 0 ? -1 : act[off + c]);
        CHECK(b.get<int8_t>(0x6000, patches.size()) == patches);
        CHECK(b.dev->counters().periph_pj > 0 && b.dev->counters().descriptors == 8);
    };
    cimvp::test::finish_scenario();
}

// The periphery units read their inputs in place (DMI) when aligned, else from a copy, and
// write their outputs only after reading all inputs: the same results with every table and
// accumulator at an odd address (`skew` 1: the copies) or aligned (`skew` 0: in place), and
// with outputs over their own inputs (threshold, then the gather, in place).
void periphery_units_read_in_place_or_from_a_copy(uint32_t skew) {
    Bench b(config(xbar::Mapping::TNN_I));
    const int m = 4, rows = 6; // a 2 x 3 map of 4 channels
    std::mt19937 g(11 + skew);
    std::vector<int32_t> acc(rows * m);
    for (auto& v : acc) v = int32_t(g() % 13) - 6;
    const uint32_t a = 0x4000 + skew, t = 0x3000 + skew, r = 0x3200 + skew, c = 0x3300 + skew;
    const uint32_t o = 0x3400 + skew, pooled_at = 0x5100;
    b.put(a, acc);
    const std::vector<int32_t> thr = {-2, 1, 1, 0, 0, -1, -1, 2, 1, 3, 3, 1}; // {lo, hi, dir} x 4
    const std::vector<uint32_t> pad_rows = {0, 5};
    const std::vector<int32_t> corr = {1, 2, 3, 4, -5, -6, -7, -8};
    b.put(t, thr), b.put(r, pad_rows), b.put(c, corr);
    const std::vector<int32_t> offsets = im2col_offsets_2x3(m);
    b.put(o, offsets);
    b.add(CIMX_OP_ADD_ROWS, CIMX_DESC_FLAG_SUBTRACT, 0,
          {0, addr(a), 1, m, rows, 2, addr(r), addr(c)});
    b.add(CIMX_OP_THRESHOLD, 0, 0, {addr(a), addr(a), rows, m, addr(t)}); // in place
    // 2x2 pool, stride 1, pad left 1 over the 2 x 3 map: out 1 x 3 (no direction table).
    b.add(CIMX_OP_POOL, 0, 0,
          {addr(a), addr(pooled_at), 1, 2 | 2 << 16, 1 | 1 << 16, 0 | 1 << 16, 2 | 3 << 16,
           1 | 3 << 16, m, 0});
    b.add(CIMX_OP_GATHER, 0, 0, {addr(a), addr(a), 1, 6, 9, m, rows * m, 0xff, addr(o)});
    b.stim.script = [&](TlmStimulus& s) {
        b.run(s);
        wait(sc_time(1, SC_MS));
        CHECK(b.reg(s, CIMX_XBAR_STATUS) == CIMX_STATUS_DONE);
        CHECK(b.reg(s, CIMX_XBAR_QUEUE_DONE) == 4);
        for (int k = 0; k < m; ++k) acc[0 * m + k] -= corr[k], acc[5 * m + k] -= corr[m + k];
        std::vector<int8_t> act(rows * m);
        for (int i = 0; i < rows * m; ++i) {
            const int k = i % m, v = thr[3 * k + 2] < 0 ? -acc[i] : acc[i];
            act[i] = v >= thr[3 * k + 1] ? 1 : v >= thr[3 * k] ? 0 : -1;
        }
        std::vector<int8_t> pooled;
        for (int ox = 0; ox < 3; ++ox)
            for (int k = 0; k < m; ++k) {
                int best = -2;
                for (int y = 0; y < 2; ++y)
                    for (int xx = ox - 1; xx <= ox; ++xx)
                        if (xx >= 0) best = std::max(best, int(act[(y * 3 + xx) * m + k]));
                pooled.push_back(int8_t(best));
            }
        CHECK(b.get<int8_t>(pooled_at, 3 * m) == pooled);
        std::vector<int8_t> patches;
        for (int32_t off : offsets)
            for (int k = 0; k < m; ++k) patches.push_back(off < 0 ? -1 : act[off + k]);
        CHECK(b.get<int8_t>(a, patches.size()) == patches);
    };
    cimvp::test::finish_scenario();
}

// uint8 inputs, one MVM per bit, shift-and-add: y = W p exactly, binary and ternary alphabets.
void bitsliced_mvm(xbar::Mapping mapping, bool ternary) {
    Bench b(config(mapping));
    const int m = 5, n = 9, batch = 3;
    const auto w = random_values(m * n, ternary, 11);
    std::vector<uint8_t> p(batch * n);
    std::mt19937 g(12);
    for (auto& v : p) v = uint8_t(g());
    p[0] = 0, p[1] = 255;
    b.put(0x1000, w), b.put(0x2000, p);
    b.add(CIMX_OP_PROGRAM, 0, 1, {addr(0x1000), 0, 0, m, n});
    b.add(CIMX_OP_MVM, CIMX_DESC_FLAG_BITSLICE, 1, {addr(0x2000), addr(0x3000), batch, m, n});
    b.stim.script = [&](TlmStimulus& s) {
        b.run(s);
        wait(sc_time(1, SC_MS));
        CHECK(b.reg(s, CIMX_XBAR_STATUS) == CIMX_STATUS_DONE);
        CHECK(b.reg(s, CIMX_XBAR_MVMS_LO) == 8 * batch);
        for (int r = 0; r < batch; ++r) {
            std::vector<int32_t> want(m, 0);
            for (int o = 0; o < m; ++o)
                for (int i = 0; i < n; ++i) want[o] += w[o * n + i] * p[r * n + i];
            CHECK(b.get<int32_t>(0x3000 + 4 * m * r, m) == want);
        }
    };
    cimvp::test::finish_scenario();
}

// A bad descriptor stops the queue: the ones before it ran, ERROR and QUEUE_FAILED say which,
// the error interrupt comes once at the end; a queue of none is refused at once.
void failing_descriptor_is_reported() {
    Bench b(config());
    const auto w = random_values(4 * 8, false, 5);
    b.put(0x1000, w);
    b.add(CIMX_OP_PROGRAM, 0, 0, {addr(0x1000), 0, 0, 4, 8});
    b.add(CIMX_OP_PROGRAM, 0, 1, {addr(0x1000), 0, 0, 4, 8});
    b.add(42, 0, 0, {});
    b.add(CIMX_OP_PROGRAM, 0, 1, {addr(0x1000), 0, 0, 4, 8});
    b.stim.script = [&](TlmStimulus& s) {
        b.run(s);
        wait(sc_time(1, SC_MS));
        CHECK(b.reg(s, CIMX_XBAR_STATUS) == CIMX_STATUS_ERROR);
        CHECK(b.reg(s, CIMX_XBAR_ERROR) == CIMX_ERR_BAD_DESCRIPTOR);
        CHECK(b.reg(s, CIMX_XBAR_QUEUE_FAILED) == 2);
        CHECK(b.reg(s, CIMX_XBAR_QUEUE_DONE) == 2);
        CHECK(b.reg(s, CIMX_XBAR_CELLS_LO) > 0);
        CHECK(b.irq_edges.size() == 1 && b.reg(s, CIMX_XBAR_IRQ_STATUS) == CIMX_IRQ_ERROR);
        b.set(s, CIMX_XBAR_IRQ_STATUS, CIMX_IRQ_ERROR);
        // A threshold reading outside RAM: DMA_RANGE at index 0.
        b.queue.clear();
        b.add(CIMX_OP_THRESHOLD, 0, 0, {0x1000, addr(0x5000), 1, 4, addr(0x3000)});
        b.run(s);
        wait(sc_time(1, SC_MS));
        CHECK(b.reg(s, CIMX_XBAR_ERROR) == CIMX_ERR_DMA_RANGE);
        CHECK(b.reg(s, CIMX_XBAR_QUEUE_FAILED) == 0);
        b.set(s, CIMX_XBAR_QUEUE_LEN, 0);
        b.set(s, CIMX_XBAR_CMD, CIMX_CMD_RUN_QUEUE);
        CHECK(b.reg(s, CIMX_XBAR_ERROR) == CIMX_ERR_BAD_DESCRIPTOR);
        CHECK(b.reg(s, CIMX_XBAR_STATUS) == CIMX_STATUS_ERROR);
    };
    cimvp::test::finish_scenario();
}

// The same two MVMs tagged with layers 1 and 2 (CIMX_DESC_LAYER_WORD): each layer gets its
// descriptors' work (the descriptor fetch counts in the first one's), and its share of the
// busy time is how far its descriptors moved the queue's end on (A ends at a_out, B at the
// end); the shares add up to the queue's busy time.
void tagged_descriptors_split_the_queue_by_layer() {
    Bench b(config());
    const TwoTiles t2(b);
    const int m = t2.m, n = t2.n, batch = t2.batch;
    const auto& wa = t2.wa;
    b.stim.script = [&](TlmStimulus& s) {
        b.program_tiles(s, {0x1000, 0x2000}, m, n);
        const cimvp::XbarDevice::Counters before = b.dev->counters();
        std::vector<uint32_t> a = {addr(0x3000), addr(0x4000), batch, m, n, 0, 0};
        std::vector<uint32_t> bb = {addr(0x3000), addr(0x5000), batch, m, n, 0, 0};
        a.resize(CIMX_DESC_WORDS - 1, 0), bb.resize(CIMX_DESC_WORDS - 1, 0);
        a[CIMX_DESC_LAYER_WORD - 1] = 1, bb[CIMX_DESC_LAYER_WORD - 1] = 2;
        b.add(CIMX_OP_MVM, 0, 0, a);
        b.add(CIMX_OP_MVM, 0, 1, bb);
        b.run(s);
        wait(sc_time(1, SC_MS));
        CHECK(b.reg(s, CIMX_XBAR_STATUS) == CIMX_STATUS_DONE);
        const xbar::TimingEnergyParams& t = b.cfg.timing;
        xbar::Crossbar ref(b.cfg, 0);
        ref.program(wa.data(), m, n);
        const double fetch = xbar::dma_cost(t, 2 * CIMX_DESC_BYTES).ns;
        const double in = xbar::dma_cost(t, batch * n).ns,
                     out = xbar::dma_cost(t, 4 * batch * m).ns;
        const double compute = batch * xbar::mvm_time_ns(t, ref.shape());
        const double a_out = fetch + in + compute + out;
        const double end = std::max(a_out, fetch + 2 * in + compute) + out;
        const auto& layers = b.dev->layer_counters();
        CHECK(layers.size() == 2);
        const auto& l1 = layers.at(1);
        const auto& l2 = layers.at(2);
        CHECK(l1.busy_ns == uint64_t(a_out + 0.5));
        CHECK(l2.busy_ns == uint64_t(end + 0.5) - uint64_t(a_out + 0.5));
        const cimvp::XbarDevice::Counters& now = b.dev->counters();
        CHECK(l1.busy_ns + l2.busy_ns == now.busy_ns - before.busy_ns);
        CHECK(l1.mvms == uint64_t(batch) && l2.mvms == uint64_t(batch));
        CHECK(l1.descriptors == 1 && l2.descriptors == 1);
        CHECK(std::abs(l1.energy_pj + l2.energy_pj - (now.energy_pj - before.energy_pj)) < 1e-6);
        CHECK(l1.dma_bytes + l2.dma_bytes == now.dma_bytes - before.dma_bytes); // fetch in l1
    };
    cimvp::test::finish_scenario();
}

} // namespace

TEST(XbarQueue, TaggedDescriptorsSplitTheQueueByLayer) {
    EXPECT_EXIT(tagged_descriptors_split_the_queue_by_layer(), testing::ExitedWithCode(0), "");
}
TEST(XbarQueue, MvmsOnTwoCrossbarsOverlap) {
    EXPECT_EXIT(mvms_on_two_crossbars_overlap(), testing::ExitedWithCode(0), "");
}
TEST(XbarQueue, PeripheryUnitsComputeExactly) {
    EXPECT_EXIT(periphery_units_compute_exactly(), testing::ExitedWithCode(0), "");
}
TEST(XbarQueue, PeripheryUnitsReadAlignedInputsInPlace) {
    EXPECT_EXIT(periphery_units_read_in_place_or_from_a_copy(0), testing::ExitedWithCode(0), "");
}
TEST(XbarQueue, PeripheryUnitsCopyUnalignedInputs) {
    EXPECT_EXIT(periphery_units_read_in_place_or_from_a_copy(1), testing::ExitedWithCode(0), "");
}
TEST(XbarQueue, BitslicedMvmBinary) {
    EXPECT_EXIT(bitsliced_mvm(xbar::Mapping::BNN_I, false), testing::ExitedWithCode(0), "");
}
TEST(XbarQueue, BitslicedMvmTernary) {
    EXPECT_EXIT(bitsliced_mvm(xbar::Mapping::TNN_IV, true), testing::ExitedWithCode(0), "");
}
TEST(XbarQueue, FailingDescriptorIsReported) {
    EXPECT_EXIT(failing_descriptor_is_reported(), testing::ExitedWithCode(0), "");
}
