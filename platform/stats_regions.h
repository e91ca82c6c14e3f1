// Statistics regions: firmware marks where a region of interest begins and ends (e.g. "one
// inference", excluding file I/O and printing) and the VP adds up the platform's activity
// (platform/activity.h: cycles, instructions by class, accelerator work, energy by component)
// inside each region, over all its begin/end pairs. Like gem5's m5 reset/dump stats, but
// cumulative per region. A cimvp device (QEMU virt has none): CIMVP_STATS_BASE in
// memory_map.h, registers below, firmware helpers in sw/include/cimvp/stats.h.
//
//   BEGIN (+0x0, write-only): the region whose id is written starts (ids 0..15)
//   END   (+0x4, write-only): the region whose id is written ends; its activity since the
//                             matching BEGIN is added to the region's totals
// Misuse (an id beyond 15, END without BEGIN, BEGIN of an open region) changes nothing and
// is counted (misuse()), so that cimvp can report it.
#pragma once

#include "platform/activity.h"
#include "platform/memory_map.h"
#include "platform/tlm_base/register_device.h"

#include <functional>
#include <map>

namespace cimvp {

class StatsRegions : public RegisterDevice {
  public:
    struct Region {
        uint64_t entries = 0; // completed begin/end pairs
        Activity total;       // summed over them
        bool open = false;
        Activity at_begin;
    };

    // `sample` returns the platform's activity at the moment of the register write.
    StatsRegions(sc_core::sc_module_name name, std::function<Activity()> sample);

    const std::map<uint32_t, Region>& regions() const { return regions_; }
    uint64_t misuse() const { return misuse_; }

  private:
    void begin(uint32_t id);
    void end(uint32_t id);

    std::function<Activity()> sample_;
    std::map<uint32_t, Region> regions_;
    uint64_t misuse_ = 0;
    Register begin_{*this, "begin", CIMVP_STATS_BEGIN, 4, Access::WO};
    Register end_{*this, "end", CIMVP_STATS_END, 4, Access::WO};
};

} // namespace cimvp
