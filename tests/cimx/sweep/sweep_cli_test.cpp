// cimx sweep end to end on the shipped bnn-mlp/tnn-mlp with tens of images: bad sweep files
// stop before anything runs; a row is exactly `cimx run` with its seed and options; a point that
// cannot run is a failed row and the sweep goes on; a sweep killed with SIGKILL resumes without
// losing or repeating a row; shards merged equal the unsharded sweep; a directory of another
// sweep needs --force.
#include "tests/cimx/sweep/sweep_test_helpers.h"

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <map>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace {

using namespace sweeptest;
namespace fs = std::filesystem;

class SweepCli : public SweepTest {};

// The finished rows of a sweep directory: rows/*.json (a kill may also leave a *.tmp there).
std::vector<std::string> finished_rows(const std::string& out) {
    std::vector<std::string> v;
    for (const std::string& f : files_in(out + "/rows"))
        if (f.size() > 5 && f.substr(f.size() - 5) == ".json") v.push_back(f);
    return v;
}

struct BadSweep {
    std::string body; // after head(); the error is on line `line` (head has 6 lines)
    int line;
    std::string says;
};

// Checked with the tools themselves (cimvp/cimc --list-options and --check-options): names and
// values they would reject, before any run starts (the output directory is not even made).
TEST_F(SweepCli, UnknownKeysAndBadValuesStopBeforeAnythingRuns) {
    const BadSweep cases[] = {
        {"[axes]\nxbar.adc_bit = 3 4\n", 8,
         "unknown key 'xbar.adc_bit': not an option of cimx run, cimvp or cimc (did you mean "
         "xbar.adc_bits?)"},
        {"xbar.colour = red\n", 7, "unknown key 'xbar.colour'"},
        {"xbar.adc_bits = 99\n", 7, "xbar.adc_bits = 99: cimvp: "},
        {"[axes]\nxbar.adc_bits = 3 4 x\n", 8, "xbar.adc_bits = x: cimvp: "},
        {"[axes]\nxbar.mapping = BNN_I BNN_VII\n", 8, "BNN_VII: cimvp: "},
        {"[axes]\nfirst-layer = cpu gpu\n", 8, "first-layer = gpu: cimc: "},
        {"[axes]\ninput-scale = 1/255 0\n", 8, "input-scale = 0: cimc: "},
        {"cpu.clock_mhz = fast\n", 7, "cpu.clock_mhz = fast: cimvp: "},
        // a value is checked with the fixed options: 60 uA HRS is fine with a 100 uA LRS...
        {"xbar.i_lrs = 100\n[axes]\nxbar.i_hrs = 5 60 150\n", 9, "xbar.i_hrs = 150: cimvp: "},
        // ...and the [set] line at fault is found among several
        {"xbar.adc_bits = 4\nxbar.i_hrs = 60\n", 8, "xbar.i_hrs = 60: cimvp: "},
        {"config = " CIMVP_SOURCE_DIR "/nonexistent.cfg\n", 7, "cannot open config file"},
        // a switch has no value to set (cimx run's no-cache, cimc's build-id)
        {"[axes]\nno-cache = 0 1\n", 8,
         "'no-cache' is a switch without a value: a sweep file cannot set it"},
        {"build-id = 1\n", 7, "'build-id' is a switch without a value"},
        // the ADC calibration options are cimc's, checked by cimc
        {"adc-calibration = profile\n[axes]\nadc-percentile = 99 101\n", 9,
         "adc-percentile = 101: cimc: "},
    };
    for (const BadSweep& c : cases) {
        const std::string file = sweep_file("bad.cfg", head("bnn-mlp.onnx", 10, 1, 1) + c.body);
        const auto r = cimx({"sweep", file, "--out", dir + "/out"});
        EXPECT_EQ(r.exit_code, 1) << c.body << testutil::describe(r);
        EXPECT_EQ(r.err, "cimx sweep: error: " + file + ":" + std::to_string(c.line) + ": " +
                             r.err.substr(r.err.find(": ", r.err.find(file)) + 2))
            << "not one line naming file and line: " << r.err;
        EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_FALSE(fs::exists(dir + "/out")) << c.body;
    }
    const auto r = cimx({"sweep", dir + "/none.cfg", "--out", dir + "/out"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "cimx sweep: error: " + dir + "/none.cfg: cannot open the sweep file\n");
    EXPECT_EQ(cimx({"sweep", dir + "/x.cfg"}).exit_code, 2); // no --out
    EXPECT_EQ(cimx({"sweep", dir + "/x.cfg", "--out", dir, "--shard", "3/2"}).exit_code, 1);
}

// --input-scale reaches cimc from a sweep file: the firmware of each point folds its scale.
TEST_F(SweepCli, InputScaleIsAnAxis) {
    const std::string file =
        sweep_file("s.cfg", head("bnn-mlp.onnx", 16, 1, 3) +
                                "xbar.mode = digital\n[axes]\ninput-scale = 1/255 "
                                "1/64\n");
    const auto r = cimx({"sweep", file, "--out", dir + "/out"});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    const std::vector<nlohmann::json> rows = read_jsonl(dir + "/out/results.jsonl");
    ASSERT_EQ(rows.size(), 2u);
    for (const auto& row : rows) EXPECT_EQ(row["predictions"], row["baseline_predictions"]);
    EXPECT_NE(rows[0]["predictions"], rows[1]["predictions"]) << "the scale should matter";
}

// Chip c of a point is `cimx run MODEL --images N --seed SEED+c` with the point's options, and
// every column of the row is that run's record.
TEST_F(SweepCli, ARowIsExactlyCimxRunWithItsSeedAndOptions) {
    const std::string file = sweep_file(
        "s.cfg", head("bnn-mlp.onnx", 24, 2, 11) + "xbar.sigma_lrs = 6\nxbar.adc_bits = 3\n[axes]\n"
                                                   "cpu.clock_mhz = 50 200\n");
    const auto r = cimx({"sweep", file, "--out", dir + "/out", "-j", "2"});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    const Csv csv = read_csv(dir + "/out/results.csv");
    ASSERT_EQ(csv.size(), 5u);
    EXPECT_EQ(csv[0],
              (std::vector<std::string>{"point", "chip", "seed", "cpu.clock_mhz", "images", "top1",
                                        "baseline_top1", "latency_s", "throughput_ips", "energy_j",
                                        "host_s", "status", "error"}));
    const std::vector<nlohmann::json> lines = read_jsonl(dir + "/out/results.jsonl");
    ASSERT_EQ(lines.size(), 4u);
    // point 1 (200 MHz), chip 1: seed 12
    const nlohmann::json& row = lines[3];
    EXPECT_EQ(row["sweep"]["point"], 1);
    EXPECT_EQ(row["sweep"]["chip"], 1);
    EXPECT_EQ(row["sweep"]["seed"], 12);
    const std::string json = dir + "/run.json";
    const auto run = cimx({"run", CIMVP_SOURCE_DIR "/models/bnn-mlp.onnx", "--images", "24",
                           "--seed", "12", "--cache", dir + "/cache", "--xbar.sigma_lrs", "6",
                           "--xbar.adc_bits", "3", "--cpu.clock_mhz", "200", "--json", json});
    ASSERT_EQ(run.exit_code, 0) << testutil::describe(run);
    const nlohmann::json alone = nlohmann::json::parse(read_file(json));
    for (const char* k : {"predictions", "baseline_predictions", "top1", "baseline_top1",
                          "latency_s", "energy_j", "images", "latency_breakdown_s",
                          "energy_breakdown_j", "setup_s", "setup_energy_j", "firmware_stats"})
        EXPECT_EQ(row[k], alone[k]) << k;
    const std::vector<std::string>& cells = csv[4];
    EXPECT_EQ(cells[column(csv, "seed")], "12");
    EXPECT_EQ(cells[column(csv, "cpu.clock_mhz")], "200");
    EXPECT_EQ(cells[column(csv, "top1")], alone["top1"].dump());
    EXPECT_EQ(cells[column(csv, "latency_s")], alone["latency_s"].dump());
    EXPECT_EQ(cells[column(csv, "energy_j")], alone["energy_j"].dump());
    EXPECT_EQ(cells[column(csv, "images")], "24");
    EXPECT_EQ(cells[column(csv, "status")], "ok");
    // The seed matters here (variability), so the row is that chip's and no other's.
    EXPECT_NE(lines[2]["predictions"], lines[3]["predictions"]);
    // The clock changes the latency, not what is computed.
    EXPECT_EQ(lines[1]["predictions"], lines[3]["predictions"]);
    EXPECT_GT(lines[1]["latency_s"].get<double>(), lines[3]["latency_s"].get<double>());
    // summary.csv: the statistics of the two chips
    const Csv sum = read_csv(dir + "/out/summary.csv");
    ASSERT_EQ(sum.size(), 3u);
    EXPECT_EQ(sum[0],
              (std::vector<std::string>{"point", "cpu.clock_mhz", "chips", "failed", "top1_mean",
                                        "top1_std", "top1_min", "top1_max", "baseline_top1_mean",
                                        "latency_s_mean", "throughput_ips_mean", "energy_j_mean"}));
    const double a = lines[2]["top1"], b = lines[3]["top1"];
    EXPECT_DOUBLE_EQ(std::stod(sum[2][column(sum, "top1_mean")]), (a + b) / 2);
    EXPECT_DOUBLE_EQ(std::stod(sum[2][column(sum, "top1_min")]), std::min(a, b));
    EXPECT_NEAR(std::stod(sum[2][column(sum, "top1_std")]), std::abs(a - b) / std::sqrt(2.0),
                1e-12);
}

TEST_F(SweepCli, APointThatCannotRunIsAFailedRowAndTheSweepGoesOn) {
    const std::string file = sweep_file("s.cfg", head("tnn-mlp.onnx", 12, 1, 1) +
                                                     "[axes]\nxbar.mapping = BNN_I TNN_I\n");
    const auto r = cimx({"sweep", file, "--out", dir + "/out"});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    EXPECT_NE(r.err.find("1 failed"), std::string::npos) << r.err;
    const Csv csv = read_csv(dir + "/out/results.csv");
    ASSERT_EQ(csv.size(), 3u);
    const size_t status = column(csv, "status"), error = column(csv, "error");
    EXPECT_EQ(csv[1][status], "failed");
    EXPECT_NE(csv[1][error].find("ternary weights need a TNN mapping"), std::string::npos)
        << csv[1][error];
    EXPECT_EQ(csv[1][column(csv, "top1")], "");
    EXPECT_EQ(csv[2][status], "ok");
    EXPECT_EQ(csv[2][error], "");
    EXPECT_GT(std::stod(csv[2][column(csv, "top1")]), 0.5);
    const Csv sum = read_csv(dir + "/out/summary.csv");
    EXPECT_EQ(sum[1][column(sum, "failed")], "1");
    EXPECT_EQ(sum[1][column(sum, "top1_mean")], "");
    EXPECT_EQ(read_jsonl(dir + "/out/results.jsonl")[0]["sweep"]["status"], "failed");
    // A failed row is finished: running again does nothing...
    const auto again = cimx({"sweep", file, "--out", dir + "/out"});
    EXPECT_NE(again.err.find("0 runs to do"), std::string::npos) << again.err;
    // ...unless asked to retry it.
    const auto retry = cimx({"sweep", file, "--out", dir + "/out", "--retry-failed"});
    EXPECT_NE(retry.err.find("1 runs to do"), std::string::npos) << retry.err;
}

// The protocol under a kill: SIGKILL while rows run, and what a kill in the middle of writing a
// row or a table leaves behind (a partial temporary file), planted by hand.
TEST_F(SweepCli, ResumesAfterKill9WithoutLosingOrRepeatingARow) {
    const int points = 6;
    const std::string file = sweep_file("s.cfg", head("bnn-mlp.onnx", 40, 1, 3) +
                                                     "[axes]\ncpu.clock_mhz = 10 20 30 40 50 60\n");
    const std::string out = dir + "/out";
    const pid_t pid = start_cimx({"sweep", file, "--out", out, "-j", "2"}, dir + "/first.log");
    std::vector<std::string> rows;
    for (int i = 0; i < 6000 && rows.size() < 2; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        rows = finished_rows(out);
    }
    ASSERT_GE(rows.size(), 2u) << read_file(dir + "/first.log");
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));
    rows = finished_rows(out);
    ASSERT_LT(rows.size(), size_t(points)) << "the sweep finished before the kill";
    std::map<std::string, std::string> before;
    for (const std::string& f : rows) before[f] = read_file(out + "/rows/" + f);
    // What a kill during a write leaves: the final names are untouched, temporaries are torn.
    const std::string torn = before.begin()->second.substr(0, 50);
    write_file(out + "/rows/p5-c0.json.99999.tmp", torn);
    write_file(out + "/results.csv.99999.tmp", "point,chip\n0,");

    const auto r = cimx({"sweep", file, "--out", out, "-j", "2"});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    EXPECT_NE(r.err.find(std::to_string(points - before.size()) + " runs to do"), std::string::npos)
        << r.err;
    for (const auto& [f, content] : before)
        EXPECT_EQ(read_file(out + "/rows/" + f), content) << f << " was run again";
    EXPECT_EQ(files_in(out + "/rows"), finished_rows(out)); // no temporary left
    EXPECT_EQ(finished_rows(out).size(), size_t(points));
    EXPECT_FALSE(fs::exists(out + "/rows/p5-c0.json.99999.tmp"));
    EXPECT_FALSE(fs::exists(out + "/results.csv.99999.tmp"));
    const Csv csv = read_csv(out + "/results.csv");
    ASSERT_EQ(csv.size(), size_t(points + 1));
    for (int p = 0; p < points; ++p) {
        EXPECT_EQ(csv[size_t(p + 1)][0], std::to_string(p)); // each point once, in order
        EXPECT_EQ(csv[size_t(p + 1)][column(csv, "status")], "ok");
    }
    const std::vector<nlohmann::json> jsonl = read_jsonl(out + "/results.jsonl");
    ASSERT_EQ(jsonl.size(), size_t(points));
    for (int p = 0; p < points; ++p) EXPECT_EQ(jsonl[size_t(p)]["sweep"]["point"], p);
    // Nothing left to do, nothing written twice.
    const auto third = cimx({"sweep", file, "--out", out});
    EXPECT_NE(third.err.find("0 runs to do"), std::string::npos) << third.err;
    EXPECT_EQ(read_csv(out + "/results.csv"), csv);
}

