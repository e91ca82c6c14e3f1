#include "platform/function_map.h"

#include <algorithm>
#include <cstdio>

namespace cimvp {

// Aliases (two names at one address) keep the first; a sizeless symbol ends where the
// next one starts; a range is cut where the next one starts, so that ranges never overlap.
FunctionMap::FunctionMap(const std::vector<ElfFunction>& functions) : ranges_(functions) {
    std::stable_sort(
        ranges_.begin(), ranges_.end(),
        [](const ElfFunction& a, const ElfFunction& b) { return a.address < b.address; });
    ranges_.erase(std::unique(ranges_.begin(), ranges_.end(),
                              [](const ElfFunction& a, const ElfFunction& b) {
                                  return a.address == b.address;
                              }),
                  ranges_.end());
    for (size_t i = 0; i < ranges_.size(); ++i) {
        const uint32_t next = i + 1 < ranges_.size() ? ranges_[i + 1].address : 0;
        const uint32_t room = next ? next - ranges_[i].address : ~0u - ranges_[i].address;
        if (ranges_[i].size == 0 || ranges_[i].size > room) ranges_[i].size = room;
    }
}

size_t FunctionMap::find(uint32_t pc) const {
    auto contains = [&](size_t i) {
        return pc - ranges_[i].address < ranges_[i].size; // unsigned: false below the start
    };
    if (last_ != npos && contains(last_)) return last_;
    auto it = std::upper_bound(ranges_.begin(), ranges_.end(), pc,
                               [](uint32_t a, const ElfFunction& f) { return a < f.address; });
    if (it == ranges_.begin()) return npos;
    const size_t i = static_cast<size_t>(it - ranges_.begin()) - 1;
    if (!contains(i)) return npos;
    return last_ = i;
}

std::string FunctionMap::describe(uint32_t pc) const {
    const size_t i = find(pc);
    if (i == npos) return "";
    const uint32_t offset = pc - ranges_[i].address;
    if (offset == 0) return ranges_[i].name;
    char buf[16];
    std::snprintf(buf, sizeof buf, "+0x%x", offset);
    return ranges_[i].name + buf;
}

} // namespace cimvp
