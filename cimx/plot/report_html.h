// DIR/report.html: one self-contained page for people, readable offline: the sweep's
// parameters, the summary table (with the Pareto-front points marked) and every plot.
#pragma once

#include "cimx/plot/gnuplot_plots.h"
#include "cimx/sweep/sweep_dir.h"

#include <string>
#include <vector>

namespace cimx {

std::string report_html(const SweepDir& dir, const std::vector<PointSummary>& summaries,
                        const std::vector<ParetoPlot>& pareto, const std::vector<PlotFile>& plots);

std::string html_escape(const std::string& s);

} // namespace cimx
