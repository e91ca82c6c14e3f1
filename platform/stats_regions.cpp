#include "platform/stats_regions.h"

#include "platform/memory_map.h"

namespace cimvp {

StatsRegions::StatsRegions(sc_core::sc_module_name name, std::function<Activity()> sample)
    : RegisterDevice(name, sc_core::SC_ZERO_TIME), sample_(std::move(sample)) {
    begin_.on_write(&StatsRegions::begin);
    end_.on_write(&StatsRegions::end);
    layer_reg_.on_write(&StatsRegions::mark_layer);
}

void StatsRegions::track_layers(std::function<std::map<uint32_t, Activity>()> tagged,
                                double ns_per_cycle) {
    tagged_ = std::move(tagged);
    ns_per_cycle_ = ns_per_cycle;
}

std::map<uint32_t, Activity> StatsRegions::tagged() const {
    return tagged_ ? tagged_() : std::map<uint32_t, Activity>{};
}

namespace {
Activity sum(const std::map<uint32_t, Activity>& by_layer) {
    Activity s;
    for (const auto& [tag, a] : by_layer) s += a;
    return s;
}
} // namespace

LayerActivity StatsRegions::marked_part(const Activity& now, const Activity& tagged_sum) const {
    const Activity all = now - at_mark_;
    LayerActivity part;
    part.activity = all - (tagged_sum - tagged_at_mark_);
    part.cpu_ns = double(all.cycles) * ns_per_cycle_ - all.xbar_busy_ns;
    return part;
}

StatsRegions::Layers StatsRegions::layers() const {
    const std::map<uint32_t, Activity> tagged_now = tagged();
    Layers l = marked_;
    l[layer_] += marked_part(sample_(), sum(tagged_now));
    for (const auto& [tag, a] : tagged_now) l[tag].activity += a;
    return l;
}

void StatsRegions::mark_layer(uint32_t tag) {
    const Activity now = sample_(), tagged_sum = sum(tagged());
    marked_[layer_] += marked_part(now, tagged_sum);
    layer_ = tag;
    at_mark_ = now;
    tagged_at_mark_ = tagged_sum;
}

void StatsRegions::begin(uint32_t id) {
    if (id >= CIMVP_STATS_REGIONS || (regions_.count(id) && regions_[id].open)) {
        ++misuse_;
        return;
    }
    Region& r = regions_[id];
    r.open = true;
    r.at_begin = sample_();
    r.layers_at_begin = layers();
}

void StatsRegions::end(uint32_t id) {
    auto it = regions_.find(id);
    if (it == regions_.end() || !it->second.open) {
        ++misuse_;
        return;
    }
    Region& r = it->second;
    r.total += sample_() - r.at_begin;
    for (const auto& [tag, now] : layers()) {
        auto before = r.layers_at_begin.find(tag);
        r.layers[tag] += before == r.layers_at_begin.end() ? now : now - before->second;
    }
    ++r.entries;
    r.open = false;
}

} // namespace cimvp
