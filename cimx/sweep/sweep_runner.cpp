#include "cimx/sweep/sweep_runner.h"

#include "cimx/sweep/atomic_file.h"
#include "cimx/sweep/child_process.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <deque>
#include <filesystem>
#include <map>
#include <sstream>
#include <sys/wait.h>

namespace cimx {
namespace {

using ojson = nlohmann::ordered_json;

volatile std::sig_atomic_t stop_signal = 0;

void on_signal(int sig) { stop_signal = sig; }

// Catches the stop signals for the sweep's lifetime and restores what was there.
class StopSignals {
  public:
    StopSignals() {
        stop_signal = 0;
        struct sigaction sa {};
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = 0; // no SA_RESTART: the wait for children returns early
        for (int i = 0; i < 3; ++i) sigaction(signals[i], &sa, &old_[i]);
    }
    ~StopSignals() {
        for (int i = 0; i < 3; ++i) sigaction(signals[i], &old_[i], nullptr);
    }

  private:
    static constexpr int signals[3] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction old_[3];
};

// The error lines of a failed run's log (the tools' own first, cimx run's last), or how it ended.
std::string failure_reason(const std::string& log, int exit_code) {
    std::string reason, text;
    try {
        text = read_whole_file(log);
    } catch (const std::runtime_error&) {
    }
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.find("error:") != std::string::npos && reason.find(line) == std::string::npos)
            reason += (reason.empty() ? "" : "; ") + line;
    if (!reason.empty()) return reason;
    if (exit_code > 128) return "cimx run killed by signal " + std::to_string(exit_code - 128);
    return "cimx run exited with code " + std::to_string(exit_code);
}

struct Running {
    int64_t point, chip;
};

RowResult finished_row(const SweepDir& dir, const Running& job, int exit_code, ojson& record) {
    RowResult row;
    row.point = job.point, row.chip = job.chip;
    row.seed = dir.spec().chip_seed(job.chip);
    const std::string json = dir.scratch_json(job.point, job.chip);
    record = nullptr;
    if (exit_code == 0) {
        try {
            record = ojson::parse(read_whole_file(json));
            if (!record.is_object()) throw std::runtime_error("not a JSON object");
            row = row_from_file_json(row_file_json(row, dir.spec(), record));
            row.ok = true;
        } catch (const std::exception& e) {
            record = nullptr;
            row.ok = false;
            row.error = "cimx run wrote no readable JSON record: " + std::string(e.what());
        }
    } else {
        row.error = failure_reason(dir.log_file(job.point, job.chip), exit_code);
    }
    std::filesystem::remove(json);
    return row;
}

} // namespace

std::vector<std::string> row_command(const SweepSpec& spec, const std::string& cimx, int64_t point,
                                     int64_t chip, const std::string& json) {
    std::vector<std::string> argv = {cimx,
                                     "run",
                                     spec.model,
                                     "--images",
                                     std::to_string(spec.images),
                                     "--seed",
                                     std::to_string(spec.chip_seed(chip))};
    for (const std::string& o : spec.point_options(point)) argv.push_back(o);
    argv.insert(argv.end(), {"--json", json, "--quiet"});
    return argv;
}

int run_missing_rows(SweepDir& dir, const std::string& cimx, int jobs, Progress& progress) {
    StopSignals signals;
    std::filesystem::create_directories(dir.path() + "/scratch");
    std::deque<std::pair<int64_t, int64_t>> todo;
    for (const auto& r : dir.missing_rows()) todo.push_back(r);
    std::map<pid_t, Running> running;
    auto tables_written = std::chrono::steady_clock::now();
    while ((!todo.empty() || !running.empty()) && !stop_signal) {
        while (!todo.empty() && int(running.size()) < jobs) {
            const auto [point, chip] = todo.front();
            todo.pop_front();
            const pid_t pid = spawn_logged(
                row_command(dir.spec(), cimx, point, chip, dir.scratch_json(point, chip)),
                dir.log_file(point, chip));
            running[pid] = {point, chip};
        }
        int code = 0;
        const pid_t pid = wait_child(0.5, code);
        if (stop_signal) break;
        if (pid > 0 && running.count(pid)) {
            const Running job = running[pid];
            running.erase(pid);
            ojson record;
            const RowResult row = finished_row(dir, job, code, record);
            dir.add_row(row, record);
            // The tables are for looking at a sweep in progress; rebuilding them costs time
            // in proportion to the rows, so not more than every two seconds (and at the end).
            if (std::chrono::steady_clock::now() - tables_written > std::chrono::seconds(2)) {
                dir.write_tables();
                tables_written = std::chrono::steady_clock::now();
            }
            progress.row_done(dir, row);
        }
        progress.tick();
    }
    if (!stop_signal) return 0;
    for (const auto& [pid, job] : running) stop_child(pid);
    for (const auto& [pid, job] : running) {
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        std::filesystem::remove(dir.scratch_json(job.point, job.chip));
    }
    return 128 + int(stop_signal);
}

} // namespace cimx
