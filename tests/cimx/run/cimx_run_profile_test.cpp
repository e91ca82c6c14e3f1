// cimx run --profile (forwarded to cimvp, docs/firmware.md "Profiling"): on a shipped model the
// profile names the runtime's functions (sw/nn, the accelerator driver), its columns add up to
// the VP run's instructions, cycles and sleep cycles in the run record, the table is shown, and
// profiling changes nothing in the run (the same predictions, cycles and instructions).
#include "tests/cimx/run/cimx_run_fixture.h"

#include <map>
#include <sstream>

namespace cimxtest {
namespace {

struct ProfileRow {
    uint64_t instructions, cycles, asleep;
};

std::map<std::string, ProfileRow> read_profile(const std::string& path) {
    std::ifstream in(path);
    std::map<std::string, ProfileRow> rows;
    std::string line;
    std::getline(in, line); // header
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::istringstream s(line);
        for (std::string v; std::getline(s, v, ',');) f.push_back(v);
        EXPECT_EQ(f.size(), 7u) << line;
        if (f.size() != 7) continue;
        rows[f[0]] = {std::stoull(f[3]), std::stoull(f[4]), std::stoull(f[6])};
    }
    return rows;
}

TEST_F(CimxRun, ProfileNamesTheRuntimesFunctionsAndAddsUpToTheRun) {
    const std::vector<std::string> args = {model("bnn-mlp.onnx"), "--images", "4",
                                           "--latency-images", "2"};
    std::vector<std::string> profiled = args;
    profiled.insert(profiled.end(), {"--profile", dir + "/p.csv", "--json", dir + "/p.json"});
    testutil::ProcessResult r = cimx(profiled);
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    EXPECT_NE(r.err.find("cimvp: profile"), std::string::npos) << r.err;
    std::ifstream in(dir + "/p.json");
    const nlohmann::json with = nlohmann::json::parse(in);
    const nlohmann::json without = run_json(args);

    const std::map<std::string, ProfileRow> rows = read_profile(dir + "/p.csv");
    ASSERT_TRUE(rows.count("total"));
    uint64_t instructions = 0, cycles = 0, asleep = 0;
    for (const auto& [name, row] : rows)
        if (name != "total")
            instructions += row.instructions, cycles += row.cycles, asleep += row.asleep;
    const nlohmann::json& vp = with["vp_stats"];
    EXPECT_EQ(instructions, vp["instructions"].get<uint64_t>());
    EXPECT_EQ(cycles, vp["cycles"].get<uint64_t>());
    EXPECT_EQ(asleep, vp["sleep_cycles"].get<uint64_t>());
    EXPECT_EQ(rows.at("total").instructions, instructions);
    EXPECT_EQ(rows.at("total").cycles, cycles);
    // The runtime (sw/nn) and the driver ran; the CPU sleeps only while waiting for the
    // accelerator, in the driver's wait.
    for (const char* f : {"nn_init", "nn_infer", "nn_output_argmax", "cimx_xbar_wait"})
        EXPECT_TRUE(rows.count(f) && rows.at(f).instructions > 0) << f;
    EXPECT_GT(asleep, 0u);
    EXPECT_EQ(rows.at("cimx_xbar_wait").asleep, asleep);

    EXPECT_EQ(with["predictions"], without["predictions"]);
    EXPECT_EQ(vp["cycles"], without["vp_stats"]["cycles"]);
    EXPECT_EQ(vp["instructions"], without["vp_stats"]["instructions"]);
}

} // namespace
} // namespace cimxtest
