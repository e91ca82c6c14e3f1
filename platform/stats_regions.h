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
//   LAYER (+0x8, write-only): the network layer the CPU works on from now (a tag, 0 = none)
// Misuse (an id beyond 15, END without BEGIN, BEGIN of an open region) changes nothing and
// is counted (misuse()), so that cimvp can report it.
//
// Per layer (docs/platform/stats-regions.md): the activity while LAYER named it, except the
// accelerator work that the device attributes itself (queue descriptors tagged with a layer,
// ip/tlm/xbar_device.h layer_counters()), which goes to the tagged layer; the rows add up to
// the whole. Every region also adds up its activity per layer.
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
        std::map<uint32_t, LayerActivity> layers, layers_at_begin; // by layer tag
    };
    using Layers = std::map<uint32_t, LayerActivity>;

    // `sample` returns the platform's activity at the moment of the register write.
    StatsRegions(sc_core::sc_module_name name, std::function<Activity()> sample);
    // The accelerator's activity that it attributes to layers itself (cumulative, by tag),
    // and the CPU's clock period (ns), for the per-layer split.
    void track_layers(std::function<std::map<uint32_t, Activity>()> tagged, double ns_per_cycle);

    const std::map<uint32_t, Region>& regions() const { return regions_; }
    uint64_t misuse() const { return misuse_; }
    // The whole run's activity by layer so far.
    Layers layers() const;

  private:
    void begin(uint32_t id);
    void end(uint32_t id);
    void mark_layer(uint32_t tag);
    // The activity since the last LAYER write that the marked layer gets.
    LayerActivity marked_part(const Activity& now, const Activity& tagged_sum) const;
    std::map<uint32_t, Activity> tagged() const;

    std::function<Activity()> sample_;
    std::function<std::map<uint32_t, Activity>()> tagged_;
    double ns_per_cycle_ = 0;
    std::map<uint32_t, Region> regions_;
    uint64_t misuse_ = 0;
    uint32_t layer_ = 0;                // the marked layer
    Activity at_mark_, tagged_at_mark_; // the activity and the tagged activity at the mark
    Layers marked_;                     // the marked layers' parts of the closed marks
    Register begin_{*this, "begin", CIMVP_STATS_BEGIN, 4, Access::WO};
    Register end_{*this, "end", CIMVP_STATS_END, 4, Access::WO};
    Register layer_reg_{*this, "layer", CIMVP_STATS_LAYER, 4, Access::WO};
};

} // namespace cimvp