TEST_F(SweepCli, ShardsMergedEqualTheUnshardedSweep) {
    const std::string file = sweep_file(
        "s.cfg", head("bnn-mlp.onnx", 16, 2, 5) + "xbar.sigma_hrs = 2\nxbar.adc_bits = 4\n[axes]\n"
                                                  "cpu.clock_mhz = 25 50 100 200 400\n");
    ASSERT_EQ(cimx({"sweep", file, "--out", dir + "/all", "-j", "2"}).exit_code, 0);
    std::vector<std::string> merge = {"sweep", "--merge"};
    for (int i = 1; i <= 3; ++i) {
        const std::string shard = dir + "/shard" + std::to_string(i);
        const auto r =
            cimx({"sweep", file, "--out", shard, "--shard", std::to_string(i) + "/3", "-j", "2"});
        ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
        EXPECT_LT(read_csv(shard + "/results.csv").size(), 11u); // a part only
        merge.push_back(shard);
    }
    // A shard missing: what is there is merged, and the error names the gap.
    const auto partial =
        cimx({"sweep", "--merge", dir + "/shard1", dir + "/shard3", "--out", dir + "/partial"});
    EXPECT_EQ(partial.exit_code, 1);
    EXPECT_NE(partial.err.find("shards not given: 2/3"), std::string::npos) << partial.err;

    merge.insert(merge.end(), {"--out", dir + "/merged"});
    const auto m = cimx(merge);
    ASSERT_EQ(m.exit_code, 0) << testutil::describe(m);
    Csv all = read_csv(dir + "/all/results.csv"), merged = read_csv(dir + "/merged/results.csv");
    ASSERT_EQ(all.size(), 11u);
    const size_t host = column(all, "host_s");
    for (Csv* c : {&all, &merged})
        for (auto& row : *c) row.erase(row.begin() + long(host)); // the host's speed differs
    EXPECT_EQ(merged, all);
    EXPECT_EQ(read_file(dir + "/merged/summary.csv"), read_file(dir + "/all/summary.csv"));
    const auto a = read_jsonl(dir + "/all/results.jsonl"),
               b = read_jsonl(dir + "/merged/results.jsonl");
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i)
        EXPECT_EQ(without_host_timing(a[i]), without_host_timing(b[i])) << i;
    // The merged directory is the unsharded sweep's: resuming it finds nothing to do.
    const auto resume = cimx({"sweep", file, "--out", dir + "/merged"});
    EXPECT_NE(resume.err.find("0 runs to do"), std::string::npos) << resume.err;
}

