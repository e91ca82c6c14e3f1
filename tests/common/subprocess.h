// Runs a program as a child process and captures what it prints, for tests that check
// executables (cimvp, qemu-system-riscv32) from the outside: no shell, so arguments need
// no quoting, and a timeout so a hung simulator fails the test instead of hanging ctest.
#pragma once

#include <string>
#include <vector>

namespace testutil {

struct ProcessResult {
    // The child's exit status; 128 + N when it was killed by signal N (the shell's
    // convention); 127 when the program could not be started (the reason is in err).
    int exit_code = -1;
    std::string out;        // everything the child wrote to stdout
    std::string err;        // everything the child wrote to stderr
    bool timed_out = false; // the child ran longer than the timeout and was killed
};

// Runs argv[0] (searched on PATH when it has no '/') with the arguments argv[1..], stdin
// from /dev/null, in directory cwd (the current one when empty). After timeout_s seconds the
// child's process group gets SIGKILL and timed_out is set.
ProcessResult run_process(const std::vector<std::string>& argv, double timeout_s = 60,
                          const std::string& cwd = "");

// A readable one-line description of a result, for test failure messages.
std::string describe(const ProcessResult& result);

} // namespace testutil
