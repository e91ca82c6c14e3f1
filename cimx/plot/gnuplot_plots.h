// Draws the plots of plot_data.h with gnuplot (Debian gnuplot-nox) as SVG and PNG. Each plot
// leaves DIR/plots/NAME.dat (its numbers), NAME.gp (the script, to adapt and re-run with
// `cd DIR/plots && gnuplot NAME.gp`), NAME.svg and NAME.png.
#pragma once

#include "cimx/plot/plot_data.h"

#include <string>
#include <vector>

namespace cimx {

struct PlotFile {
    std::string name, title; // DIR/plots/NAME.svg and .png
};

// Throws SweepError when gnuplot is missing or fails (with its message).
std::vector<PlotFile> draw_plots(const std::string& dir, const std::vector<AccuracyPlot>& acc,
                                 const std::vector<ParetoPlot>& pareto,
                                 const std::string& gnuplot = "gnuplot");

// Gnuplot's single-quoted string ('' is a quote).
std::string gnuplot_string(const std::string& s);

} // namespace cimx
