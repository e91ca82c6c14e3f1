#include "ip/xbar/adc.h"

namespace xbar {

AdcRange auto_range(AdcRangeKind kind, int inputs, double i_hrs, double i_lrs, const AdcParams& p) {
    const double max_signal =
        kind == AdcRangeKind::symmetric ? inputs * (i_lrs - i_hrs) : inputs * i_lrs;
    const double fs = p.full_scale > 0.0 ? p.full_scale : p.alpha * max_signal;
    return kind == AdcRangeKind::symmetric ? AdcRange{-fs, fs} : AdcRange{0.0, fs};
}

} // namespace xbar
