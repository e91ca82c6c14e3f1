#include "ip/tlm/queue_timing.h"

#include <algorithm>

namespace cimvp {

namespace {
bool intervals_meet(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1) {
    return a0 < b1 && b0 < a1;
}
} // namespace

// Exact for blocks of the same stride that fit in it (the columns of a tile in the rows of a
// result matrix); otherwise the bounding intervals decide (never misses a real overlap).
bool overlaps(const MemRange& a, const MemRange& b) {
    if (a.len == 0 || b.len == 0) return false;
    if (!intervals_meet(a.base, a.end(), b.base, b.end())) return false;
    if (a.count == 1 || b.count == 1 || a.stride != b.stride || a.len > a.stride ||
        b.len > b.stride)
        return true;
    const uint64_t s = a.stride;
    const uint64_t da = a.base % s, db = b.base % s;
    const uint64_t d1 = (db + s - da) % s, d2 = (da + s - db) % s;
    return d1 < a.len || d2 < b.len;
}

double GapTimeline::book(double earliest, double duration) {
    if (duration <= 0) return earliest;
    double t = earliest;
    auto it = std::upper_bound(spans_.begin(), spans_.end(), t,
                               [](double v, const Span& s) { return v < s.end; });
    for (; it != spans_.end(); ++it) {
        if (it->start >= t + duration) break; // the gap before this span fits
        t = std::max(t, it->end);
    }
    busy_ += duration;
    Span n{t, t + duration};
    it = spans_.insert(it, n);
    // Merge with touching neighbours so that back-to-back transfers stay one span.
    if (it + 1 != spans_.end() && (it + 1)->start <= it->end) {
        it->end = std::max(it->end, (it + 1)->end);
        spans_.erase(it + 1);
    }
    if (it != spans_.begin() && (it - 1)->end >= it->start) {
        (it - 1)->end = std::max((it - 1)->end, it->end);
        spans_.erase(it);
    }
    return t;
}

double QueueSchedule::after(const std::vector<MemRange>& ranges, bool as_writer) const {
    double t = 0;
    for (const Access& a : accesses_) {
        if (!as_writer && !a.write) continue; // read after read: no hazard
        if (a.done <= t) continue;
        for (const MemRange& r : ranges)
            if (overlaps(a.range, r)) {
                t = a.done;
                break;
            }
    }
    return t;
}

OpTimes QueueSchedule::add(const OpDemand& d, double ready) {
    OpTimes o;
    const double inputs_ready = std::max(ready, after(d.reads, false));
    o.start = dma_.book(inputs_ready, d.dma_in_ns);
    o.dma_wait_ns += o.start - inputs_ready;
    const double loaded = o.start + d.dma_in_ns;
    double& unit = unit_free_[size_t(d.unit)];
    o.unit_start = std::max(loaded, unit);
    o.unit_end = o.unit_start + d.unit_ns;
    unit = o.unit_end;
    const double outputs_ready = std::max(o.unit_end, after(d.writes, true));
    const double out_start = dma_.book(outputs_ready, d.dma_out_ns);
    o.dma_wait_ns += out_start - outputs_ready;
    o.end = out_start + d.dma_out_ns;
    for (const MemRange& r : d.reads) accesses_.push_back({r, loaded, false});
    for (const MemRange& r : d.writes) accesses_.push_back({r, o.end, true});
    end_ = std::max(end_, o.end);
    return o;
}

} // namespace cimvp
