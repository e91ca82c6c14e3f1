#include "cimx/plot/gnuplot_plots.h"

#include "cimx/sweep/atomic_file.h"
#include "cimx/sweep/child_process.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>

namespace cimx {
namespace {

std::string num(double v) {
    char b[40];
    std::snprintf(b, sizeof b, "%.10g", v);
    return b;
}

// Both terminals, the same plot: SVG for the report, PNG for everything else.
std::string header(const std::string& name, const std::string& title, const std::string& x_label) {
    return "# " + title +
           "\nset terminal svg size 800,480 dynamic noenhanced font 'Sans,12' background "
           "'white'\nset output " +
           gnuplot_string(name + ".svg") + "\nset title " + gnuplot_string(title) +
           "\nset xlabel " + gnuplot_string(x_label) +
           "\nset ylabel 'top-1 accuracy (%)'\nset grid\nset key outside right top\n"
           "set datafile missing '?'\n";
}

std::string png_footer(const std::string& name) {
    return "set terminal pngcairo size 800,480 noenhanced font 'Sans,10' background 'white'\n"
           "set output " +
           gnuplot_string(name + ".png") + "\nreplot\nunset output\n";
}

void accuracy_files(const AccuracyPlot& p, std::string& dat, std::string& gp) {
    dat = "# x top1_percent top1_std_percent baseline_top1_percent; one block per curve\n";
    std::string plot;
    for (size_t i = 0; i < p.curves.size(); ++i) {
        const Curve& c = p.curves[i];
        dat += "# " + c.label + "\n";
        for (const CurvePoint& q : c.points)
            dat += num(q.x) + " " + num(q.y) + " " + num(q.y_err) + " " +
                   (q.baseline ? num(*q.baseline) : "?") + "\n";
        dat += "\n\n";
        const std::string lc = " lc " + std::to_string(i + 1);
        plot += (plot.empty() ? "plot " : ", \\\n     ") + gnuplot_string(p.name + ".dat") +
                " index " + std::to_string(i) + " using 1:2:3 with yerrorlines" + lc +
                " pt 7 title " + gnuplot_string(c.label) + ", \\\n     '' index " +
                std::to_string(i) + " using 1:4 with lines" + lc + " dt 2 notitle";
    }
    plot += ", \\\n     NaN with lines lc 'black' dt 2 title 'ideal crossbar (baseline)'\n";
    std::string tics; // at the swept values, when they are few enough to read
    if (p.x_values.size() <= 12)
        for (double x : p.x_values) tics += (tics.empty() ? "set xtics (" : ", ") + num(x);
    if (!tics.empty()) tics += ")\nset offsets graph 0.04, graph 0.04, graph 0.05, graph 0.05\n";
    gp = header(p.name, p.title, p.x_label) + tics + plot + png_footer(p.name);
}

void pareto_files(const ParetoPlot& p, std::string& dat, std::string& gp) {
    std::vector<std::string> groups;
    for (const ScatterPoint& s : p.points)
        if (std::find(groups.begin(), groups.end(), s.group) == groups.end())
            groups.push_back(s.group);
    dat = "# cost top1_percent point; one block per group, the Pareto front last\n";
    std::string plot;
    for (size_t g = 0; g < groups.size(); ++g) {
        dat += "# " + (groups[g].empty() ? std::string("points") : groups[g]) + "\n";
        for (const ScatterPoint& s : p.points)
            if (s.group == groups[g])
                dat += num(s.x) + " " + num(s.y) + " " + std::to_string(s.point) + "\n";
        dat += "\n\n";
        plot += (plot.empty() ? "plot " : ", \\\n     ") + gnuplot_string(p.name + ".dat") +
                " index " + std::to_string(g) + " using 1:2 with points lc " +
                std::to_string(g + 1) + " pt 7 title " +
                gnuplot_string(groups[g].empty() ? "points" : groups[g]);
    }
    dat += "# Pareto front\n";
    for (size_t i : p.front)
        dat += num(p.points[i].x) + " " + num(p.points[i].y) + " " +
               std::to_string(p.points[i].point) + "\n";
    const std::string front = std::to_string(groups.size());
    plot += ", \\\n     '' index " + front +
            " using 1:2 with steps lc 'black' lw 1.5 title 'Pareto front', \\\n     '' index " +
            front + " using 1:2 with points lc 'black' pt 6 ps 2 notitle\n";
    double lo = 1e300, hi = 0;
    for (const ScatterPoint& s : p.points) lo = std::min(lo, s.x), hi = std::max(hi, s.x);
    const std::string scale = lo > 0 && hi / lo > 30 ? "set logscale x\n" : "";
    gp = header(p.name, p.title, p.x_label) + scale + plot + png_footer(p.name);
}

void run_gnuplot(const std::string& gnuplot, const std::string& plots, const std::string& name) {
    const Captured r = run_captured({gnuplot, name + ".gp"}, plots);
    if (r.exit_code == 127)
        throw SweepError(gnuplot + ": cannot run gnuplot (Debian package gnuplot-nox)");
    if (r.exit_code != 0 || !std::filesystem::exists(plots + "/" + name + ".png"))
        throw SweepError(plots + "/" + name +
                         ".gp: gnuplot failed: " + r.output.substr(0, r.output.find('\n')));
}

} // namespace

std::string gnuplot_string(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("''") : std::string(1, c);
    return q + "'";
}

std::vector<PlotFile> draw_plots(const std::string& dir, const std::vector<AccuracyPlot>& acc,
                                 const std::vector<ParetoPlot>& pareto,
                                 const std::string& gnuplot) {
    const std::string plots = dir + "/plots";
    std::filesystem::remove_all(plots); // plots of an earlier state of the sweep
    std::filesystem::create_directories(plots);
    std::vector<PlotFile> out;
    auto emit = [&](const std::string& name, const std::string& title, const std::string& dat,
                    const std::string& gp) {
        write_file_atomically(plots + "/" + name + ".dat", dat, false);
        write_file_atomically(plots + "/" + name + ".gp", gp, false);
        run_gnuplot(gnuplot, plots, name);
        out.push_back({name, title});
    };
    std::string dat, gp;
    for (const AccuracyPlot& p : acc) {
        accuracy_files(p, dat, gp);
        emit(p.name, p.title, dat, gp);
    }
    for (const ParetoPlot& p : pareto) {
        pareto_files(p, dat, gp);
        emit(p.name, p.title, dat, gp);
    }
    return out;
}

} // namespace cimx
