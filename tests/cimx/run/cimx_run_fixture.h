// Shared by the cimx run tests: a scratch directory per test, and a compile cache shared by
// the tests that do not test the cache itself (each build takes seconds; the cache's atomic
// entries let concurrent tests share it).
#pragma once

#include "tests/common/subprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace cimxtest {

inline std::string model(const char* name) {
    return std::string(CIMVP_SOURCE_DIR "/models/") + name;
}

class CimxRun : public testing::Test {
  protected:
    std::string dir;
    void SetUp() override {
        char tmpl[] = "/tmp/cimx-run-test-XXXXXX";
        dir = mkdtemp(tmpl);
    }
    void TearDown() override { std::system(("rm -rf " + dir).c_str()); }

    // cimx run ARGS --cache CACHE, with environment assignments ("NAME=value") first.
    testutil::ProcessResult cimx(std::vector<std::string> args,
                                 const std::string& cache = CIMX_TEST_CACHE,
                                 const std::vector<std::string>& env = {}, double timeout = 300) {
        std::vector<std::string> argv = {"/usr/bin/env"};
        argv.insert(argv.end(), env.begin(), env.end());
        argv.insert(argv.end(), {CIMX_PATH, "run"});
        argv.insert(argv.end(), args.begin(), args.end());
        if (!cache.empty()) argv.insert(argv.end(), {"--cache", cache});
        return testutil::run_process(argv, timeout);
    }
    // Runs and returns the JSON record; fails the test if the run fails.
    nlohmann::json run_json(std::vector<std::string> args, const std::string& name = "run.json") {
        const std::string json = dir + "/" + name;
        args.insert(args.end(), {"--json", json});
        auto r = cimx(args);
        EXPECT_EQ(r.exit_code, 0) << testutil::describe(r);
        std::ifstream in(json);
        if (!in) return nlohmann::json::object();
        return nlohmann::json::parse(in);
    }
    void write_script(const std::string& path, const std::string& text) {
        std::ofstream(path) << text;
        std::system(("chmod +x " + path).c_str());
    }
};

// Statistics region `id` (docs/platform/stats-regions.md) of a cimx run record's vp_stats.
inline const nlohmann::json& region(const nlohmann::json& run, int id) {
    for (const auto& r : run["vp_stats"]["regions"])
        if (r["id"] == id) return r;
    static const nlohmann::json none;
    ADD_FAILURE() << "no region " << id;
    return none;
}

} // namespace cimxtest
