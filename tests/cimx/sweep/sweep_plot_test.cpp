// cimx plot on a real sweep: the plots' numbers are the sweep's (recomputed here from
// results.csv), the Pareto front is the non-dominated set (brute force), gnuplot's SVG and PNG
// files are there, and report.html renders in headless Chromium with every image loaded; a copy
// of the directory without rows/ (results.csv only) plots the same.
#include "tests/cimx/sweep/sweep_test_helpers.h"

#include <filesystem>
#include <map>
#include <set>
#include <sstream>

namespace {

using namespace sweeptest;
namespace fs = std::filesystem;

class SweepPlot : public SweepTest {};

// "x y ..." lines of one block (blocks are separated by two blank lines) of a gnuplot .dat.
std::vector<std::vector<std::vector<double>>> dat_blocks(const std::string& path) {
    std::vector<std::vector<std::vector<double>>> blocks(1);
    std::istringstream in(read_file(path));
    int blank = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) {
            if (++blank == 2 && !blocks.back().empty()) blocks.emplace_back();
            continue;
        }
        blank = 0;
        if (line[0] == '#') continue;
        std::istringstream words(line);
        std::vector<double> v;
        for (std::string w; words >> w;) v.push_back(w == "?" ? -1 : std::stod(w));
        blocks.back().push_back(v);
    }
    if (blocks.back().empty()) blocks.pop_back();
    return blocks;
}

