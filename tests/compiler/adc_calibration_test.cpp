// ADC range calibration (compiler/passes/adc_calibration.h) in-process:
//  * nearest-rank percentiles of the signal histogram equal those of the sorted list;
//  * profiled ranges are the percentiles of the signals each layer's tiles produce, computed
//    here independently from the tiles' recorded inputs with the mappings' cell equations
//    (no crossbar model, no profiler);
//  * max is the automatic range of each tile (alpha, adc_full_scale);
//  * the profile uses an ideal crossbar whatever the configured non-idealities;
//  * calibration lowers the quantisation error against the exact product on the shipped
//    tnn-cnn under TNN_IV with a 4-bit ADC, where the automatic range is too wide;
//  * the reference executor ignores the ranges; bad options throw one clear error.
#include "tests/compiler/compile_helpers.h"
#include "ip/xbar/crossbar.h"
#include "compiler/import/import_qonnx.h"
#include "compiler/ir/error.h"
#include "sw/nn/nn_backend_exact.h"
#include "compiler/passes/adc_calibration.h"
#include "compiler/passes/signal_histogram.h"
#include "tests/compiler/tile_inputs.h"
#include "ip/tlm/xbar_regmap.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace compilertest {
namespace {

cimc::ImageSet image_set(const Images& im) {
    cimc::ImageSet s;
    s.count = im.count;
    s.pixels = im.rows * im.cols;
    s.data = im.pixels;
    return s;
}

// The nearest rank for a percentile with one decimal, p10 = 10 p, in exact integers.
uint64_t rank_of(uint64_t p10, uint64_t n) { return std::max<uint64_t>(1, (p10 * n + 999) / 1000); }

TEST(SignalHistogram, NearestRankPercentilesEqualTheSortedList) {
    std::mt19937 rng(5);
    for (uint64_t n : {1u, 2u, 7u, 1000u, 4099u}) {
        std::vector<double> v;
        cimc::SignalHistogram h;
        for (uint64_t i = 0; i < n; ++i) {
            v.push_back(1.5 * double(int(rng() % 61) - 30)); // duplicates, both signs, 0 and -0
            h.add(v.back());
        }
        std::sort(v.begin(), v.end());
        std::vector<double> mag;
        for (double x : v) mag.push_back(std::fabs(x));
        std::sort(mag.begin(), mag.end());
        ASSERT_EQ(h.count(), n);
        for (uint64_t p10 : {1u, 5u, 500u, 900u, 990u, 999u, 1000u}) {
            const double p = double(p10) / 10.0;
            const uint64_t r = rank_of(p10, n);
            EXPECT_EQ(cimc::percentile_rank(p, n), r) << p << " " << n;
            EXPECT_EQ(h.upper(p), v[r - 1]) << p << " " << n;
            EXPECT_EQ(h.lower(p), v[n - r]) << p << " " << n;
            EXPECT_EQ(h.magnitudes().upper(p), mag[r - 1]) << p << " " << n;
        }
        EXPECT_EQ(h.upper(100), v.back());
        EXPECT_EQ(h.lower(100), v.front());
    }
    EXPECT_EQ(cimc::percentile_rank(99.9, 1000), 999u); // not 1000 from rounding 99.9 * 10
    cimc::SignalHistogram zeros;
    zeros.add(-0.0);
    zeros.add(0.0);
    EXPECT_EQ(zeros.distinct(), 1u);
    EXPECT_THROW(cimc::SignalHistogram().upper(50), std::logic_error);
}

// The ADC input signals (uA) of one tile for one input vector, from the mapping's cell equations
// (docs/crossbar/mappings.md): BNN_I reads the differential pair g+ = [w=+1], g- = [w=-1] on the
// rows with x = +1; TNN_IV reads the single-ended LSB [w!=0] and MSB [w=-1] columns in a phase
// driving x = +1 and one driving x = -1, each carrying I_HRS per driven row.
void cell_signals(const std::string& mapping, const cimc::Tile& t, const int8_t* x,
                  const xbar::DeviceParams& d, std::vector<double>& out) {
    const double di = d.delta_i();
    for (int64_t o = 0; o < t.outputs; ++o) {
        const int8_t* w = t.weights.data() + o * t.inputs;
        if (mapping == "BNN_I") {
            int64_t k = 0;
            for (int64_t i = 0; i < t.inputs; ++i) k += x[i] == 1 ? w[i] : 0;
            out.push_back(di * double(k));
            continue;
        }
        for (int phase_x : {1, -1}) {
            int64_t rows = 0, lsb = 0, msb = 0;
            for (int64_t i = 0; i < t.inputs; ++i) {
                if (x[i] != phase_x) continue;
                ++rows;
                lsb += w[i] != 0;
                msb += w[i] == -1;
            }
            for (int64_t k : {lsb, msb}) out.push_back(d.i_hrs * double(rows) + di * double(k));
        }
    }
}

// The range the pass must give a layer, from its signals sorted.
std::pair<int64_t, int64_t> expected_range_na(std::vector<double> s, bool symmetric, uint64_t p10,
                                              double di) {
    const uint64_t n = s.size(), r = rank_of(p10, n);
    if (symmetric) {
        for (double& v : s) v = std::fabs(v);
        std::sort(s.begin(), s.end());
        const double fs = std::max(s[r - 1], di);
        return {std::llround(-fs * 1e3), std::llround(fs * 1e3)};
    }
    std::sort(s.begin(), s.end());
    const double lo = s[n - r];
    return {std::llround(lo * 1e3), std::llround(std::max(s[r - 1], lo + di) * 1e3)};
}

struct ProfileCase {
    const char* name;
    bool cnn, ternary;
    const char* mapping;
    int crossbars;
};

void PrintTo(const ProfileCase& c, std::ostream* os) { *os << c.name; }

class ProfiledRanges : public testing::TestWithParam<ProfileCase> {};

TEST_P(ProfiledRanges, ArePercentilesOfTheSignalsComputedIndependently) {
    const ProfileCase& c = GetParam();
    ModelSpec spec;
    spec.cnn = c.cnn, spec.ternary = c.ternary, spec.seed = 31;
    spec.hidden = {96, 40};
    const cimc::CompileOptions o = options_for(c.mapping, false, c.crossbars);
    cimc::Network net = compile_graph(make_model(spec), o);
    const cimc::ImageSet images = image_set(training_images(40));
    const std::vector<TileInputs> inputs = record_tile_inputs(net, images, 0, images.count);
    if (c.crossbars == 1) {
        ASSERT_TRUE(net.layers.back().tiles.back().streamed);
    }
    const bool symmetric = o.xbar.mapping_spec().adc_range == xbar::AdcRangeKind::symmetric;
    for (uint64_t p10 : {990u, 1000u}) {
        cimc::AdcCalibration cal;
        cal.mode = cimc::AdcCalibrationMode::profile;
        cal.percentile = double(p10) / 10.0;
        cimc::calibrate_adc(net, o.xbar, cal, &images, {0, images.count});
        int checked = 0;
        for (size_t l = 0; l < net.layers.size(); ++l) {
            if (net.layers[l].tiles.empty()) continue;
            std::vector<double> signals;
            for (const TileInputs& ti : inputs) {
                if (ti.layer != l) continue;
                const cimc::Tile& t = net.layers[l].tiles[ti.tile];
                for (size_t v = 0; v < ti.vectors(); ++v)
                    cell_signals(c.mapping, t, ti.x.data() + v * size_t(ti.inputs), o.xbar.device,
                                 signals);
            }
            ASSERT_FALSE(signals.empty()) << net.layers[l].node;
            const auto want = expected_range_na(signals, symmetric, p10, o.xbar.device.delta_i());
            for (const cimc::Tile& t : net.layers[l].tiles) {
                EXPECT_EQ(t.adc_lo_na, want.first) << net.layers[l].node << " P " << cal.percentile;
                EXPECT_EQ(t.adc_hi_na, want.second)
                    << net.layers[l].node << " P " << cal.percentile;
            }
            ++checked;
        }
        EXPECT_GE(checked, 2);
    }
}

const ProfileCase profile_cases[] = {
    {"BnnMlp_BNN_I", false, false, "BNN_I", 16},
    {"TnnMlp_TNN_IV", false, true, "TNN_IV", 16},
    // One crossbar: the tiles of both crossbar layers take turns on it (streamed).
    {"TnnCnnStreamed_TNN_IV", true, true, "TNN_IV", 1},
};

INSTANTIATE_TEST_SUITE_P(AdcCalibration, ProfiledRanges, testing::ValuesIn(profile_cases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(AdcCalibration, ProfileUsesAnIdealCrossbarWhateverTheConfiguredNonIdealities) {
    ModelSpec spec;
    spec.ternary = true;
    cimc::CompileOptions o = options_for("TNN_IV");
    cimc::Network net = compile_graph(make_model(spec), o);
    const cimc::ImageSet images = image_set(training_images(16));
    cimc::AdcCalibration cal;
    cal.mode = cimc::AdcCalibrationMode::profile;
    cimc::calibrate_adc(net, o.xbar, cal, &images, {0, images.count});
    const cimc::Network ideal = net;
    xbar::XbarConfig noisy = o.xbar;
    noisy.device.sigma_lrs = 3.0;
    noisy.device.sigma_read = 0.05;
    noisy.device.p_stuck_hrs = 0.01;
    noisy.adc.bits = 2;
    noisy.seed = 9;
    cimc::calibrate_adc(net, noisy, cal, &images, {0, images.count});
    for (size_t l = 0; l < net.layers.size(); ++l)
        for (size_t t = 0; t < net.layers[l].tiles.size(); ++t) {
            EXPECT_EQ(net.layers[l].tiles[t].adc_lo_na, ideal.layers[l].tiles[t].adc_lo_na);
            EXPECT_EQ(net.layers[l].tiles[t].adc_hi_na, ideal.layers[l].tiles[t].adc_hi_na);
        }
}

TEST(AdcCalibration, MaxIsTheAutomaticRangeOfEachTile) {
    for (const char* mapping : {"BNN_I", "TNN_IV"}) {
        ModelSpec spec;
        spec.ternary = std::string(mapping) == "TNN_IV";
        spec.hidden = {70, 40};
        cimc::CompileOptions o = options_for(mapping, false, 4);
        o.xbar.rows = o.xbar.cols = 32; // tiles of different input counts
        o.xbar.adc.alpha = 0.3;
        cimc::Network net = compile_graph(make_model(spec), o);
        cimc::AdcCalibration cal;
        cal.mode = cimc::AdcCalibrationMode::max;
        cimc::calibrate_adc(net, o.xbar, cal, nullptr, {});
        const xbar::DeviceParams& d = o.xbar.device;
        std::vector<int64_t> seen;
        for (const cimc::Layer& l : net.layers)
            for (const cimc::Tile& t : l.tiles) {
                const double fs =
                    0.3 * double(t.inputs) * (spec.ternary ? d.i_lrs : d.i_lrs - d.i_hrs); // adc.md
                EXPECT_EQ(t.adc_hi_na, std::llround(fs * 1e3)) << mapping;
                EXPECT_EQ(t.adc_lo_na, spec.ternary ? 0 : -std::llround(fs * 1e3)) << mapping;
                seen.push_back(t.adc_hi_na);
            }
        std::sort(seen.begin(), seen.end());
        EXPECT_GT(std::unique(seen.begin(), seen.end()) - seen.begin(), 1) << mapping;
        o.xbar.adc.full_scale = 123.4567; // uA, replaces alpha x maximum
        cimc::calibrate_adc(net, o.xbar, cal, nullptr, {});
        for (const cimc::Layer& l : net.layers)
            for (const cimc::Tile& t : l.tiles) EXPECT_EQ(t.adc_hi_na, 123457) << mapping;
        cal.mode = cimc::AdcCalibrationMode::none;
        cimc::calibrate_adc(net, o.xbar, cal, nullptr, {});
        for (const cimc::Layer& l : net.layers)
            for (const cimc::Tile& t : l.tiles) EXPECT_EQ(t.adc_lo_na | t.adc_hi_na, 0);
    }
}

// Mean |y_adc - W x| per output of a layer's tiles on the recorded inputs, with the automatic
// ADC range (`calibrated` false) or with the tile's range as the firmware sets it.
double mean_abs_error(const cimc::Layer& l, const std::vector<TileInputs>& inputs, size_t layer,
                      const xbar::XbarConfig& cfg, bool calibrated) {
    double sum = 0;
    uint64_t n = 0;
    for (const TileInputs& ti : inputs) {
        if (ti.layer != layer) continue;
        const cimc::Tile& t = l.tiles[ti.tile];
        xbar::Crossbar xb(cfg, uint32_t(ti.tile));
        xb.program(t.weights.data(), int(t.outputs), int(t.inputs));
        if (calibrated) xb.set_adc_range({t.adc_lo_na * 1e-3, t.adc_hi_na * 1e-3});
        const size_t vectors = ti.vectors();
        std::vector<int32_t> y(vectors * size_t(t.outputs));
        xb.mvm_batch(ti.x.data(), vectors, y.data());
        for (size_t v = 0; v < vectors; ++v)
            for (int64_t o = 0; o < t.outputs; ++o) {
                int64_t exact = 0;
                for (int64_t i = 0; i < t.inputs; ++i)
                    exact += t.weights[size_t(o * t.inputs + i)] *
                             ti.x[v * size_t(t.inputs) + size_t(i)];
                sum += std::fabs(double(y[v * size_t(t.outputs) + size_t(o)] - exact));
                ++n;
            }
    }
    return sum / double(n);
}

TEST(AdcCalibration, LowersTheQuantisationErrorWhereTheAutomaticRangeIsTooWide) {
    if (training_file().empty()) GTEST_SKIP() << "Fashion-MNIST not installed";
    cimc::CompileOptions o = options_for("TNN_IV");
    o.xbar.adc.bits = 4;
    cimc::Network net =
        cimc::compile_model(std::string(CIMVP_SOURCE_DIR) + "/models/tnn-cnn.onnx", o);
    const cimc::ImageSet calibration = image_set(training_images(200));
    cimc::AdcCalibration cal;
    cal.mode = cimc::AdcCalibrationMode::profile;
    cimc::calibrate_adc(net, o.xbar, cal, &calibration, {0, calibration.count});
    const cimc::ImageSet test = image_set(test_images(40));
    const std::vector<TileInputs> inputs = record_tile_inputs(net, test, 0, test.count);
    int layers = 0;
    for (size_t l = 0; l < net.layers.size(); ++l) {
        const cimc::Layer& layer = net.layers[l];
        if (layer.tiles.empty()) continue;
        const cimc::Tile& t = layer.tiles[0];
        const xbar::AdcRange automatic =
            xbar::auto_range(xbar::AdcRangeKind::positive, int(t.inputs), o.xbar.device.i_hrs,
                             o.xbar.device.i_lrs, o.xbar.adc);
        const double width = (t.adc_hi_na - t.adc_lo_na) * 1e-3;
        const double before = mean_abs_error(layer, inputs, l, o.xbar, false);
        const double after = mean_abs_error(layer, inputs, l, o.xbar, true);
        std::printf("%s: ADC range %.0f -> %.0f uA wide, mean |y_adc - Wx| %.3f -> %.3f\n",
                    layer.node.c_str(), automatic.hi - automatic.lo, width, before, after);
        EXPECT_LT(width, 0.6 * (automatic.hi - automatic.lo)) << layer.node; // too wide today
        EXPECT_LT(after, 0.6 * before) << layer.node;
        ++layers;
    }
    EXPECT_EQ(layers, 3);
}

TEST(AdcCalibration, TheReferenceExecutorIgnoresTheRanges) {
    ModelSpec spec;
    spec.ternary = true;
    const cimc::CompileOptions o = options_for("TNN_IV", false, 2);
    cimc::Network net = compile_graph(make_model(spec), o);
    const Images images = test_images(48);
    const std::vector<uint16_t> plain = reference_predictions(net, images);
    cimc::AdcCalibration cal;
    cal.mode = cimc::AdcCalibrationMode::max;
    cimc::calibrate_adc(net, o.xbar, cal, nullptr, {});
    ASSERT_NE(net.layers[1].tiles[0].adc_hi_na, 0);
    EXPECT_EQ(reference_predictions(net, images), plain);
    // ... after checking the range as the device does.
    nn_exact_tile tiles[2];
    nn_exact_state state;
    nn_backend exact;
    nn_exact_backend_init(&exact, &state, tiles, 2, 256, 128);
    EXPECT_EQ(exact.set_adc_range(exact.ctx, 1, -5, 7), 0u);
    EXPECT_EQ(exact.set_adc_range(exact.ctx, 1, 7, 7), uint32_t(CIMX_ERR_BAD_ADC_RANGE));
    EXPECT_EQ(exact.set_adc_range(exact.ctx, 2, 0, 7), uint32_t(CIMX_ERR_BAD_XBAR));
}

void expect_error(const std::function<void()>& f, const std::string& needle) {
    try {
        f();
        ADD_FAILURE() << "no error, expected one with " << needle;
    } catch (const cimc::CompileError& e) {
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
    }
}

TEST(AdcCalibration, BadOptionsAreOneClearError) {
    EXPECT_EQ(cimc::parse_adc_calibration_mode("profile"), cimc::AdcCalibrationMode::profile);
    expect_error([] { cimc::parse_adc_calibration_mode("maximum"); },
                 "--adc-calibration must be none, max or profile, not 'maximum'");
    cimc::AdcCalibration c;
    for (double p : {0.0, -1.0, 100.01, std::nan("")}) {
        c.percentile = p;
        expect_error([&] { cimc::check_adc_calibration(c); },
                     "--adc-percentile must be in (0, 100]");
    }
    c.percentile = 100;
    cimc::check_adc_calibration(c);
    for (int64_t n : {0, -3}) {
        c.images = n;
        expect_error([&] { cimc::check_adc_calibration(c); },
                     "--calibration-images must be at least 1");
    }
    const cimc::ImageRange r = cimc::calibration_image_range(60000, 1000, "train.idx");
    EXPECT_EQ(r.first, 59000u); // the last N: inside `cimx train --validation`'s hold-out
    EXPECT_EQ(r.count, 1000u);
    expect_error([] { cimc::calibration_image_range(50, 51, "few.idx"); },
                 "few.idx: has 50 images, --calibration-images asks for 51");
    EXPECT_NE(cimc::default_calibration_data().find("/train-images-idx3-ubyte"), std::string::npos);
}

} // namespace
} // namespace compilertest
