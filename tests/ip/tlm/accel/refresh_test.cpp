// Read disturb and refresh on cimvp, driven by real firmware (fw_xbar_refresh.c through the sw/
// driver): the read counts the accelerator reports are those of the rows the firmware drove;
// worn cells (xbar.rd_prior_cycles = 1e6: the transition time is ~0) give wrong results from their
// second read on, and the refresh policy (threshold 1 read: refresh after every MVM) keeps every
// result exact; the refreshes show in the run's programming time and energy.
#include "tests/common/subprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace {

struct FwRun {
    testutil::ProcessResult r;
    nlohmann::json stats;
};

FwRun run_refresh_fw(std::vector<std::string> vp_args, std::vector<std::string> fw_args,
                     const std::string& name) {
    const std::string stats = testing::TempDir() + "/refresh_" + name + ".json";
    std::vector<std::string> argv = {CIMVP_PATH, "-q", "--stats-json", stats};
    argv.insert(argv.end(), vp_args.begin(), vp_args.end());
    argv.push_back(FW_XBAR_REFRESH);
    argv.push_back("--");
    argv.insert(argv.end(), fw_args.begin(), fw_args.end());
    FwRun run{testutil::run_process(argv, 60), {}};
    if (run.r.exit_code == 0) run.stats = nlohmann::json::parse(std::ifstream(stats));
    return run;
}

uint64_t value_of(const std::string& out, const std::string& key) {
    const size_t at = out.find(key + " ");
    if (at == std::string::npos) return ~uint64_t{0};
    return std::stoull(out.substr(at + key.size() + 1));
}

const std::vector<std::string> worn = {"--xbar.read_disturb", "on", "--xbar.rd_prior_cycles",
                                       "1000000"};

TEST(Refresh, CountsAndThresholdRegistersMatchTheDrivenRows) {
    std::vector<std::string> vp = {"--xbar.read_disturb", "on"};
    const FwRun run = run_refresh_fw(vp, {"none", "counts"}, "counts");
    ASSERT_EQ(run.r.exit_code, 0) << testutil::describe(run.r);
    EXPECT_EQ(value_of(run.r.out, "mismatches"), 0u) << run.r.out; // fresh cells: exact
    EXPECT_EQ(value_of(run.r.out, "refreshed_rows"), 64u);
}

TEST(Refresh, PolicyKeepsWornCellsExactAndCostsProgramming) {
    std::vector<std::string> with_policy = worn;
    with_policy.insert(with_policy.end(), {"--xbar.rd_threshold", "1"});
    const FwRun off = run_refresh_fw(worn, {"none"}, "off");
    const FwRun on = run_refresh_fw(with_policy, {"policy"}, "on");
    ASSERT_EQ(off.r.exit_code, 0) << testutil::describe(off.r);
    ASSERT_EQ(on.r.exit_code, 0) << testutil::describe(on.r);
    EXPECT_GT(value_of(off.r.out, "mismatches"), 16u) << off.r.out;
    EXPECT_EQ(value_of(off.r.out, "refreshes"), 0u);
    EXPECT_EQ(value_of(on.r.out, "mismatches"), 0u) << on.r.out;
    // Every MVM reads some row once: 12 refreshes of the 64-row tile.
    EXPECT_EQ(value_of(on.r.out, "refreshes"), 12u) << on.r.out;
    EXPECT_EQ(value_of(on.r.out, "refreshed_rows"), 12u * 64);
    // A refresh of the whole tile costs what its programming costs: 13 programmings' worth.
    const auto& x_off = off.stats["xbar"];
    const auto& x_on = on.stats["xbar"];
    EXPECT_NEAR(x_on["program_s"].get<double>(), 13 * x_off["program_s"].get<double>(), 1e-12);
    EXPECT_NEAR(x_on["program_j"].get<double>(), 13 * x_off["program_j"].get<double>(), 1e-15);
    EXPECT_EQ(x_on["programmed_cells"].get<uint64_t>(),
              13 * x_off["programmed_cells"].get<uint64_t>());
    EXPECT_GT(x_on["busy_s"].get<double>(), x_off["busy_s"].get<double>());
    EXPECT_EQ(x_on["mvms"], x_off["mvms"]);
}

// Off by default: without xbar.rd_threshold the firmware's policy call finds nothing to do.
TEST(Refresh, OffByDefault) {
    const FwRun run = run_refresh_fw(worn, {"policy"}, "default");
    ASSERT_EQ(run.r.exit_code, 0) << testutil::describe(run.r);
    EXPECT_EQ(value_of(run.r.out, "refreshes"), 0u);
    EXPECT_GT(value_of(run.r.out, "mismatches"), 16u);
}

} // namespace