std::string chromium() {
    for (const char* c : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
        if (fs::exists(c)) return c;
    return "";
}

TEST_F(SweepPlot, PlotsAndReportAreProducedAndRenderInChromium) {
    const std::string file =
        sweep_file("s.cfg", head("bnn-mlp.onnx", 20, 2, 1) +
                                "xbar.sigma_lrs = 5\n[axes]\nxbar.mapping = BNN_I BNN_V\n"
                                "xbar.adc_bits = 3 6\n");
    const std::string out = dir + "/out";
    ASSERT_EQ(cimx({"sweep", file, "--out", out, "-j", "2"}).exit_code, 0);
    const auto r = cimx({"plot", out});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    const std::vector<std::string> names = {"top1-vs-xbar.adc_bits", "top1-vs-energy",
                                            "top1-vs-latency"};
    for (const std::string& n : names) {
        const std::string png = read_file(out + "/plots/" + n + ".png");
        EXPECT_EQ(png.substr(0, 8), "\x89PNG\r\n\x1a\n") << n;
        const std::string svg = read_file(out + "/plots/" + n + ".svg");
        EXPECT_NE(svg.find("<svg"), std::string::npos) << n;
        EXPECT_NE(svg.find("</svg>"), std::string::npos) << n;
    }
    EXPECT_EQ(files_in(out + "/plots").size(), 4 * names.size()); // .dat .gp .svg .png

    // Mean top-1 per (mapping, bits) from the rows themselves, in percent.
    const Csv rows = read_csv(out + "/results.csv");
    std::map<std::pair<std::string, std::string>, std::vector<double>> top1;
    for (size_t i = 1; i < rows.size(); ++i)
        top1[{rows[i][column(rows, "xbar.mapping")], rows[i][column(rows, "xbar.adc_bits")]}]
            .push_back(100 * std::stod(rows[i][column(rows, "top1")]));
    const auto curves = dat_blocks(out + "/plots/top1-vs-xbar.adc_bits.dat");
    ASSERT_EQ(curves.size(), 2u); // BNN_I, BNN_V
    const char* mapping[] = {"BNN_I", "BNN_V"};
    for (size_t c = 0; c < 2; ++c) {
        ASSERT_EQ(curves[c].size(), 2u);
        for (const auto& pt : curves[c]) {
            const auto& chips = top1.at({mapping[c], pt[0] == 3 ? "3" : "6"});
            ASSERT_EQ(chips.size(), 2u);
            EXPECT_NEAR(pt[1], (chips[0] + chips[1]) / 2, 1e-6);
            EXPECT_NEAR(pt[2], std::abs(chips[0] - chips[1]) / std::sqrt(2.0), 1e-6);
            EXPECT_GT(pt[3], 50); // the baseline of a trained model
        }
    }
    // The Pareto front (last block) is exactly the non-dominated (energy, top-1) points.
    const auto blocks = dat_blocks(out + "/plots/top1-vs-energy.dat");
    std::vector<std::vector<double>> all;
    for (size_t b = 0; b + 1 < blocks.size(); ++b)
        all.insert(all.end(), blocks[b].begin(), blocks[b].end());
    ASSERT_EQ(all.size(), 4u);
    std::set<double> expected, got;
    for (const auto& a : all) {
        bool dominated = false;
        for (const auto& b : all)
            dominated |= b[0] <= a[0] && b[1] >= a[1] && (b[0] < a[0] || b[1] > a[1]);
        if (!dominated) expected.insert(a[2]); // the point index
    }
    for (const auto& f : blocks.back()) got.insert(f[2]);
    EXPECT_EQ(got, expected);
    EXPECT_FALSE(got.empty());

    const std::string html = read_file(out + "/report.html");
    for (const std::string& n : names)
        EXPECT_NE(html.find("<img src=\"plots/" + n + ".svg\""), std::string::npos) << n;
    EXPECT_NE(html.find("xbar.sigma_lrs"), std::string::npos);                // the parameters
    EXPECT_NE(html.find("<td class=\"text\">BNN_V</td>"), std::string::npos); // the summary

    // Results committed without rows/ and results.jsonl: cimx plot reads results.csv and draws
    // the same numbers and report.
    const std::string committed = dir + "/committed";
    fs::create_directories(committed);
    for (const char* f : {"manifest.json", "sweep.cfg", "results.csv"})
        fs::copy_file(out + "/" + f, committed + "/" + f);
    const auto rc = cimx({"plot", committed});
    ASSERT_EQ(rc.exit_code, 0) << testutil::describe(rc);
    for (const std::string& n : names)
        EXPECT_EQ(read_file(committed + "/plots/" + n + ".dat"),
                  read_file(out + "/plots/" + n + ".dat"))
            << n;
    EXPECT_EQ(read_file(committed + "/report.html"), html);

    // Render it: a copy of the page with a script that, once everything has loaded, writes
    // how many images decoded into the DOM that --dump-dom prints.
    const std::string browser = chromium();
    ASSERT_FALSE(browser.empty()) << "chromium not found (scripts/setup.sh installs it)";
    std::string check = html;
    check.insert(check.rfind("</body>"),
                 "<script>window.addEventListener('load', () => { const i = [...document.images];"
                 " document.body.setAttribute('data-loaded', i.filter(x => x.complete && "
                 "x.naturalWidth > 0).length + '/' + i.length); });</script>\n");
    write_file(out + "/report-check.html", check);
    const std::vector<std::string> flags = {browser,
                                            "--headless",
                                            "--no-sandbox",
                                            "--disable-gpu",
                                            "--disable-quic",
                                            "--no-first-run",
                                            "--disable-background-networking",
                                            "--disable-component-update",
                                            "--disable-sync",
                                            "--user-data-dir=" + dir + "/chromium",
                                            "--virtual-time-budget=10000"};
    std::vector<std::string> dump = flags;
    dump.insert(dump.end(), {"--dump-dom", "file://" + out + "/report-check.html"});
    const auto dom = testutil::run_process(dump, 120);
    ASSERT_EQ(dom.exit_code, 0) << testutil::describe(dom);
    EXPECT_NE(dom.out.find("data-loaded=\"3/3\""), std::string::npos)
        << dom.out.substr(0, dom.out.find("<table"));
    std::vector<std::string> shot = flags;
    shot.insert(shot.end(), {"--window-size=1280,2400", "--screenshot=" + dir + "/report.png",
                             "file://" + out + "/report.html"});
    const auto s = testutil::run_process(shot, 120);
    ASSERT_EQ(s.exit_code, 0) << testutil::describe(s);
    EXPECT_GT(fs::file_size(dir + "/report.png"), 50000u); // a page with plots, not a blank one
}

TEST_F(SweepPlot, ADirectoryThatIsNoSweepIsOneErrorLine) {
    const auto r = cimx({"plot", dir});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "cimx plot: error: " + dir + ": not a sweep directory (no manifest.json)\n");
    EXPECT_EQ(cimx({"plot"}).exit_code, 2);
}

} // namespace
