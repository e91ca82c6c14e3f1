// The reference executor's host kernels against the plain ones they replace: the bit-packed
// MVM (compiler/reference/packed_tile.h) against the per-element integer loop on random shapes
// (sizes around the 64-bit words and the 16-byte input chunks, zero weights, all-zero rows,
// inputs outside {-1, 0, +1}, bytes past the vector that a wrong tail mask would read), the
// vectorised thresholds and pools against the runtime's nn_threshold_apply / nn_pool_apply, and
// the packed backend's errors against the exact backend's.
#include "compiler/reference/packed_backend.h"
#include "compiler/reference/packed_tile.h"
#include "compiler/reference/reference_kernels.h"
#include "ip/tlm/xbar_regmap.h"
#include "sw/nn/nn_backend_exact.h"
#include "sw/nn/nn_kernels.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace compilertest {
namespace {

std::vector<int32_t> plain_mvm(const std::vector<int8_t>& w, const int8_t* x, uint32_t outputs,
                               uint32_t inputs) {
    std::vector<int32_t> y(outputs);
    for (uint32_t o = 0; o < outputs; ++o)
        for (uint32_t i = 0; i < inputs; ++i) y[o] += w[size_t(o) * inputs + i] * int32_t(x[i]);
    return y;
}

// Weights with P(0) = zero_share (0: binary), row 0 all zero when `zero_row`.
std::vector<int8_t> random_weights(std::mt19937& rng, uint32_t outputs, uint32_t inputs,
                                   double zero_share, bool zero_row) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<int8_t> w(size_t(outputs) * inputs);
    for (size_t k = 0; k < w.size(); ++k) w[k] = u(rng) < zero_share ? 0 : (rng() & 1 ? 1 : -1);
    if (zero_row)
        for (uint32_t i = 0; i < inputs; ++i) w[i] = 0;
    return w;
}

TEST(PackedReference, MvmEqualsThePlainProductOnRandomShapes) {
    std::mt19937 rng{9};
    const uint32_t sizes_in[] = {1, 9, 15, 16, 17, 63, 64, 65, 96, 127, 128, 129, 200, 257};
    const uint32_t sizes_out[] = {1, 3, 7, 10, 64, 65, 130};
    int nonzero = 0, cases = 0;
    for (uint32_t inputs : sizes_in)
        for (uint32_t outputs : sizes_out)
            for (int variant = 0; variant < 4; ++variant) {
                const double zero_share = variant == 0 ? 0.0 : variant == 1 ? 0.33 : 0.9;
                const std::vector<int8_t> w =
                    random_weights(rng, outputs, inputs, zero_share, variant == 3);
                cimc::PackedTile t;
                t.pack(w.data(), outputs, inputs);
                for (int v = 0; v < 6; ++v) {
                    // The vector, then 64 bytes of +1 / -1 that are not part of it.
                    std::vector<int8_t> x(inputs + 64, int8_t(v % 2 ? 1 : -1));
                    for (uint32_t i = 0; i < inputs; ++i)
                        x[i] = v < 2 ? (rng() & 1 ? 1 : -1) : int8_t(int(rng() % 3) - 1);
                    if (v == 5) x[rng() % inputs] = int8_t(rng() % 2 ? 2 : -128); // plain path
                    const std::vector<int32_t> want = plain_mvm(w, x.data(), outputs, inputs);
                    std::vector<int32_t> y(outputs, 7);
                    t.mvm(x.data(), y.data(), false);
                    ASSERT_EQ(y, want)
                        << outputs << "x" << inputs << " variant " << variant << " vector " << v;
                    std::vector<int32_t> acc(outputs);
                    for (uint32_t o = 0; o < outputs; ++o) acc[o] = int32_t(rng() % 1000) - 500;
                    std::vector<int32_t> acc_want = acc;
                    for (uint32_t o = 0; o < outputs; ++o) acc_want[o] += want[o];
                    t.mvm(x.data(), acc.data(), true);
                    ASSERT_EQ(acc, acc_want) << outputs << "x" << inputs << " accumulate";
                    for (int32_t s : want) nonzero += s != 0;
                    ++cases;
                }
            }
    EXPECT_GT(nonzero, cases); // the products are not trivially zero
}

TEST(PackedReference, PackTernaryFlagsValuesOutsideTheAlphabet) {
    for (uint32_t n : {1u, 16u, 17u, 64u, 100u}) {
        std::vector<int8_t> x(n, 0);
        std::vector<uint64_t> p((n + 63) / 64), m(p.size());
        EXPECT_TRUE(cimc::pack_ternary(x.data(), n, p.data(), m.data()));
        for (uint32_t bad = 0; bad < n; bad += 7) {
            x.assign(n, 1);
            x[bad] = 3;
            EXPECT_FALSE(cimc::pack_ternary(x.data(), n, p.data(), m.data())) << n << " " << bad;
        }
        x.assign(n, -1);
        ASSERT_TRUE(cimc::pack_ternary(x.data(), n, p.data(), m.data()));
        for (uint32_t i = 0; i < n; ++i) EXPECT_TRUE((m[i / 64] >> (i % 64)) & 1);
        for (uint64_t word : p) EXPECT_EQ(word, 0u);
        const uint32_t tail = n % 64;
        if (tail) {
            EXPECT_EQ(m.back() >> tail, 0u) << "bits past the vector";
        }
    }
}

