#include "adc.h"

#include <algorithm>
#include <cmath>

namespace xbar {

AdcRange auto_range(AdcRangeKind kind, int inputs, double i_hrs, double i_lrs, const AdcParams& p) {
    const double max_signal =
        kind == AdcRangeKind::symmetric ? inputs * (i_lrs - i_hrs) : inputs * i_lrs;
    const double fs = p.full_scale > 0.0 ? p.full_scale : p.alpha * max_signal;
    return kind == AdcRangeKind::symmetric ? AdcRange{-fs, fs} : AdcRange{0.0, fs};
}

uint32_t Adc::code(double current, const AdcRange& r) const {
    const double top = static_cast<double>(codes() - 1);
    if (!(r.hi > r.lo)) return 0; // degenerate range (empty tile): everything is code 0
    const double k = std::floor((current - r.lo) / step(r) + 0.5);
    return static_cast<uint32_t>(std::clamp(k, 0.0, top));
}

double Adc::level(uint32_t code, const AdcRange& r) const {
    if (!(r.hi > r.lo)) return r.lo;
    return r.lo + static_cast<double>(code) * step(r);
}

double Adc::convert(double current, const AdcRange& r) const {
    return ideal() ? current : level(code(current, r), r);
}

} // namespace xbar
