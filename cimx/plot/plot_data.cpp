#include "cimx/plot/plot_data.h"

#include "cimx/plot/pareto.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>

namespace cimx {
namespace {

std::optional<double> number(const std::string& s) {
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v)) return std::nullopt;
    return v;
}

int first_categorical(const SweepSpec& spec) {
    for (size_t i = 0; i < spec.axes.size(); ++i)
        if (!is_numeric_axis(spec.axes[i])) return int(i);
    return -1;
}

// The point at the given value index of every axis (last axis fastest).
int64_t point_at(const SweepSpec& spec, const std::vector<size_t>& index) {
    int64_t p = 0;
    for (size_t i = 0; i < spec.axes.size(); ++i)
        p = p * int64_t(spec.axes[i].values.size()) + int64_t(index[i]);
    return p;
}

std::map<int64_t, const PointSummary*> by_point(const std::vector<PointSummary>& s) {
    std::map<int64_t, const PointSummary*> m;
    for (const PointSummary& p : s) m[p.point] = &p;
    return m;
}

Curve curve(const SweepSpec& spec, const std::map<int64_t, const PointSummary*>& sums, size_t axis,
            std::vector<size_t> index, std::string label) {
    Curve c{std::move(label), {}};
    for (size_t v = 0; v < spec.axes[axis].values.size(); ++v) {
        index[axis] = v;
        const auto it = sums.find(point_at(spec, index));
        if (it == sums.end() || !it->second->top1_mean) continue;
        const PointSummary& s = *it->second;
        CurvePoint p{*number(spec.axes[axis].values[v]), 100 * *s.top1_mean,
                     s.top1_std ? 100 * *s.top1_std : 0.0, std::nullopt};
        if (s.baseline_top1_mean) p.baseline = 100 * *s.baseline_top1_mean;
        c.points.push_back(p);
    }
    std::sort(c.points.begin(), c.points.end(),
              [](const CurvePoint& a, const CurvePoint& b) { return a.x < b.x; });
    return c;
}

// All plots of top-1 against one numeric axis: one per combination of the axes that are
// neither it nor the curve axis.
void plots_for_axis(const SweepSpec& spec, const std::map<int64_t, const PointSummary*>& sums,
                    size_t axis, int curve_axis, std::vector<AccuracyPlot>& out) {
    std::vector<size_t> others;
    for (size_t i = 0; i < spec.axes.size(); ++i)
        if (i != axis && int(i) != curve_axis) others.push_back(i);
    size_t combos = 1;
    for (size_t o : others) combos *= spec.axes[o].values.size();
    for (size_t k = 0; k < combos; ++k) {
        std::vector<size_t> index(spec.axes.size(), 0);
        std::string fixed;
        for (size_t r = k, j = others.size(); j-- > 0;) {
            const size_t n = spec.axes[others[j]].values.size();
            index[others[j]] = r % n, r /= n;
        }
        for (size_t o : others)
            fixed += (fixed.empty() ? "" : ", ") + spec.axes[o].key + " = " +
                     spec.axes[o].values[index[o]];
        AccuracyPlot p;
        p.name = "top1-vs-" + file_safe(spec.axes[axis].key) +
                 (combos > 1 ? "-" + std::to_string(k + 1) : "");
        p.title = "top-1 vs " + spec.axes[axis].key + (fixed.empty() ? "" : " (" + fixed + ")");
        p.x_label = spec.axes[axis].key;
        for (const std::string& v : spec.axes[axis].values) p.x_values.push_back(*number(v));
        if (curve_axis < 0) {
            p.curves.push_back(curve(spec, sums, axis, index, "top-1"));
        } else {
            const SweepAxis& c = spec.axes[size_t(curve_axis)];
            for (size_t v = 0; v < c.values.size(); ++v) {
                index[size_t(curve_axis)] = v;
                p.curves.push_back(curve(spec, sums, axis, index, c.values[v]));
            }
        }
        // Curves (and plots) with nothing that ran would only be empty legend entries.
        p.curves.erase(std::remove_if(p.curves.begin(), p.curves.end(),
                                      [](const Curve& c) { return c.points.empty(); }),
                       p.curves.end());
        if (!p.curves.empty()) out.push_back(p);
    }
}

} // namespace

bool is_numeric_axis(const SweepAxis& axis) {
    for (const std::string& v : axis.values)
        if (!number(v)) return false;
    return true;
}

std::string file_safe(const std::string& s) {
    std::string f;
    for (char c : s)
        f += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_';
    return f;
}

std::vector<AccuracyPlot> accuracy_plots(const SweepSpec& spec,
                                         const std::vector<PointSummary>& summaries) {
    std::vector<AccuracyPlot> out;
    const auto sums = by_point(summaries);
    const int curve_axis = first_categorical(spec);
    for (size_t a = 0; a < spec.axes.size(); ++a)
        if (is_numeric_axis(spec.axes[a])) plots_for_axis(spec, sums, a, curve_axis, out);
    return out;
}

std::vector<ParetoPlot> pareto_plots(const SweepSpec& spec,
                                     const std::vector<PointSummary>& summaries) {
    struct Metric {
        const char* name;
        const char* label;
        std::optional<double> PointSummary::*field;
        double scale;
    };
    const Metric metrics[] = {
        {"energy", "energy per inference (nJ)", &PointSummary::energy_j_mean, 1e9},
        {"latency", "latency per inference (us)", &PointSummary::latency_s_mean, 1e6}};
    const int curve_axis = first_categorical(spec);
    std::vector<ParetoPlot> out;
    for (const Metric& m : metrics) {
        ParetoPlot p;
        p.name = std::string("top1-vs-") + m.name;
        p.title = std::string("top-1 vs ") + m.label + ", Pareto front";
        p.x_label = m.label;
        std::vector<CostAccuracy> ca;
        for (const PointSummary& s : summaries) {
            if (!s.top1_mean || !(s.*m.field)) continue;
            const std::string group =
                curve_axis < 0 ? "" : spec.point_values(s.point)[size_t(curve_axis)];
            p.points.push_back({*(s.*m.field) * m.scale, 100 * *s.top1_mean, s.point, group});
            ca.push_back({p.points.back().x, p.points.back().y});
        }
        if (p.points.empty()) continue;
        p.front = pareto_front(ca);
        out.push_back(p);
    }
    return out;
}

} // namespace cimx
