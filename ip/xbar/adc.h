// Column ADC: r bits give exactly 2^r codes at uniformly spaced levels in [lo, hi]; currents
// outside are clipped to the end codes. r = 0 is an ideal converter (no quantisation, no
// clipping). Two level placements (AdcSpacing):
//  * reference: the levels of a SAR ADC whose reference spans [lo, hi]: step = (hi - lo) / 2^r,
//    level(k) = lo + k step, so lo is a level and hi lies one step above the top level. On a
//    symmetric range [-FS, +FS] this is the mid-tread transfer function of a differential SAR
//    ADC: two's complement codes -2^(r-1) ... 2^(r-1) - 1, step FS / 2^(r-1), a level at 0.
//  * ends: both ends are levels, step = (hi - lo) / (2^r - 1). On a symmetric range this is
//    mid-rise (no level at 0); on a positive range [0, FS] it puts levels at 0 and at FS.
//
// Range: symmetric [-FS, +FS] for signed differential column signals, positive [0, FS] for
// single-ended column currents, with FS = alpha * (largest signal the tile can produce) or an
// explicit full scale (uA). A per-tile range can also be set directly, e.g. by calibrating
// firmware. The number of ADCs per crossbar (column multiplexing) changes time, not values.
// docs/crossbar/adc.md discusses the choices.
#pragma once

#include "ip/xbar/mapping.h"
#include "ip/xbar/timing_energy_defaults.h"

#include <cstdint>

namespace xbar {

// Transfer function of ADCs on a symmetric range (xbar.adc_levels).
enum class AdcLevels { midtread, midrise };

struct AdcParams {
    int bits = 0;            // resolution r; 0 = ideal
    double alpha = 1.0;      // clipping factor in (0, 1]: FS = alpha * maximum signal
    double full_scale = 0.0; // uA; > 0 replaces alpha * maximum signal
    AdcLevels levels = AdcLevels::midtread; // symmetric ranges only
    int adcs = timing_defaults::adcs;       // ADCs per crossbar; columns share them through a mux
};

struct AdcRange {
    double lo; // uA, current of code 0
    double hi; // uA, the end of the range (see AdcSpacing)
};

enum class AdcSpacing { reference, ends };

// Positive ranges always use `ends` (a level at 0 and at FS; see docs/crossbar/adc.md); symmetric
// ones follow xbar.adc_levels.
inline AdcSpacing adc_spacing(AdcRangeKind kind, AdcLevels levels) {
    return kind == AdcRangeKind::symmetric && levels == AdcLevels::midtread ? AdcSpacing::reference
                                                                            : AdcSpacing::ends;
}

// Range for a tile with `inputs` inputs: every input drives at most one row per phase, so a column
// sees at most `inputs` cells, giving inputs * I_LRS single-ended or inputs * dI differential.
AdcRange auto_range(AdcRangeKind kind, int inputs, double i_hrs, double i_lrs, const AdcParams& p);

class Adc {
  public:
    explicit Adc(int bits, const AdcRange& range = {0.0, 1.0},
                 AdcSpacing spacing = AdcSpacing::ends)
        : bits_(bits), spacing_(spacing) {
        set_range(range);
    }

    // Ranges with hi <= lo (an empty tile) map every current to code 0.
    void set_range(const AdcRange& r) {
        range_ = r;
        const double steps =
            static_cast<double>(spacing_ == AdcSpacing::ends ? codes() - 1 : codes());
        step_ = bits_ > 0 ? (r.hi - r.lo) / steps : 0.0;
        inv_step_ = step_ > 0.0 ? 1.0 / step_ : 0.0;
    }
    const AdcRange& range() const { return range_; }
    int bits() const { return bits_; }
    AdcSpacing spacing() const { return spacing_; }
    bool ideal() const { return bits_ == 0; }
    uint64_t codes() const { return uint64_t{1} << bits_; } // 2^r; meaningless when ideal
    double step() const { return step_; }

    // Output code in [0, 2^r - 1]: the nearest level (ties upwards), clipped at both ends.
    uint32_t code(double current) const {
        if (!(step_ > 0.0)) return 0;
        const double top = static_cast<double>(codes() - 1);
        double k = (current - range_.lo) * inv_step_ + 0.5;
        // Branch-free clamps (maxsd/minsd); the argument order maps NaN to 0.
        k = k > 0.0 ? k : 0.0;
        k = k < top ? k : top;
        return static_cast<uint32_t>(k); // k >= 0: truncation is floor
    }
    // The code as a differential SAR ADC outputs it on a symmetric range: two's complement,
    // code - 2^(r-1), in [-2^(r-1), 2^(r-1) - 1].
    int64_t twos_complement(uint32_t code) const {
        return static_cast<int64_t>(code) - static_cast<int64_t>(codes() / 2);
    }
    // Current a code stands for.
    double level(uint32_t code) const { return range_.lo + static_cast<double>(code) * step_; }
    // The converted current: level(code(current)), or current itself when ideal.
    double convert(double current) const { return ideal() ? current : level(code(current)); }

  private:
    int bits_;
    AdcSpacing spacing_;
    AdcRange range_{};
    double step_ = 0.0;
    double inv_step_ = 0.0; // multiplication instead of division on the hot path
};

} // namespace xbar
