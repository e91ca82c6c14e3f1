// im2col, tiling and the runtime's matrix kernels against direct computation: a convolution
// (strides, dilation, asymmetric padding) through gather + tiles on an exact crossbar (+1
// padding with correction for the BNN alphabet, 0 for TNN) equals qonnx's Conv; dense layers
// after a flattened map equal the direct product; the CPU kernel (8-row packing; short lists
// with the complement plane, long ones with 16-bit lanes spilled every 256 columns) and the
// bit-sliced crossbar path are exact for all-255 pixels.
#include "compiler/lower/host_model.h"
#include "sw/nn/nn_backend_exact.h"
#include "sw/nn/nn_kernels.h"
#include "compiler/passes/cpu_weights.h"
#include "compiler/passes/im2col.h"
#include "compiler/passes/placement.h"
#include "compiler/passes/shape_inference.h"
#include "compiler/passes/tiling.h"
#include "compiler/qonnx/op_registry.h"

#include <gtest/gtest.h>

#include <random>

namespace compilertest {
namespace {

struct Fixture {
    cimc::Network net;
    std::vector<nn_exact_tile> xbars;
    nn_exact_state state;
    nn_backend backend;
    nn_stats stats{};
};

// One layer with random weights, compiled for tiles of at most max_in x max_out.
void compile_layer(Fixture& f, cimc::Layer l, bool ternary, int max_in, int max_out,
                   int crossbars) {
    f.net.target.ternary = ternary;
    f.net.target.max_inputs = max_in;
    f.net.target.max_outputs = max_out;
    f.net.target.crossbars = crossbars;
    f.net.input = l.in;
    f.net.layers.push_back(std::move(l));
    cimc::im2col(f.net);
    cimc::encode_cpu_weights(f.net);
    cimc::tile_network(f.net);
    cimc::place_tiles(f.net);
    f.xbars.resize(size_t(crossbars));
    nn_exact_backend_init(&f.backend, &f.state, f.xbars.data(), uint32_t(crossbars),
                          uint32_t(max_in), uint32_t(max_out));
}

cimc::Layer random_layer(bool conv, cimc::Engine engine, int64_t m, int64_t k, bool ternary,
                         uint64_t seed) {
    std::mt19937 rng{uint32_t(seed)};
    cimc::Layer l;
    l.conv = conv;
    l.engine = engine;
    l.outputs = m;
    l.fan_in = k;
    l.weights = ternary ? cimc::Alphabet::ternary : cimc::Alphabet::binary;
    for (int64_t i = 0; i < m * k; ++i)
        l.w.push_back(int8_t(ternary ? int(rng() % 3) - 1 : rng() & 1 ? 1 : -1));
    return l;
}

// qonnx's Conv on a [1, C, H, W] input (CHW); returns [M][P].
std::vector<float> direct_conv(const cimc::Layer& l, const std::vector<float>& chw) {
    qonnx::Node n;
    n.name = "conv";
    n.op_type = "Conv";
    const auto& g = l.geom;
    n.attributes["strides"] = qonnx::Attribute::of_ints({g.sh, g.sw});
    n.attributes["dilations"] = qonnx::Attribute::of_ints({g.dh, g.dw});
    n.attributes["pads"] =
        qonnx::Attribute::of_ints({g.pad_top, g.pad_left, g.pad_bottom, g.pad_right});
    qonnx::Tensor x({1, l.in.c, l.in.h, l.in.w}, chw),
        w = qonnx::Tensor::zeros({l.outputs, l.in.c, g.kh, g.kw});
    for (size_t i = 0; i < l.w.size(); ++i) w.data[i] = l.w[i];
    return qonnx::find_op(n)->run(n, {&x, &w})[0].data;
}

void conv_case(bool ternary, uint64_t seed) {
    cimc::Layer l = random_layer(true, cimc::Engine::xbar, 5, 3 * 3 * 3, ternary, seed);
    l.geom = {3, 3, 2, 1, 1, 2, 1, 0, 2, 1}; // kh kw sh sw dh dw, pads t l b r
    l.in = {3, 7, 8, true, false};
    l.out = cimc::conv_output("conv", l.in, 3, 5, l.geom);
    Fixture f;
    compile_layer(f, l, ternary, 7, 2, 64);
    const cimc::Layer& c = f.net.layers[0];
    EXPECT_EQ(c.pad_value, ternary ? 0 : 1);
    EXPECT_EQ(c.pad_pos.empty(), ternary);
    std::mt19937 rng{uint32_t(seed + 1)};
    std::vector<float> chw(size_t(l.in.size()));
    std::vector<int8_t> hwc(chw.size());
    for (int64_t ch = 0; ch < l.in.c; ++ch)
        for (int64_t p = 0; p < l.in.h * l.in.w; ++p) {
            const int v = ternary ? int(rng() % 3) - 1 : rng() & 1 ? 1 : -1;
            chw[size_t(ch * l.in.h * l.in.w + p)] = float(v);
            hwc[size_t(p * l.in.c + ch)] = int8_t(v);
        }
    cimc::HostModel host(f.net);
    const nn_layer& t = host.model()->layers[0];
    std::vector<uint8_t> patches(size_t(c.positions * c.patch_len));
    nn_gather(&t, reinterpret_cast<const uint8_t*>(hwc.data()), 1, patches.data());
    std::vector<int32_t> acc(size_t(c.positions * c.outputs));
    ASSERT_EQ(nn_init(host.model(), &f.backend, &f.stats), 0u);
    ASSERT_EQ(nn_xbar_linear(&t, &f.backend, reinterpret_cast<const int8_t*>(patches.data()),
                             t.positions, acc.data(), &f.stats),
              0u);
    nn_pad_correct(&t, 1, acc.data());
    const std::vector<float> want = direct_conv(l, chw);
    for (int64_t p = 0; p < c.positions; ++p)
        for (int64_t o = 0; o < c.outputs; ++o)
            ASSERT_EQ(float(acc[size_t(p * c.outputs + o)]), want[size_t(o * c.positions + p)])
                << "position " << p << " output " << o;
    EXPECT_GT(c.tiles.size(), 4u) << "the case should exercise several tiles";
}

TEST(Kernels, ConvolutionOnTilesWithBinaryPaddingCorrection) { conv_case(false, 1); }
TEST(Kernels, ConvolutionOnTilesWithTernaryZeroPadding) { conv_case(true, 2); }

// A pixel convolution on the CPU: the fused im2col + packing (nn_cpu_gather_pack) gives the
// same packed rows and totals as nn_gather then nn_cpu_pack, and the kernel's sums equal
// qonnx's Conv per image, for several images in one call (groups of eight rows that cross
// images), padding, strides and one or three input channels.
void cpu_conv_case(bool ternary, int64_t channels, uint32_t images, uint64_t seed) {
    cimc::Layer l = random_layer(true, cimc::Engine::cpu, 6, 3 * 3 * channels, ternary, seed);
    l.input = cimc::Alphabet::real;
    l.geom = {3, 3, 1, 2, 1, 1, 1, 1, 1, 0}; // kh kw sh sw dh dw, pads t l b r
    l.in = {channels, 7, 6, true, false};
    l.out = cimc::conv_output("conv", l.in, channels, 6, l.geom);
    Fixture f;
    compile_layer(f, l, ternary, 100, 6, 64);
    const cimc::Layer& c = f.net.layers[0];
    cimc::HostModel host(f.net);
    const nn_layer& t = host.model()->layers[0];
    ASSERT_TRUE(nn_cpu_fuses_gather(&t));
    std::mt19937 rng{uint32_t(seed + 1)};
    const size_t in_size = size_t(l.in.size());
    std::vector<uint8_t> hwc(in_size * images);
    for (size_t i = 0; i < hwc.size(); ++i) // image 0 all 255, image 1 all 0: the extremes
        hwc[i] = i < in_size ? 255 : i < 2 * in_size ? 0 : uint8_t(rng());
    const uint32_t rows = images * uint32_t(c.positions);
    ASSERT_NE(rows % 8, 0u) << "the case should end in a partial group";
    std::vector<uint8_t> patches(size_t(rows) * size_t(c.patch_len));
    nn_gather(&t, hwc.data(), images, patches.data());
    const size_t words = nn_cpu_packed_bytes(rows, t.fan_in) / 4;
    std::vector<uint32_t> packed(words), fused(words, 0xdeadbeef);
    std::vector<int32_t> totals((rows + 7) / 8 * 8), fused_totals(totals.size(), -1);
    nn_cpu_pack(patches.data(), rows, t.fan_in, packed.data(), totals.data());
    nn_cpu_gather_pack(&t, hwc.data(), images, fused.data(), fused_totals.data());
    EXPECT_EQ(fused, packed);
    EXPECT_EQ(fused_totals, totals);
    std::vector<int32_t> acc(size_t(rows) * size_t(c.outputs));
    nn_cpu_linear(&t, fused.data(), fused_totals.data(), rows, acc.data());
    nn_pad_correct(&t, images, acc.data());
    for (uint32_t b = 0; b < images; ++b) {
        std::vector<float> chw(in_size);
        for (int64_t ch = 0; ch < l.in.c; ++ch)
            for (int64_t p = 0; p < l.in.h * l.in.w; ++p)
                chw[size_t(ch * l.in.h * l.in.w + p)] = hwc[b * in_size + size_t(p * l.in.c + ch)];
        const std::vector<float> want = direct_conv(l, chw);
        for (int64_t p = 0; p < c.positions; ++p)
            for (int64_t o = 0; o < c.outputs; ++o)
                ASSERT_EQ(
                    float(
                        acc[(b * size_t(c.positions) + size_t(p)) * size_t(c.outputs) + size_t(o)]),
                    want[size_t(o * c.positions + p)])
                    << "image " << b << " position " << p << " output " << o;
    }
}

TEST(Kernels, CpuConvolutionTernaryOneChannel) { cpu_conv_case(true, 1, 3, 11); }
TEST(Kernels, CpuConvolutionBinaryThreeChannels) { cpu_conv_case(false, 3, 3, 12); }

// Dense layer on a flattened [C, H, W] map: runtime HWC activations, ONNX (c, y, x) weights.
TEST(Kernels, DenseAfterFlattenedMapOnTiles) {
    cimc::Layer l = random_layer(false, cimc::Engine::xbar, 9, 4 * 3 * 5, true, 3);
    l.in = {4, 3, 5, true, true};
    for (int64_t ch = 0; ch < 4; ++ch) // ONNX feature (c, y, x) sits at HWC offset (y, x, c)
        for (int64_t p = 0; p < 15; ++p) l.feature_offsets.push_back(int32_t(p * 4 + ch));
    Fixture f;
    compile_layer(f, l, true, 11, 4, 64);
    std::mt19937 rng(9);
    std::vector<int8_t> hwc(size_t(l.fan_in));
    for (auto& v : hwc) v = int8_t(int(rng() % 3) - 1);
    cimc::HostModel host(f.net);
    std::vector<int32_t> acc(size_t(l.outputs));
    ASSERT_EQ(nn_init(host.model(), &f.backend, &f.stats), 0u);
    ASSERT_EQ(
        nn_xbar_linear(&host.model()->layers[0], &f.backend, hwc.data(), 1, acc.data(), &f.stats),
        0u);
    for (int64_t o = 0; o < l.outputs; ++o) {
        int32_t want = 0;
        for (int64_t ch = 0; ch < 4; ++ch)
            for (int64_t p = 0; p < 15; ++p)
                want += l.w[size_t(o * l.fan_in + ch * 15 + p)] * hwc[size_t(p * 4 + ch)];
        EXPECT_EQ(acc[size_t(o)], want) << o;
    }
}

// Pixel rows x {-1,0,+1} weights on the CPU and bit-sliced on the crossbars.
void pixel_case(cimc::Engine engine, bool ternary, uint32_t rows, int64_t k) {
    cimc::Layer l = random_layer(false, engine, 13, k, ternary, 4);
    l.input = cimc::Alphabet::real;
    l.in = {k, 1, 1, false, false};
    Fixture f;
    compile_layer(f, l, ternary, 100, 6, 64);
    std::mt19937 rng(5);
    std::vector<uint8_t> px(size_t(rows * k));
    for (size_t i = 0; i < px.size(); ++i)
        px[i] = i < size_t(k) ? 255 : i < size_t(2 * k) ? 0 : uint8_t(rng()); // rows 0, 1: extremes
    cimc::HostModel host(f.net);
    const nn_layer& t = host.model()->layers[0];
    std::vector<int32_t> acc(size_t(rows * l.outputs));
    if (engine == cimc::Engine::cpu) {
        std::vector<uint32_t> packed(nn_cpu_packed_bytes(rows, uint32_t(k)) / 4);
        std::vector<int32_t> totals((rows + 7) / 8 * 8);
        nn_cpu_pack(px.data(), rows, uint32_t(k), packed.data(), totals.data());
        nn_cpu_linear(&t, packed.data(), totals.data(), rows, acc.data());
    } else {
        std::vector<int8_t> slices(size_t(8 * rows * k));
        std::vector<int32_t> partial(size_t(8 * rows * l.outputs));
        ASSERT_EQ(nn_init(host.model(), &f.backend, &f.stats), 0u);
        ASSERT_EQ(nn_xbar_bitslice(&t, &f.backend, px.data(), rows, slices.data(), partial.data(),
                                   acc.data(), &f.stats),
                  0u);
    }
    for (uint32_t r = 0; r < rows; ++r)
        for (int64_t o = 0; o < l.outputs; ++o) {
            int32_t want = 0;
            for (int64_t i = 0; i < k; ++i) want += l.w[size_t(o * k + i)] * px[size_t(r * k + i)];
            ASSERT_EQ(acc[size_t(r * l.outputs + o)], want) << "row " << r << " output " << o;
        }
}

TEST(Kernels, CpuKernelBinaryWeights) { pixel_case(cimc::Engine::cpu, false, 19, 700); }
TEST(Kernels, CpuKernelShortListsStayPacked) { pixel_case(cimc::Engine::cpu, true, 11, 256); }
TEST(Kernels, CpuKernelTernaryWeights) { pixel_case(cimc::Engine::cpu, true, 8, 1100); }
// Short lists (complement plane): a 3x3 patch's fan-in, whole groups of eight rows (the
// unrolled ternary store) and a partial last group, binary (row totals) and ternary.
TEST(Kernels, CpuKernelShortTernaryWholeGroups) { pixel_case(cimc::Engine::cpu, true, 24, 9); }
TEST(Kernels, CpuKernelShortTernaryPartialGroup) { pixel_case(cimc::Engine::cpu, true, 13, 9); }
TEST(Kernels, CpuKernelShortBinary) { pixel_case(cimc::Engine::cpu, false, 21, 9); }
TEST(Kernels, CpuKernelShortBinaryLongestShortList) {
    pixel_case(cimc::Engine::cpu, false, 10, 256);
}
TEST(Kernels, CpuKernelJustPastShortLists) { pixel_case(cimc::Engine::cpu, true, 9, 257); }
TEST(Kernels, BitSlicedBinaryMapping) { pixel_case(cimc::Engine::xbar_bitslice, false, 5, 250); }
TEST(Kernels, BitSlicedTernaryMapping) { pixel_case(cimc::Engine::xbar_bitslice, true, 3, 250); }

} // namespace
} // namespace compilertest

