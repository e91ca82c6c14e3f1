// Checks testutil::run_process, which every executable-level test relies on: output
// capture, exit codes, signals, cwd, timeouts and programs that cannot start.
#include "tests/common/subprocess.h"

#include <chrono>
#include <gtest/gtest.h>

using testutil::run_process;

TEST(RunProcess, CapturesStdoutAndStderrSeparately) {
    auto result = run_process({"sh", "-c", "printf out; printf err >&2"});
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_EQ(result.out, "out");
    EXPECT_EQ(result.err, "err");
    EXPECT_FALSE(result.timed_out);
}

TEST(RunProcess, PassesArgumentsWithoutShellInterpretation) {
    auto result = run_process({"printf", "%s|", "two words", "$HOME", "*"});
    EXPECT_EQ(result.out, "two words|$HOME|*|");
}

TEST(RunProcess, ReportsExitCode) {
    EXPECT_EQ(run_process({"sh", "-c", "exit 42"}).exit_code, 42);
    EXPECT_EQ(run_process({"sh", "-c", "exit 255"}).exit_code, 255);
}

TEST(RunProcess, ReportsDeathBySignalAs128PlusSignal) {
    EXPECT_EQ(run_process({"sh", "-c", "kill -TERM $$"}).exit_code, 128 + 15);
}

TEST(RunProcess, RunsInGivenDirectory) {
    auto result = run_process({"pwd"}, 10, "/tmp");
    EXPECT_EQ(result.out, "/tmp\n");
}

TEST(RunProcess, KillsChildAfterTimeout) {
    const auto start = std::chrono::steady_clock::now();
    auto result = run_process({"sleep", "30"}, 0.3);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_TRUE(result.timed_out);
    EXPECT_EQ(result.exit_code, 128 + 9);
    EXPECT_LT(seconds, 5.0);
}

TEST(RunProcess, KillsGrandchildrenHoldingThePipesAfterTimeout) {
    auto result = run_process({"sh", "-c", "sleep 30 & sleep 30"}, 0.3);
    EXPECT_TRUE(result.timed_out);
}

TEST(RunProcess, CapturesLargeOutputFromBothStreams) {
    auto result =
        run_process({"sh", "-c", "head -c 300000 /dev/zero; head -c 200000 /dev/zero >&2"});
    EXPECT_EQ(result.out.size(), 300000u);
    EXPECT_EQ(result.err.size(), 200000u);
}

TEST(RunProcess, ReportsProgramThatCannotStart) {
    auto result = run_process({"/nonexistent/program"});
    EXPECT_EQ(result.exit_code, 127);
    EXPECT_NE(result.err.find("cannot start /nonexistent/program"), std::string::npos);
}

TEST(RunProcess, ReportsMissingWorkingDirectory) {
    auto result = run_process({"true"}, 10, "/nonexistent/dir");
    EXPECT_EQ(result.exit_code, 127);
}
