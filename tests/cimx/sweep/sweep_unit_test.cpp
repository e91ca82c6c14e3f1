// The sweep library on its own: the sweep file's syntax (checked against Boost's own config
// parser), every malformed file, the expansion into points and chips, shards, the per-point
// statistics, the CSV form and the Pareto front (against a brute-force dominance check); the
// --list-options format the sweep checks keys with.
#include "cimx/plot/pareto.h"
#include "cimx/sweep/results_csv_reader.h"
#include "cimx/sweep/sweep_dir.h"
#include "cimx/sweep/sweep_results.h"
#include "cimx/sweep/sweep_spec.h"
#include "cimx/tools/option_list.h"

#include <boost/program_options.hpp>
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>
#include <sstream>

namespace {

using cimx::parse_sweep;
using cimx::SweepError;

const std::string model = CIMVP_SOURCE_DIR "/models/bnn-mlp.onnx";

std::string example() {
    return "model  = " + model +
           "\n"
           "images = 1000          # test images per point\n"
           "chips  = 3             # simulated chips per point\n"
           "seed   = 1\n"
           "[set]                  # options fixed for every point\n"
           "xbar.i_hrs = 5\n"
           "\txbar.i_lrs=50   \n"
           "\n"
           "[axes]                 # the cartesian product of these lists\n"
           "xbar.mapping  = BNN_I BNN_III BNN_V BNN_VI\n"
           "xbar.adc_bits = 3 4\t6\n"
           "xbar.adc_alpha = 0.5 1.0\n";
}

TEST(SweepFile, TheIssuesExampleParses) {
    const cimx::SweepSpec s = parse_sweep(example(), "ex.cfg");
    EXPECT_EQ(s.model, model);
    EXPECT_EQ(s.images, 1000);
    EXPECT_EQ(s.chips, 3);
    EXPECT_EQ(s.seed, 1u);
    ASSERT_EQ(s.set.size(), 2u);
    EXPECT_EQ(s.set[1].key, "xbar.i_lrs");
    EXPECT_EQ(s.set[1].value, "50");
    EXPECT_EQ(s.set[1].line, 7);
    ASSERT_EQ(s.axes.size(), 3u);
    EXPECT_EQ(s.axes[1].values, (std::vector<std::string>{"3", "4", "6"}));
    EXPECT_EQ(s.axes[2].line, 12);
    EXPECT_EQ(s.points(), 4 * 3 * 2);
    EXPECT_EQ(s.rows(), 4 * 3 * 2 * 3);
}

// Same syntax as the platform config files: Boost.Program_options reads the same keys and
// values from the same text (sections become "set." / "axes." prefixes).
TEST(SweepFile, ReadsWhatBoostsConfigParserReads) {
    namespace po = boost::program_options;
    std::istringstream in(example());
    po::options_description none;
    const po::parsed_options parsed = po::parse_config_file(in, none, true);
    const cimx::SweepSpec s = parse_sweep(example(), "ex.cfg");
    std::vector<std::pair<std::string, std::string>> ours = {
        {"model", s.model}, {"images", "1000"}, {"chips", "3"}, {"seed", "1"}};
    for (const auto& o : s.set) ours.push_back({"set." + o.key, o.value});
    std::vector<std::pair<std::string, std::string>> boost;
    for (const po::option& o : parsed.options) boost.push_back({o.string_key, o.value.at(0)});
    ASSERT_EQ(boost.size(), ours.size() + s.axes.size());
    for (size_t i = 0; i < ours.size(); ++i) EXPECT_EQ(boost[i], ours[i]) << i;
    for (size_t i = 0; i < s.axes.size(); ++i) {
        const auto& [key, value] = boost[ours.size() + i];
        EXPECT_EQ(key, "axes." + s.axes[i].key);
        std::istringstream words(value);
        std::vector<std::string> v;
        for (std::string w; words >> w;) v.push_back(w);
        EXPECT_EQ(v, s.axes[i].values);
    }
}

TEST(SweepFile, PointsAreTheCartesianProductLastAxisFastest) {
    const cimx::SweepSpec s = parse_sweep(example(), "ex.cfg");
    std::set<std::vector<std::string>> seen;
    for (int64_t p = 0; p < s.points(); ++p) seen.insert(s.point_values(p));
    EXPECT_EQ(int64_t(seen.size()), s.points()); // every combination once
    EXPECT_EQ(s.point_values(0), (std::vector<std::string>{"BNN_I", "3", "0.5"}));
    EXPECT_EQ(s.point_values(1), (std::vector<std::string>{"BNN_I", "3", "1.0"}));
    EXPECT_EQ(s.point_values(2), (std::vector<std::string>{"BNN_I", "4", "0.5"}));
    EXPECT_EQ(s.point_values(6), (std::vector<std::string>{"BNN_III", "3", "0.5"}));
    EXPECT_EQ(s.point_values(23), (std::vector<std::string>{"BNN_VI", "6", "1.0"}));
    EXPECT_EQ(s.point_options(7), (std::vector<std::string>{
                                      "--xbar.i_hrs=5", "--xbar.i_lrs=50", "--xbar.mapping=BNN_III",
                                      "--xbar.adc_bits=3", "--xbar.adc_alpha=1.0"}));
    EXPECT_EQ(s.chip_seed(0), 1u);
    EXPECT_EQ(s.chip_seed(2), 3u);
}

TEST(SweepFile, NoAxesIsOnePoint) {
    const cimx::SweepSpec s = parse_sweep("model = " + model + "\n[set]\nxbar.adc_bits = 4\n", "f");
    EXPECT_EQ(s.points(), 1);
    EXPECT_EQ(s.chips, 1);
    EXPECT_EQ(s.images, 0); // the whole test set
    EXPECT_EQ(s.point_options(0), (std::vector<std::string>{"--xbar.adc_bits=4"}));
}

TEST(SweepFile, IdentityIgnoresCommentsAndLayoutOnly) {
    const std::string a = example();
    std::string b = a;
    b.insert(0, "# a comment\n\n");
    std::string c = a;
    c.replace(c.find("3 4\t6"), 5, "3 4 5");
    EXPECT_EQ(parse_sweep(a, "a").identity(), parse_sweep(b, "b").identity());
    EXPECT_NE(parse_sweep(a, "a").identity(), parse_sweep(c, "c").identity());
    const cimx::SweepSpec back = cimx::spec_from_identity(parse_sweep(a, "a").identity(), "m");
    EXPECT_EQ(back.identity(), parse_sweep(a, "a").identity());
}

struct BadFile {
    std::string text;
    int line; // 0: the file as a whole
    std::string says;
};

TEST(SweepFile, EveryMalformedFileIsOneErrorNamingFileAndLine) {
    const std::string m = "model = " + model + "\n";
    const BadFile cases[] = {
        {"images = 10\n", 0, "no 'model = FILE.onnx' line"},
        {"model = /nonexistent/x.onnx\n", 1, "no such file"},
        {m + "images = ten\n", 2, "images = ten: not an integer"},
        {m + "images = -5\n", 2, "must be in [0,"},
        {m + "chips = 0\n", 2, "chips = 0: must be in [1,"},
        {m + "seed = 1x\n", 2, "seed = 1x: not an integer"},
        {m + "colour = red\n", 2, "unknown top-level key 'colour'"},
        {m + "[sett]\n", 2, "unknown section [sett]"},
        {m + "[set]\n[set]\n", 3, "section [set] appears twice"},
        {m + "[set]\nxbar.adc_bits 3\n", 3, "neither 'key = value' nor a [section]"},
        {m + "[set]\n= 3\n", 3, "no key before '='"},
        {m + "[set]\nxbar.adc_bits =\n", 3, "xbar.adc_bits: no value"},
        {m + "[axes]\nxbar.adc_bits =   # nothing\n", 3, "axis xbar.adc_bits is empty"},
        {m + "[axes]\nxbar.mapping = BNN_I BNN_V BNN_I\n", 3, "value 'BNN_I' appears twice"},
        {m + "[set]\nxbar.adc_bits = 3\n[axes]\nxbar.adc_bits = 3 4\n", 5,
         "'xbar.adc_bits' is already set on line 3"},
        {m + "[set]\nxbar.i_hrs = 3\nxbar.i_hrs = 4\n", 4, "already set on line 3"},
        {m + "model = " + model + "\n", 2, "already set on line 1"},
        {m + "[set]\nseed = 4\n", 3, "'seed' cannot be set per point (it is a top-level key"},
        {m + "[axes]\nimages = 10 20\n", 3, "'images' cannot be set per point"},
        {m + "[set]\njson = x.json\n", 3, "'json' cannot be set per point"},
    };
    for (const BadFile& c : cases) {
        try {
            parse_sweep(c.text, "bad.cfg");
            ADD_FAILURE() << "accepted:\n" << c.text;
        } catch (const SweepError& e) {
            const std::string what = e.what();
            const std::string where =
                c.line ? "bad.cfg:" + std::to_string(c.line) + ": " : "bad.cfg: ";
            EXPECT_EQ(what.rfind(where, 0), 0u) << what;
            EXPECT_NE(what.find(c.says), std::string::npos) << what;
            EXPECT_EQ(what.find('\n'), std::string::npos) << what;
        }
    }
}

TEST(Shards, PartitionThePointsDisjointlyAndCompletely) {
    for (int64_t n : {1, 2, 3, 7}) {
        std::vector<int> owners(20, 0);
        for (int64_t i = 1; i <= n; ++i)
            for (int64_t p = 0; p < 20; ++p) owners[size_t(p)] += cimx::Shard{i, n}.contains(p);
        for (int o : owners) EXPECT_EQ(o, 1) << n;
    }
    EXPECT_EQ(cimx::parse_shard("2/4").index, 2);
    for (const char* bad : {"0/4", "5/4", "2", "2/0", "a/b", "1/2x", "-1/2"})
        EXPECT_THROW(cimx::parse_shard(bad), SweepError) << bad;
}

cimx::RowResult row(int64_t point, int64_t chip, double top1, bool ok = true) {
    cimx::RowResult r;
    r.point = point, r.chip = chip, r.seed = uint64_t(1 + chip), r.ok = ok;
    if (ok) {
        r.images = 100, r.top1 = top1, r.baseline_top1 = 0.9, r.latency_s = 1e-3 * (1 + chip);
        r.energy_j = 2e-9, r.host_s = 0.5;
    } else {
        r.error = "cimc: error: a, \"quoted\" reason";
    }
    return r;
}

TEST(Summary, MeanSampleStdMinMaxOverTheChipsThatRan) {
    const std::vector<cimx::RowResult> rows = {row(0, 0, 0.5), row(0, 1, 0.7), row(0, 2, 0.9),
                                               row(1, 0, 0.8), row(1, 1, 0, false)};
    const auto s = cimx::summarize(rows);
    ASSERT_EQ(s.size(), 2u);
    EXPECT_NEAR(*s[0].top1_mean, 0.7, 1e-15);
    EXPECT_NEAR(*s[0].top1_std, 0.2, 1e-15); // sqrt(((-.2)^2 + 0 + .2^2) / 2)
    EXPECT_EQ(*s[0].top1_min, 0.5);
    EXPECT_EQ(*s[0].top1_max, 0.9);
    EXPECT_NEAR(*s[0].latency_s_mean, 2e-3, 1e-18);
    EXPECT_FALSE(s[0].throughput_ips_mean); // not in these records: left empty
    EXPECT_EQ(s[1].chips_ok, 1);
    EXPECT_EQ(s[1].chips_failed, 1);
    EXPECT_EQ(*s[1].top1_mean, 0.8);
    EXPECT_FALSE(s[1].top1_std); // one chip: no spread to estimate
}

TEST(Csv, ResultsHaveTheIssuesColumnsAndQuoteErrors) {
    const cimx::SweepSpec s = parse_sweep(example(), "ex.cfg");
    const std::string csv = cimx::results_csv(s, {row(7, 0, 0.25), row(7, 1, 0, false)});
    std::istringstream lines(csv);
    std::string header, ok, failed;
    std::getline(lines, header), std::getline(lines, ok), std::getline(lines, failed);
    EXPECT_EQ(header, "point,chip,seed,xbar.mapping,xbar.adc_bits,xbar.adc_alpha,images,top1,"
                      "baseline_top1,latency_s,throughput_ips,energy_j,host_s,status,error");
    EXPECT_EQ(ok, "7,0,1,BNN_III,3,1.0,100,0.25,0.9,0.001,,2e-09,0.5,ok,");
    EXPECT_EQ(failed,
              "7,1,2,BNN_III,3,1.0,,,,,,,,failed,\"cimc: error: a, \"\"quoted\"\" reason\"");
    EXPECT_EQ(cimx::csv_number(nlohmann::json(0.1 + 0.2)), "0.30000000000000004"); // round trip
}

// cimx plot reads a directory without rows/ (results committed as CSV) from results.csv: every
// field must come back as the rows had it, and a CSV that is not this sweep's is one error line.
TEST(Csv, ResultsReadBackFieldForField) {
    const cimx::SweepSpec s = parse_sweep(example(), "ex.cfg");
    cimx::RowResult odd = row(3, 2, 0.125);
    odd.images = 10000, odd.top1 = 0.1 + 0.2, odd.throughput_ips = 204.6, odd.energy_j = 2.332e-05;
    odd.error = "line one,\nline \"two\"\r\n";
    const std::vector<cimx::RowResult> rows = {row(0, 0, 0.5), row(0, 1, 0, false), odd,
                                               row(23, 2, 1.0)};
    const std::string csv = cimx::results_csv(s, rows);
    // Read back in another order than written: the reader sorts by (point, chip).
    const std::string header = csv.substr(0, csv.find('\n') + 1);
    std::string shuffled = header + cimx::results_csv(s, {rows[3], rows[2]}).substr(header.size()) +
                           cimx::results_csv(s, {rows[0], rows[1]}).substr(header.size());
    for (const std::string& text : {csv, shuffled}) {
        const std::vector<cimx::RowResult> back = cimx::rows_from_results_csv(s, text, "r.csv");
        ASSERT_EQ(back.size(), rows.size());
        EXPECT_EQ(cimx::results_csv(s, back), csv); // every field, byte for byte
        for (size_t i = 0; i < rows.size(); ++i) {
            EXPECT_EQ(back[i].point, rows[i].point);
            EXPECT_EQ(back[i].chip, rows[i].chip);
            EXPECT_EQ(back[i].seed, rows[i].seed);
            EXPECT_EQ(back[i].ok, rows[i].ok);
            EXPECT_EQ(back[i].error, rows[i].error);
            EXPECT_EQ(back[i].top1, rows[i].top1);
            EXPECT_EQ(back[i].images, rows[i].images);
            EXPECT_EQ(back[i].throughput_ips, rows[i].throughput_ips);
        }
    }
    EXPECT_EQ(cimx::rows_from_results_csv(s, header, "r.csv").size(), 0u); // nothing finished yet

    const std::string ok_line = "7,0,1,BNN_III,3,1.0,100,0.25,0.9,0.001,,2e-09,0.5,ok,\n";
    const struct {
        std::string text, message;
    } bad[] = {
        {"point,chip\n", "r.csv:1: not the results.csv header of this sweep"},
        {header + "7,0,1,BNN_III,3,1.0,100\n", "r.csv:2: 7 fields, expected 15"},
        {header + ok_line + ok_line, "r.csv:3: point 7, chip 0 appears twice"},
        {header + "24,0,1,BNN_III,3,1.0,,,,,,,,ok,\n", "r.csv:2: point 24, chip 0 is not part"},
        {header + "7,3,1,BNN_III,3,1.0,,,,,,,,ok,\n", "r.csv:2: point 7, chip 3 is not part"},
        {header + "7,0,1,BNN_I,3,1.0,,,,,,,,ok,\n",
         "r.csv:2: xbar.mapping = 'BNN_I', but point 7 has 'BNN_III'"},
        {header + "7,0,1,BNN_III,3,1.0,100,0.2x,,,,,,ok,\n",
         "r.csv:2: top1 '0.2x' is not a number"},
        {header + "x,0,1,BNN_III,3,1.0,,,,,,,,ok,\n", "r.csv:2: point 'x' is not a non-negative"},
        {header + "7,0,1,BNN_III,3,1.0,,,,,,,,done,\n", "r.csv:2: status 'done' is neither"},
        {header + "7,0,1,BNN_III,3,1.0,,,,,,,,failed,\"open\n", "r.csv:2: unterminated quoted"},
    };
    for (const auto& b : bad) {
        try {
            cimx::rows_from_results_csv(s, b.text, "r.csv");
            ADD_FAILURE() << "accepted: " << b.text;
        } catch (const SweepError& e) {
            EXPECT_NE(std::string(e.what()).find(b.message), std::string::npos) << e.what();
        }
    }
}

TEST(Pareto, FrontEqualsBruteForceDominance) {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> d(0, 12); // small range: many ties
    for (int trial = 0; trial < 200; ++trial) {
        std::vector<cimx::CostAccuracy> p(size_t(1 + trial % 15));
        for (auto& x : p) x = {double(d(rng)), double(d(rng))};
        std::set<std::pair<double, double>> expected; // non-dominated (cost, accuracy) pairs
        for (const auto& a : p) {
            bool dominated = false;
            for (const auto& b : p)
                dominated |= b.cost <= a.cost && b.accuracy >= a.accuracy &&
                             (b.cost < a.cost || b.accuracy > a.accuracy);
            if (!dominated) expected.insert({a.cost, a.accuracy});
        }
        const std::vector<size_t> front = cimx::pareto_front(p);
        std::set<std::pair<double, double>> got;
        for (size_t i = 0; i < front.size(); ++i) {
            got.insert({p[front[i]].cost, p[front[i]].accuracy});
            if (i) {
                EXPECT_GT(p[front[i]].cost, p[front[i - 1]].cost);
            }
        }
        EXPECT_EQ(got, expected);
        EXPECT_EQ(front.size(), expected.size()); // each pair once
    }
}

// The one --list-options format: "NAME" (a switch) or "NAME VALUE"; anything else, a name
// given twice or an empty list is an error naming the tool and the line.
TEST(OptionList, NamesAndWhetherTheyTakeAValue) {
    const cimx::OptionList o =
        cimx::parse_option_list("help\nxbar.adc_bits VALUE\nquiet\nseed VALUE\n", "t");
    EXPECT_EQ(o, (cimx::OptionList{
                     {"help", false}, {"xbar.adc_bits", true}, {"quiet", false}, {"seed", true}}));
    const std::pair<const char*, const char*> bad[] = {
        {"help\nseed value\n", "t: line 2: 'seed value' is not 'NAME' or 'NAME VALUE'"},
        {"seed VALUE extra\n", "t: line 1: 'seed VALUE extra'"},
        {"--seed VALUE\n", "t: line 1: '--seed VALUE'"},
        {"help\n\nquiet\n", "t: line 2: ''"},
        {"seed VALUE\nseed\n", "t: line 2: option 'seed' listed twice"},
        {"", "t: lists no options"},
    };
    for (const auto& [text, says] : bad) {
        try {
            cimx::parse_option_list(text, "t");
            ADD_FAILURE() << "accepted: " << text;
        } catch (const cimx::OptionListError& e) {
            EXPECT_EQ(std::string(e.what()).rfind(says, 0), 0u) << e.what();
        }
    }
}

} // namespace
