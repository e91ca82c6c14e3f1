// What cimx plot draws, computed from a sweep's per-point summaries: top-1 against each numeric
// axis (one curve per value of the first categorical axis, one plot per combination of the
// other axes), and top-1 against energy and latency per inference with the Pareto front.
#pragma once

#include "cimx/sweep/sweep_results.h"
#include "cimx/sweep/sweep_spec.h"

#include <optional>
#include <string>
#include <vector>

namespace cimx {

// An axis whose every value reads as a finite number (xbar.adc_bits = 3 4 6).
bool is_numeric_axis(const SweepAxis& axis);

struct CurvePoint {
    double x, y;                    // y: top-1 in percent, mean over chips
    double y_err = 0;               // sample standard deviation over chips (0 for one chip)
    std::optional<double> baseline; // ideal-crossbar top-1, percent
};

struct Curve {
    std::string label;
    std::vector<CurvePoint> points; // by increasing x
};

struct AccuracyPlot {
    std::string name, title, x_label; // name: file stem under plots/
    std::vector<double> x_values;     // the axis' values, for the tics
    std::vector<Curve> curves;
};

struct ScatterPoint {
    double x, y; // cost (nJ or us), top-1 percent
    int64_t point;
    std::string group; // value of the first categorical axis, or ""
};

struct ParetoPlot {
    std::string name, title, x_label;
    std::vector<ScatterPoint> points;
    std::vector<size_t> front; // indices into points, by increasing cost
};

std::vector<AccuracyPlot> accuracy_plots(const SweepSpec& spec,
                                         const std::vector<PointSummary>& summaries);
// Energy and latency; a metric no point has is left out.
std::vector<ParetoPlot> pareto_plots(const SweepSpec& spec,
                                     const std::vector<PointSummary>& summaries);

// A file-name-safe form of an axis key.
std::string file_safe(const std::string& s);

} // namespace cimx
