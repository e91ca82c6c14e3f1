#include "cimx/sweep/progress.h"

#include <cmath>

namespace cimx {

std::string format_duration(double seconds) {
    const long long s = std::llround(std::max(0.0, seconds));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    return buf;
}

Progress::Progress(const SweepDir& dir, bool tty, std::FILE* out) : out_(out), tty_(tty) {
    for (int64_t p = 0; p < dir.spec().points(); ++p)
        if (dir.shard().contains(p)) ++points_total_, points_done_ += point_done(dir, p);
    for (const RowResult& r : dir.rows())
        if (!r.ok && dir.shard().contains(r.point)) failed_points_.insert(r.point);
    rows_left_ = int64_t(dir.missing_rows().size());
    draw();
}

bool Progress::point_done(const SweepDir& dir, int64_t point) const {
    for (int64_t c = 0; c < dir.spec().chips; ++c)
        if (!dir.has_row(point, c)) return false;
    return true;
}

std::string Progress::status() const {
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::string left = "?";
    if (rows_left_ == 0)
        left = "0:00:00";
    else if (rows_this_run_ > 0)
        left = "~" + format_duration(elapsed / double(rows_this_run_) * double(rows_left_));
    return std::to_string(points_done_) + "/" + std::to_string(points_total_) + " points, " +
           std::to_string(failed_points_.size()) + " failed, elapsed " + format_duration(elapsed) +
           ", left " + left;
}

void Progress::draw() {
    if (tty_) std::fprintf(out_, "\r\033[Kcimx sweep: %s", status().c_str());
    std::fflush(out_);
    drawn_ = std::chrono::steady_clock::now();
}

void Progress::row_done(const SweepDir& dir, const RowResult& row) {
    --rows_left_, ++rows_this_run_;
    if (!row.ok) failed_points_.insert(row.point);
    if (!point_done(dir, row.point)) return tick();
    ++points_done_;
    if (tty_) return draw();
    std::string what;
    const std::vector<std::string> values = dir.spec().point_values(row.point);
    for (size_t i = 0; i < values.size(); ++i)
        what += (i ? " " : "") + dir.spec().axes[i].key + "=" + values[i];
    const std::vector<RowResult> chips = dir.point_rows(row.point);
    const PointSummary s = summarize(chips).at(0);
    char result[160];
    if (s.top1_mean)
        std::snprintf(result, sizeof result, "top1 %.4f (%lld of %lld chips ok)", *s.top1_mean,
                      static_cast<long long>(s.chips_ok), static_cast<long long>(chips.size()));
    else
        std::snprintf(result, sizeof result, "failed");
    std::fprintf(out_, "cimx sweep: point %lld (%s): %s; %s\n", static_cast<long long>(row.point),
                 what.c_str(), result, status().c_str());
    std::fflush(out_);
}

void Progress::tick() {
    if (tty_ && std::chrono::steady_clock::now() - drawn_ > std::chrono::milliseconds(500)) draw();
}

void Progress::finish() {
    if (tty_) {
        draw();
        std::fprintf(out_, "\n");
    } else {
        std::fprintf(out_, "cimx sweep: %s\n", status().c_str());
    }
    std::fflush(out_);
}

} // namespace cimx
