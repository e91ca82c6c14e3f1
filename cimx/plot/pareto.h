// The Pareto front of (cost, accuracy) points: those that no other point beats on both, i.e.
// no other point has cost <= and accuracy >= with one of the two strictly better.
#pragma once

#include <cstddef>
#include <vector>

namespace cimx {

struct CostAccuracy {
    double cost, accuracy;
};

// Indices of the front, by increasing cost (and so increasing accuracy). Of points equal in
// both, the first is on the front.
std::vector<size_t> pareto_front(const std::vector<CostAccuracy>& points);

} // namespace cimx