TEST_F(SweepCli, ADirectoryOfAnotherSweepNeedsForce) {
    const std::string one =
        sweep_file("one.cfg", head("bnn-mlp.onnx", 8, 1, 1) + "[axes]\ncpu.clock_mhz = 50\n");
    const std::string two =
        sweep_file("two.cfg", head("bnn-mlp.onnx", 8, 1, 1) + "[axes]\ncpu.clock_mhz = 70\n");
    ASSERT_EQ(cimx({"sweep", one, "--out", dir + "/out"}).exit_code, 0);
    const auto r = cimx({"sweep", two, "--out", dir + "/out"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "cimx sweep: error: " + dir +
                         "/out holds the results of a different sweep file; use another --out "
                         "directory, or --force to replace them\n");
    const auto shard = cimx({"sweep", one, "--out", dir + "/out", "--shard", "1/2"});
    EXPECT_NE(shard.err.find("holds shard 1/1 of this sweep, not 1/2"), std::string::npos)
        << shard.err;
    const auto forced = cimx({"sweep", two, "--out", dir + "/out", "--force"});
    ASSERT_EQ(forced.exit_code, 0) << testutil::describe(forced);
    const Csv csv = read_csv(dir + "/out/results.csv");
    ASSERT_EQ(csv.size(), 2u);
    EXPECT_EQ(csv[1][column(csv, "cpu.clock_mhz")], "70");
    EXPECT_EQ(read_file(dir + "/out/sweep.cfg"), read_file(two));
}

} // namespace
