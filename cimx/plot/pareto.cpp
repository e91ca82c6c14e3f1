#include "cimx/plot/pareto.h"

#include <algorithm>
#include <numeric>

namespace cimx {

std::vector<size_t> pareto_front(const std::vector<CostAccuracy>& p) {
    std::vector<size_t> order(p.size());
    std::iota(order.begin(), order.end(), 0);
    // Cheapest first; at equal cost the most accurate first; then input order.
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (p[a].cost != p[b].cost) return p[a].cost < p[b].cost;
        return p[a].accuracy > p[b].accuracy;
    });
    std::vector<size_t> front;
    for (size_t i : order)
        if (front.empty() || p[i].accuracy > p[front.back()].accuracy) front.push_back(i);
    return front;
}

} // namespace cimx
