#include "compiler/passes/adc_calibration.h"

#include "dataset/dataset.h"
#include "compiler/ir/error.h"
#include "compiler/lower/host_model.h"
#include "compiler/reference/signal_profiler.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace cimc {

AdcCalibrationMode parse_adc_calibration_mode(const std::string& s) {
    if (s == "none") return AdcCalibrationMode::none;
    if (s == "max") return AdcCalibrationMode::max;
    if (s == "profile") return AdcCalibrationMode::profile;
    throw CompileError("--adc-calibration must be none, max or profile, not '" + s + "'");
}

const char* to_string(AdcCalibrationMode m) {
    switch (m) {
    case AdcCalibrationMode::none: return "none";
    case AdcCalibrationMode::max: return "max";
    case AdcCalibrationMode::profile: return "profile";
    }
    return "?";
}

void check_adc_calibration(const AdcCalibration& c) {
    if (c.images < 1)
        throw CompileError("--calibration-images must be at least 1, not " +
                           std::to_string(c.images));
    if (!(c.percentile > 0.0 && c.percentile <= 100.0)) {
        char p[32];
        std::snprintf(p, sizeof p, "%g", c.percentile);
        throw CompileError(std::string("--adc-percentile must be in (0, 100], not ") + p);
    }
}

std::string default_calibration_data() {
    return cimx::split_file(cimx::default_dataset_dir(), "train", "images");
}

ImageRange calibration_image_range(uint32_t available, int64_t n, const std::string& path) {
    if (n > int64_t(available))
        throw CompileError(path + ": has " + std::to_string(available) +
                           " images, --calibration-images asks for " + std::to_string(n));
    return {uint32_t(available - n), uint32_t(n)};
}

xbar::AdcRange profiled_range(const SignalHistogram& h, xbar::AdcRangeKind kind, double p,
                              double delta_i) {
    if (kind == xbar::AdcRangeKind::symmetric) {
        const double fs = std::max(h.magnitudes().upper(p), delta_i);
        return {-fs, fs};
    }
    const double lo = h.lower(p);
    return {lo, std::max(h.upper(p), lo + delta_i)};
}

int32_t to_nanoamperes(double microamperes, const std::string& what) {
    const double na = std::round(microamperes * 1e3);
    if (!(std::fabs(na) <= double(std::numeric_limits<int32_t>::max())))
        throw CompileError(what + ": ADC range end " + std::to_string(microamperes) +
                           " uA does not fit the ADC_LO/ADC_HI registers (int32 nA)");
    return int32_t(na);
}

namespace {

void set_tile_range(Tile& t, const xbar::AdcRange& r, const Layer& l) {
    t.adc_lo_na = to_nanoamperes(r.lo, l.node);
    t.adc_hi_na = to_nanoamperes(r.hi, l.node);
    if (t.adc_hi_na <= t.adc_lo_na)
        throw CompileError(l.node + ": ADC range [" + std::to_string(r.lo) + ", " +
                           std::to_string(r.hi) +
                           "] uA is empty at the registers' resolution of 1 nA");
}

// The automatic range of every tile (ip/xbar/adc.h auto_range: alpha, or xbar.adc_full_scale).
void set_analytic_ranges(Network& net, const xbar::XbarConfig& cfg) {
    const xbar::AdcRangeKind kind = cfg.mapping_spec().adc_range;
    for (Layer& l : net.layers)
        for (Tile& t : l.tiles)
            set_tile_range(
                t,
                xbar::auto_range(kind, int(t.inputs), cfg.device.i_hrs, cfg.device.i_lrs, cfg.adc),
                l);
}

void set_profiled_ranges(Network& net, const xbar::XbarConfig& cfg, double p,
                         const ImageSet& images, ImageRange range) {
    std::vector<SignalHistogram> signals;
    {
        const HostModel host(net);
        signals = profile_adc_signals(*host.model(), cfg, images, range.first, range.count);
    }
    const xbar::AdcRangeKind kind = cfg.mapping_spec().adc_range;
    for (size_t i = 0; i < net.layers.size(); ++i) {
        Layer& l = net.layers[i];
        if (l.tiles.empty()) continue;
        if (signals[i].empty()) throw CompileError(l.node + ": no ADC signals recorded");
        const xbar::AdcRange r = profiled_range(signals[i], kind, p, cfg.device.delta_i());
        for (Tile& t : l.tiles) set_tile_range(t, r, l);
    }
}

} // namespace

void calibrate_adc(Network& net, const xbar::XbarConfig& cfg, const AdcCalibration& c,
                   const ImageSet* images, ImageRange range) {
    check_adc_calibration(c);
    for (Layer& l : net.layers)
        for (Tile& t : l.tiles) t.adc_lo_na = t.adc_hi_na = 0;
    switch (c.mode) {
    case AdcCalibrationMode::none: break;
    case AdcCalibrationMode::max: set_analytic_ranges(net, cfg); break;
    case AdcCalibrationMode::profile:
        if (!images) throw CompileError("--adc-calibration profile needs calibration images");
        if (images->pixels != net.input.size())
            throw CompileError((c.data.empty() ? std::string("calibration images") : c.data) +
                               ": images have " + std::to_string(images->pixels) +
                               " pixels, the model takes " + std::to_string(net.input.size()));
        set_profiled_ranges(net, cfg, c.percentile, *images, range);
        break;
    }
}

std::string adc_range_summary(const Layer& l) {
    if (l.tiles.empty() || (l.tiles[0].adc_lo_na == 0 && l.tiles[0].adc_hi_na == 0)) return "";
    const Tile& t = l.tiles[0];
    const bool same = std::all_of(l.tiles.begin(), l.tiles.end(), [&](const Tile& u) {
        return u.adc_lo_na == t.adc_lo_na && u.adc_hi_na == t.adc_hi_na;
    });
    char s[96];
    std::snprintf(s, sizeof s, "ADC [%.3f, %.3f] uA%s", t.adc_lo_na * 1e-3, t.adc_hi_na * 1e-3,
                  same ? "" : " (tile 0; per tile)");
    return s;
}

} // namespace cimc
