#include "stats_regions.h"

#include "memory_map.h"

namespace cimvp {

StatsRegions::StatsRegions(sc_core::sc_module_name name, std::function<Activity()> sample)
    : RegisterDevice(name, sc_core::SC_ZERO_TIME), sample_(std::move(sample)) {
    auto zero = [](const sc_core::sc_time&) -> uint64_t { return 0; };
    reg("begin", CIMVP_STATS_BEGIN, 4, zero,
        [this](uint64_t v, const sc_core::sc_time&) { begin(static_cast<uint32_t>(v)); });
    reg("end", CIMVP_STATS_END, 4, zero,
        [this](uint64_t v, const sc_core::sc_time&) { end(static_cast<uint32_t>(v)); });
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
