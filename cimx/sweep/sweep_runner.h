// Runs a sweep's rows as `cimx run` processes, N at a time, and records each as it ends.
#pragma once

#include "cimx/sweep/progress.h"
#include "cimx/sweep/sweep_check.h"
#include "cimx/sweep/sweep_dir.h"

#include <string>
#include <vector>

namespace cimx {

// The command of one row: `cimx run MODEL --images N --seed SEED+CHIP [set] [axes] --json F -q`.
std::vector<std::string> row_command(const SweepSpec& spec, const std::string& cimx, int64_t point,
                                     int64_t chip, const std::string& json);

// Runs the rows of the shard that have no row file yet. Returns 0 when all are finished, or
// 128 + the signal when SIGINT/SIGTERM/SIGHUP stopped it (the rows that were running are
// stopped and not recorded: the next run does them).
int run_missing_rows(SweepDir& dir, const std::string& cimx, int jobs, Progress& progress);

} // namespace cimx
