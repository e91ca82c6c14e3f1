// Shared by the tests that run `cimx sweep` / `cimx plot` as a user would: a temporary
// directory per test, sweep files on the shipped bnn-mlp with few images, a compile cache per
// test, CSV/JSONL readers, and a process started in the background (to kill it).
#pragma once

#include "tests/common/subprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <sys/types.h>
#include <vector>

namespace sweeptest {

using Csv = std::vector<std::vector<std::string>>;

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);
Csv read_csv(const std::string& path); // RFC 4180 quoting
std::vector<nlohmann::json> read_jsonl(const std::string& path);
// The record without what depends on the host's speed (host_s, vp_host_s, mips).
nlohmann::json without_host_timing(nlohmann::json j);
// Index of a column by its header name; fails the test when absent.
size_t column(const Csv& csv, const std::string& name);
std::vector<std::string> files_in(const std::string& dir);

class SweepTest : public testing::Test {
  protected:
    std::string dir;
    void SetUp() override;
    void TearDown() override;
    // `cimx ARGS...`, waiting for it to end.
    testutil::ProcessResult cimx(std::vector<std::string> args, double timeout_s = 600) const;
    // A sweep file's head: model (absolute), images, chips, seed, and a [set] with the cache.
    std::string head(const std::string& model, int images, int chips, int seed) const;
    std::string sweep_file(const std::string& name, const std::string& text) const;
    // `cimx ARGS...` in the background, stdout and stderr to files; returns its pid.
    pid_t start_cimx(const std::vector<std::string>& args, const std::string& log) const;
};

} // namespace sweeptest
