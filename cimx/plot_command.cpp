// `cimx plot DIR`: the plots (gnuplot, SVG and PNG in DIR/plots/) and DIR/report.html of a
// sweep directory, finished or not. See docs/sweep.md.
#include "cimx/commands.h"

#include "cimx/plot/gnuplot_plots.h"
#include "cimx/plot/plot_data.h"
#include "cimx/plot/report_html.h"
#include "cimx/sweep/atomic_file.h"
#include "cimx/sweep/sweep_dir.h"

#include <cstdlib>
#include <iostream>

namespace cimx {

int plot_command(const std::vector<std::string>& args) {
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        std::cout << "usage: cimx plot DIR\n"
                     "Draws DIR/plots/*.svg and *.png with gnuplot ($CIMX_GNUPLOT, default "
                     "gnuplot) and writes DIR/report.html\nfor the sweep directory DIR (made by "
                     "cimx sweep). See docs/sweep.md.\n";
        return 0;
    }
    if (args.size() != 1 || args[0].rfind("-", 0) == 0) {
        std::cerr << "cimx plot: error: expected one sweep directory (cimx plot DIR)\n";
        return 2;
    }
    try {
        const SweepDir dir = SweepDir::open_existing(args[0]);
        const std::vector<PointSummary> sums = summarize(dir.rows());
        const std::vector<AccuracyPlot> acc = accuracy_plots(dir.spec(), sums);
        const std::vector<ParetoPlot> pareto = pareto_plots(dir.spec(), sums);
        const char* gp = std::getenv("CIMX_GNUPLOT");
        const std::vector<PlotFile> files =
            draw_plots(dir.path(), acc, pareto, gp && *gp ? gp : "gnuplot");
        write_file_atomically(dir.path() + "/report.html", report_html(dir, sums, pareto, files),
                              false);
        std::cerr << "cimx plot: " << files.size() << " plots in " << dir.path()
                  << "/plots, report in " << dir.path() << "/report.html\n";
    } catch (const std::exception& e) {
        std::cerr << "cimx plot: error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

} // namespace cimx
