#include "compiler/passes/signal_histogram.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace cimc {

uint64_t percentile_rank(double p, uint64_t n) {
    const double x = p / 100.0 * static_cast<double>(n);
    const double r = std::ceil(x * (1.0 - 1e-12));
    return std::clamp<uint64_t>(static_cast<uint64_t>(std::max(r, 1.0)), 1,
                                std::max<uint64_t>(n, 1));
}

void SignalHistogram::grow() {
    std::vector<uint64_t> keys = std::move(keys_), counts = std::move(counts_);
    keys_.assign(std::max<size_t>(64, 2 * keys.size()), 0);
    counts_.assign(keys_.size(), 0);
    used_ = 0;
    const uint64_t n = n_;
    for (size_t i = 0; i < keys.size(); ++i) {
        if (!counts[i]) continue;
        double v;
        std::memcpy(&v, &keys[i], sizeof v);
        add(v, counts[i]);
    }
    n_ = n;
}

void SignalHistogram::merge(const SignalHistogram& other) {
    for (const auto& [value, count] : other.sorted()) add(value, count);
}

std::vector<std::pair<double, uint64_t>> SignalHistogram::sorted() const {
    std::vector<std::pair<double, uint64_t>> v;
    v.reserve(used_);
    for (size_t i = 0; i < keys_.size(); ++i) {
        if (!counts_[i]) continue;
        double value;
        std::memcpy(&value, &keys_[i], sizeof value);
        v.emplace_back(value, counts_[i]);
    }
    std::sort(v.begin(), v.end());
    return v;
}

double SignalHistogram::upper(double p) const {
    if (empty()) throw std::logic_error("percentile of no signals");
    const uint64_t r = percentile_rank(p, n_);
    uint64_t seen = 0;
    const auto v = sorted();
    for (const auto& [value, count] : v)
        if ((seen += count) >= r) return value;
    return v.back().first;
}

double SignalHistogram::lower(double p) const {
    if (empty()) throw std::logic_error("percentile of no signals");
    const uint64_t r = percentile_rank(p, n_);
    uint64_t seen = 0;
    const auto v = sorted();
    for (auto it = v.rbegin(); it != v.rend(); ++it)
        if ((seen += it->second) >= r) return it->first;
    return v.front().first;
}

SignalHistogram SignalHistogram::magnitudes() const {
    SignalHistogram h;
    for (const auto& [value, count] : sorted()) h.add(std::fabs(value), count);
    return h;
}

} // namespace cimc
