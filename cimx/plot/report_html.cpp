#include "cimx/plot/report_html.h"

#include <cstdio>
#include <map>
#include <set>

namespace cimx {
namespace {

const char* const style = R"(<style>
body { font-family: sans-serif; margin: 2em; color: #222; max-width: 1400px; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 0.2em 0.6em; text-align: right; }
th { background: #eee; } td.text { text-align: left; }
tr.front td { background: #eef7ee; } tr.failed td { color: #a00; }
pre { background: #f6f6f6; padding: 0.8em; border: 1px solid #ddd; }
figure { display: inline-block; margin: 0 1em 1.5em 0; vertical-align: top; }
figure img { width: 800px; max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: 0.9em; }
</style>
)";

std::string fixed(const std::optional<double>& v, double scale, int digits) {
    if (!v) return "";
    char b[64];
    std::snprintf(b, sizeof b, "%.*f", digits, *v * scale);
    return b;
}

std::string cell(const std::string& s, bool text = false) {
    return std::string(text ? "<td class=\"text\">" : "<td>") + html_escape(s) + "</td>";
}

std::string parameters(const SweepDir& dir) {
    const SweepSpec& s = dir.spec();
    std::string h = "<h2>Parameters</h2>\n<table>\n";
    h += "<tr><th>model</th>" + cell(s.model, true) + "</tr>\n";
    h += "<tr><th>images per point</th>" + cell(s.images ? std::to_string(s.images) : "all") +
         "</tr>\n";
    h += "<tr><th>chips per point</th>" + cell(std::to_string(s.chips)) + "</tr>\n";
    h += "<tr><th>seeds</th>" +
         cell(std::to_string(s.seed) + " ... " + std::to_string(s.chip_seed(s.chips - 1))) +
         "</tr>\n";
    for (const SweepOption& o : s.set)
        h += "<tr><th>" + html_escape(o.key) + "</th>" + cell(o.value, true) + "</tr>\n";
    for (const SweepAxis& a : s.axes) {
        std::string values;
        for (const std::string& v : a.values) values += (values.empty() ? "" : " ") + v;
        h += "<tr><th>" + html_escape(a.key) + " (axis)</th>" + cell(values, true) + "</tr>\n";
    }
    const std::vector<RowResult> rows = dir.rows();
    int64_t failed = 0;
    for (const RowResult& r : rows) failed += !r.ok;
    h += "<tr><th>runs</th>" +
         cell(std::to_string(rows.size()) + " of " + std::to_string(s.rows()) + " done, " +
              std::to_string(failed) + " failed") +
         "</tr>\n</table>\n";
    const std::string text = dir.sweep_text();
    if (!text.empty()) h += "<p>The sweep file:</p>\n<pre>" + html_escape(text) + "</pre>\n";
    return h;
}

std::string summary_table(const SweepDir& dir, const std::vector<PointSummary>& sums,
                          const std::vector<ParetoPlot>& pareto) {
    std::map<int64_t, std::set<std::string>> fronts;
    for (const ParetoPlot& p : pareto)
        for (size_t i : p.front)
            fronts[p.points[i].point].insert(p.name.substr(p.name.rfind('-') + 1));
    const SweepSpec& s = dir.spec();
    std::string h = "<h2>Summary</h2>\n<p>Per point over its chips: top-1 mean, sample standard "
                    "deviation, min and max; ideal-crossbar baseline; latency, throughput and "
                    "energy per inference (means). Green rows are on a Pareto front.</p>\n"
                    "<table>\n<tr><th>point</th>";
    for (const SweepAxis& a : s.axes) h += "<th>" + html_escape(a.key) + "</th>";
    h += "<th>chips ok</th><th>failed</th><th>top-1 (%)</th><th>std (pp)</th><th>min (%)</th>"
         "<th>max (%)</th><th>baseline (%)</th><th>latency (us)</th><th>throughput "
         "(inf/s)</th><th>energy (nJ)</th><th>Pareto front</th></tr>\n";
    for (const PointSummary& p : sums) {
        std::string front;
        for (const std::string& f : fronts[p.point]) front += (front.empty() ? "" : ", ") + f;
        h += std::string("<tr") +
             (!p.top1_mean     ? " class=\"failed\""
              : !front.empty() ? " class=\"front\""
                               : "") +
             ">" + cell(std::to_string(p.point));
        for (const std::string& v : s.point_values(p.point)) h += cell(v, true);
        h += cell(std::to_string(p.chips_ok)) + cell(std::to_string(p.chips_failed)) +
             cell(fixed(p.top1_mean, 100, 2)) + cell(fixed(p.top1_std, 100, 2)) +
             cell(fixed(p.top1_min, 100, 2)) + cell(fixed(p.top1_max, 100, 2)) +
             cell(fixed(p.baseline_top1_mean, 100, 2)) + cell(fixed(p.latency_s_mean, 1e6, 3)) +
             cell(fixed(p.throughput_ips_mean, 1, 1)) + cell(fixed(p.energy_j_mean, 1e9, 3)) +
             cell(front, true) + "</tr>\n";
    }
    return h + "</table>\n";
}

std::string failures(const SweepDir& dir) {
    std::string h;
    for (const RowResult& r : dir.rows())
        if (!r.ok)
            h += "<tr>" + cell(std::to_string(r.point)) + cell(std::to_string(r.chip)) +
                 cell(std::to_string(r.seed)) + cell(r.error, true) + "</tr>\n";
    if (h.empty()) return "";
    return "<h2>Failed runs</h2>\n<table>\n<tr><th>point</th><th>chip</th><th>seed</th><th>"
           "error</th></tr>\n" +
           h + "</table>\n";
}

std::string figures(const std::vector<PlotFile>& plots) {
    std::string h = "<h2>Plots</h2>\n<p>Error bars: sample standard deviation over the chips. "
                    "Dashed: the ideal-crossbar baseline of the same curve.</p>\n";
    for (const PlotFile& p : plots) {
        const std::string n = html_escape(p.name);
        h += "<figure><img src=\"plots/" + n + ".svg\" alt=\"" + html_escape(p.title) +
             "\"><figcaption>" + html_escape(p.title) + " (<a href=\"plots/" + n +
             ".png\">PNG</a>, <a href=\"plots/" + n + ".dat\">data</a>, <a href=\"plots/" + n +
             ".gp\">gnuplot</a>)</figcaption></figure>\n";
    }
    return h;
}

} // namespace

std::string html_escape(const std::string& s) {
    std::string e;
    for (char c : s) switch (c) {
        case '&': e += "&amp;"; break;
        case '<': e += "&lt;"; break;
        case '>': e += "&gt;"; break;
        case '"': e += "&quot;"; break;
        default: e += c;
        }
    return e;
}

std::string report_html(const SweepDir& dir, const std::vector<PointSummary>& summaries,
                        const std::vector<ParetoPlot>& pareto, const std::vector<PlotFile>& plots) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Sweep " +
           html_escape(dir.spec().model) + "</title>\n" + style +
           "</head>\n<body>\n<h1>cimx sweep: " + html_escape(dir.spec().model) + "</h1>\n" +
           parameters(dir) + summary_table(dir, summaries, pareto) + figures(plots) +
           failures(dir) + "</body>\n</html>\n";
}

} // namespace cimx