TEST(PackedReference, ThresholdsEqualTheRuntimeKernel) {
    std::mt19937 rng{3};
    for (uint32_t outputs : {1u, 10u, 33u, 64u}) {
        std::vector<nn_threshold> th(outputs);
        for (nn_threshold& t : th) {
            t.lo = int32_t(rng() % 41) - 20;
            t.hi = rng() % 4 ? t.lo + int32_t(rng() % 10) : t.lo - 3; // also lo > hi
            t.dir = rng() & 1 ? 1 : -1;
        }
        nn_layer l{};
        l.outputs = outputs;
        l.thresholds = th.data();
        const uint32_t rows = 37;
        std::vector<int32_t> acc(size_t(rows) * outputs);
        for (int32_t& a : acc) a = int32_t(rng() % 61) - 30;
        std::vector<int8_t> want(acc.size()), got(acc.size(), 5);
        nn_threshold_apply(&l, acc.data(), rows, want.data());
        cimc::ThresholdColumns(th.data(), outputs).apply(acc.data(), rows, got.data());
        EXPECT_EQ(got, want) << outputs;
    }
}

TEST(PackedReference, PoolsEqualTheRuntimeKernel) {
    std::mt19937 rng{4};
    for (uint32_t channels : {1u, 17u, 32u, 64u})
        for (int form = 0; form < 3; ++form) {
            nn_pool p{};
            p.kh = p.kw = form == 2 ? 3 : 2;
            p.sh = p.sw = form == 1 ? 1 : 2;
            p.pad_top = p.pad_left = form == 2 ? 1 : 0;
            p.in_h = 7, p.in_w = 6, p.channels = channels;
            p.out_h = (p.in_h + 2 * p.pad_top - p.kh) / p.sh + 1;
            p.out_w = (p.in_w + 2 * p.pad_left - p.kw) / p.sw + 1;
            std::vector<int8_t> dir(channels);
            for (int8_t& d : dir) d = rng() & 1 ? 1 : -1;
            p.dir = form == 0 ? nullptr : dir.data();
            const uint32_t count = 3;
            std::vector<int8_t> in(size_t(count) * p.in_h * p.in_w * channels);
            for (int8_t& v : in) v = int8_t(int(rng() % 3) - 1);
            const size_t out_size = size_t(count) * p.out_h * p.out_w * channels;
            std::vector<int8_t> want(out_size), got(out_size, 9);
            nn_pool_apply(&p, in.data(), count, want.data());
            cimc::pool_maps(p, in.data(), count, got.data());
            EXPECT_EQ(got, want) << channels << " channels, form " << form;
        }
}

TEST(PackedReference, BackendErrorsAreTheExactBackends) {
    cimc::PackedBackend packed(2, 64, 16);
    nn_exact_tile tiles[2];
    nn_exact_state state;
    nn_backend exact;
    nn_exact_backend_init(&exact, &state, tiles, 2, 64, 16);
    const nn_backend* b = packed.backend();
    std::vector<int8_t> w(16 * 64, 1), x(64, 1);
    std::vector<int32_t> y(16);
    nn_mvm c{};
    c.xbar = 1, c.x = x.data(), c.inputs = 64, c.src_stride = 64, c.y = y.data();
    c.outputs = 16, c.dst_stride = 64, c.batch = 1;
    EXPECT_EQ(b->mvm(b->ctx, &c), uint32_t(CIMX_ERR_NOT_PROGRAMMED));
    EXPECT_EQ(b->mvm(b->ctx, &c), exact.mvm(exact.ctx, &c));
    w[5] = 2;
    EXPECT_EQ(b->program(b->ctx, 1, w.data(), 16, 64), uint32_t(CIMX_ERR_BAD_VALUE));
    EXPECT_EQ(b->mvm(b->ctx, &c), uint32_t(CIMX_ERR_NOT_PROGRAMMED)); // rejected: not packed
    w[5] = 0;
    EXPECT_EQ(b->program(b->ctx, 1, w.data(), 17, 64), uint32_t(CIMX_ERR_TILE_TOO_LARGE));
    EXPECT_EQ(b->program(b->ctx, 2, w.data(), 16, 64), uint32_t(CIMX_ERR_BAD_XBAR));
    ASSERT_EQ(b->program(b->ctx, 1, w.data(), 16, 64), 0u);
    ASSERT_EQ(b->mvm(b->ctx, &c), 0u);
    EXPECT_EQ(y[0], 63);
    c.inputs = 63;
    EXPECT_EQ(b->mvm(b->ctx, &c), uint32_t(CIMX_ERR_BAD_SHAPE));
    c.inputs = 64, c.batch = 0;
    EXPECT_EQ(b->mvm(b->ctx, &c), uint32_t(CIMX_ERR_BAD_SHAPE));
    c.batch = 1, c.xbar = 2;
    EXPECT_EQ(b->mvm(b->ctx, &c), uint32_t(CIMX_ERR_BAD_XBAR));
}

} // namespace
} // namespace compilertest
