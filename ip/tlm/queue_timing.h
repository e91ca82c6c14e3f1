// The command queue's timing model (docs/crossbar/command-queue.md): descriptors are issued in
// list order; each moves its inputs by DMA, runs on its unit (a crossbar or a periphery unit)
// and writes its results back by DMA. A unit runs its descriptors in order; the one DMA channel
// is shared by all units and serves a transfer in the first idle gap long enough for it (so a
// later descriptor's transfer may go before an earlier one's that is still waiting). A
// descriptor waits for the earlier descriptors whose memory it depends on (read after write,
// write after read or write), found by comparing the (strided) address ranges they touch.
// Plain C++: no SystemC; times are ns from the queue's start.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cimvp {

// `count` blocks of `len` bytes, `stride` bytes apart, from `base`.
struct MemRange {
    uint64_t base = 0, len = 0, stride = 0, count = 1;
    uint64_t end() const { return base + (count - 1) * stride + len; }
};
bool overlaps(const MemRange& a, const MemRange& b);

// Busy intervals of a resource that serves requests in any order (the DMA channel).
class GapTimeline {
  public:
    // Books `duration` ns in the first idle gap at or after `earliest`; returns its start.
    double book(double earliest, double duration);
    double busy_ns() const { return busy_; }
    void clear() { spans_.clear(), busy_ = 0; }

  private:
    struct Span {
        double start, end;
    };
    std::vector<Span> spans_; // sorted, disjoint, touching spans merged
    double busy_ = 0;
};

// What one descriptor needs: its memory, its transfers and its time on its unit.
struct OpDemand {
    std::vector<MemRange> reads, writes;
    double dma_in_ns = 0, unit_ns = 0, dma_out_ns = 0;
    int unit = 0; // index into the queue's units
};

// When one descriptor ran (ns from the queue's start), and how long it waited for the DMA.
struct OpTimes {
    double start = 0, unit_start = 0, unit_end = 0, end = 0;
    double dma_wait_ns = 0; // time its transfers were ready but the channel was busy
};

class QueueSchedule {
  public:
    explicit QueueSchedule(int units) : unit_free_(std::size_t(units), 0.0) {}
    // Schedules the next descriptor of the list, ready (fetched) at `ready`.
    OpTimes add(const OpDemand& d, double ready);
    GapTimeline& dma() { return dma_; }
    double end() const { return end_; }

  private:
    struct Access {
        MemRange range;
        double done;
        bool write;
    };
    double after(const std::vector<MemRange>& ranges, bool as_writer) const;

    std::vector<double> unit_free_;
    GapTimeline dma_;
    std::vector<Access> accesses_;
    double end_ = 0;
};

} // namespace cimvp
