// The sweep's progress line on stderr: points done / total, failed, elapsed, time left. On a
// terminal one line redrawn in place; otherwise (a log, a Slurm job) one line per finished
// point, with what it measured.
#pragma once

#include "cimx/sweep/sweep_dir.h"

#include <chrono>
#include <cstdio>
#include <set>

namespace cimx {

class Progress {
  public:
    Progress(const SweepDir& dir, bool tty, std::FILE* out = stderr);
    void row_done(const SweepDir& dir, const RowResult& row);
    void tick(); // redraws the terminal line now and then
    void finish();

  private:
    std::string status() const;
    void draw();
    bool point_done(const SweepDir& dir, int64_t point) const;

    std::FILE* out_;
    bool tty_;
    int64_t points_total_ = 0, points_done_ = 0, rows_left_ = 0, rows_this_run_ = 0;
    std::set<int64_t> failed_points_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), drawn_{};
};

// "1:02:03" (hours:minutes:seconds).
std::string format_duration(double seconds);

} // namespace cimx
