// ADC range calibration (cimc --adc-calibration; docs/compiler.md "ADC range calibration"):
// gives every crossbar tile the ADC range the firmware sets with SET_ADC_RANGE after
// programming it.
//   none     no range in the tables: the device's automatic range (FS = alpha * analytic maximum)
//   max      that same analytic range, per tile, programmed explicitly by the firmware
//   profile  per layer, a percentile of the ADC input signals the compiled network produces on
//            an ideal crossbar for calibration images from the training set
#pragma once

#include "compiler/ir/network.h"
#include "compiler/passes/signal_histogram.h"
#include "compiler/reference/reference_executor.h"
#include "ip/xbar/xbar_config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cimc {

enum class AdcCalibrationMode { none, max, profile };

struct AdcCalibration {
    AdcCalibrationMode mode = AdcCalibrationMode::none;
    int64_t images = 1000;    // calibration images: the last `images` of the file
    double percentile = 99.0; // P in (0, 100]: docs/compiler.md, chosen on a validation split
    std::string data;         // IDX file of calibration images; "": default_calibration_data()
};

// "none" | "max" | "profile"; anything else throws CompileError naming the option.
AdcCalibrationMode parse_adc_calibration_mode(const std::string& s);
const char* to_string(AdcCalibrationMode m);
// Throws CompileError (one line naming the option) for images < 1 or a percentile outside
// (0, 100].
void check_adc_calibration(const AdcCalibration& c);
// Debian's Fashion-MNIST training images, train-images-idx3-ubyte[.gz] in the dataset
// directory the test images come from (dataset/dataset.h default_dataset_dir()).
std::string default_calibration_data();

// The images the profile uses: the last `n` of a file of `available` images (the end of the
// training set, where `cimx train --validation` holds its images out). Throws CompileError
// naming `path` when the file has fewer.
struct ImageRange {
    uint32_t first = 0, count = 0;
};
ImageRange calibration_image_range(uint32_t available, int64_t n, const std::string& path);

// The range for one layer's signals: symmetric kinds [-FS, +FS] with FS the p-th percentile of
// |signal|; positive kinds [lower(p), upper(p)] of the signal. At least delta_i (one LRS cell's
// signal) wide, so that a layer whose signals are all equal still gets a usable range.
xbar::AdcRange profiled_range(const SignalHistogram& h, xbar::AdcRangeKind kind, double p,
                              double delta_i);

// uA -> the registers' nA, rounded to nearest; throws CompileError beyond int32.
int32_t to_nanoamperes(double microamperes, const std::string& what);

// Sets (or, for none, clears) Tile::adc_lo_na/adc_hi_na of every crossbar tile. `images` (with
// `range` of them used) is read only by profile. `cfg` is the accelerator compiled for.
void calibrate_adc(Network& net, const xbar::XbarConfig& cfg, const AdcCalibration& c,
                   const ImageSet* images, ImageRange range);

// "ADC [lo, hi] uA" for a layer's tiles (one range, or the first and "per tile"); "" without.
std::string adc_range_summary(const Layer& l);

} // namespace cimc