namespace compilertest {
namespace {

// The output layer's argmax from the compiler's keys (--postprocess xbar) equals the float
// arithmetic's for every sum vector: per-class scales of both signs (a negative scale turns
// +0 into -0, which must tie with +0 as the float comparison does), a batch norm and a
// division, classes with identical arithmetic (ties: the lowest index), and sums outside the
// table (the float path).
TEST(Kernels, OutputKeysGiveTheFloatArgmax) {
    const uint32_t outputs = 6, fan_in = 40;
    std::vector<double> pre_scale = {0.5, -0.25, 0.5, 1e-3, -3.0, 0.5};
    std::vector<double> pre_offset = {0.0, 0.0, 0.0, -7.5, 2.0, 0.0};
    std::vector<float> mul = {1.5f, 2.0f, 1.5f, -4.0f, 0.125f, 1.5f};
    std::vector<float> div = {3.0f, 3.0f, 3.0f, 0.7f, -1.1f, 3.0f};
    std::vector<double> a = {1.0, 0.5, 1.0, 2.0, -1.0, 1.0}, mean = {0.1, 0, 0.1, 0, 0.3, 0.1},
                        beta = {0, -1e-9, 0, 1, 0, 0};
    const nn_float_op ops[] = {{NN_FOP_MUL, 0, mul.data(), nullptr, nullptr, nullptr},
                               {NN_FOP_BATCHNORM, 0, nullptr, a.data(), mean.data(), beta.data()},
                               {NN_FOP_DIV, 0, div.data(), nullptr, nullptr, nullptr}};
    nn_layer l{};
    l.engine = NN_ENGINE_XBAR;
    l.fan_in = fan_in;
    l.outputs = outputs;
    l.pre_scale = pre_scale.data();
    l.pre_offset = pre_offset.data();
    l.n_fops = 3;
    l.fops = ops;
    std::vector<int32_t> keys;
    cimc::tabulate_output(l, keys);
    ASSERT_NE(l.out_keys, nullptr);
    EXPECT_EQ(l.out_key_min, -int32_t(fan_in));
    EXPECT_EQ(l.out_key_count, 2 * fan_in + 1);
    nn_layer plain = l;
    plain.out_keys = nullptr;
    EXPECT_EQ(nn_output_key(-0.0f), nn_output_key(0.0f));
    EXPECT_LT(nn_output_key(-1.0f), nn_output_key(-0.5f));
    EXPECT_LT(nn_output_key(0.5f), nn_output_key(1.0f));

    std::mt19937 g(11);
    const int batch = 4000;
    std::vector<int32_t> acc(size_t(batch) * outputs);
    for (int b = 0; b < batch; ++b)
        for (uint32_t o = 0; o < outputs; ++o) {
            // Small sums make ties and zeros common; 1 in 50 images has a sum beyond the table.
            const int32_t range = b % 50 == 0 ? 3 * int32_t(fan_in) : b % 3 ? 4 : int32_t(fan_in);
            acc[size_t(b) * outputs + o] = int32_t(g() % uint32_t(2 * range + 1)) - range;
        }
    std::vector<uint16_t> with_keys(batch), with_floats(batch);
    nn_output_argmax(&l, acc.data(), batch, with_keys.data());
    nn_output_argmax(&plain, acc.data(), batch, with_floats.data());
    EXPECT_EQ(with_keys, with_floats);
    int ties = 0; // classes 0, 2 and 5 compute alike: equal sums tie, the lowest index wins
    for (int b = 0; b < batch; ++b)
        ties += acc[size_t(b) * outputs] == acc[size_t(b) * outputs + 2];
    EXPECT_GT(ties, 100);
}

// No table for a layer without float arithmetic, with thresholds, or with a NaN value.
TEST(Kernels, OutputKeysOnlyWhereExact) {
    std::vector<float> zero = {0.0f};
    const nn_float_op div0 = {NN_FOP_DIV, 1, zero.data(), nullptr, nullptr, nullptr}; // 0 / y
    nn_layer l{};
    l.engine = NN_ENGINE_XBAR;
    l.fan_in = 8;
    l.outputs = 1;
    std::vector<int32_t> keys;
    cimc::tabulate_output(l, keys); // integer argmax: nothing to tabulate
    EXPECT_EQ(l.out_keys, nullptr);
    l.n_fops = 1;
    l.fops = &div0; // 0 / 0 at s = 0 is NaN
    cimc::tabulate_output(l, keys);
    EXPECT_EQ(l.out_keys, nullptr);
    EXPECT_TRUE(keys.empty());
}

} // namespace
} // namespace compilertest
