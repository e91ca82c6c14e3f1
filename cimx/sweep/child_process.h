// Child processes for the sweep: short captured runs (option checks) and the long-running
// `cimx run` of a row, started without waiting, in its own process group (so that stopping it
// stops its cimc/cimvp too) and killed when the sweep dies, even by SIGKILL.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace cimx {

struct Captured {
    int exit_code = -1; // 128 + N when killed by signal N; 127 when it could not start
    std::string output; // stdout and stderr, interleaved
};

// Runs argv to completion in directory cwd (ours when empty); stdin is /dev/null.
Captured run_captured(const std::vector<std::string>& argv, const std::string& cwd = "");

// Starts argv with stdout and stderr appended to log_path; returns its pid (its process
// group id too). Throws std::runtime_error when it cannot fork.
pid_t spawn_logged(const std::vector<std::string>& argv, const std::string& log_path);

// The exit code of a status from waitpid, as run_captured reports it.
int exit_code_of(int wait_status);

// Waits up to timeout_s for one of our children to end; returns its pid (0 on timeout) and
// sets exit_code. EINTR (a signal) returns 0 early.
pid_t wait_child(double timeout_s, int& exit_code);

// SIGTERM to the process group of a child started by spawn_logged.
void stop_child(pid_t pid);

} // namespace cimx
