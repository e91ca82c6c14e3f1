#include "platform/stats_regions.h"

#include "platform/memory_map.h"

namespace cimvp {

StatsRegions::StatsRegions(sc_core::sc_module_name name, std::function<Activity()> sample)
    : RegisterDevice(name, sc_core::SC_ZERO_TIME), sample_(std::move(sample)) {
    begin_.on_write(&StatsRegions::begin);
    end_.on_write(&StatsRegions::end);
}

void StatsRegions::begin(uint32_t id) {
    if (id >= CIMVP_STATS_REGIONS || (regions_.count(id) && regions_[id].open)) {
        ++misuse_;
        return;
    }
    Region& r = regions_[id];
    r.open = true;
    r.at_begin = sample_();
}

void StatsRegions::end(uint32_t id) {
    auto it = regions_.find(id);
    if (it == regions_.end() || !it->second.open) {
        ++misuse_;
        return;
    }
    Region& r = it->second;
    r.total += sample_() - r.at_begin;
    ++r.entries;
    r.open = false;
}

} // namespace cimvp
