#include "cimx/run/firmware_output.h"

#include "cimx/run/run_error.h"

#include <map>
#include <sstream>

namespace cimx {
namespace {

struct StatField {
    const char* name;
    int64_t FirmwareStats::*value;
};

// clang-format off
const StatField kStatFields[] = {
    {"images", &FirmwareStats::images},
    {"batch", &FirmwareStats::batch},
    {"timebase_hz", &FirmwareStats::timebase_hz},
    {"setup_ns", &FirmwareStats::setup_ns},
    {"batches", &FirmwareStats::batches},
    {"inference_ns", &FirmwareStats::inference_ns},
    {"inference_cycles", &FirmwareStats::inference_cycles},
    {"latency_images", &FirmwareStats::latency_images},
    {"latency_total_ns", &FirmwareStats::latency_total_ns},
    {"latency_min_ns", &FirmwareStats::latency_min_ns},
    {"latency_max_ns", &FirmwareStats::latency_max_ns},
    {"xbar_programs", &FirmwareStats::xbar_programs},
    {"xbar_mvm_commands", &FirmwareStats::xbar_mvm_commands},
    {"xbar_mvms", &FirmwareStats::xbar_mvms},
    {"xbar_busy_ns", &FirmwareStats::xbar_busy_ns},
    {"xbar_energy_fj", &FirmwareStats::xbar_energy_fj},
};
// clang-format on

// "<word> <integer> [<integer>]" and nothing else: the integers, or false.
bool read_integers(std::istringstream& l, int64_t& a, int64_t* b) {
    if (!(l >> a)) return false;
    if (b && !(l >> *b)) return false;
    std::string rest;
    return !(l >> rest);
}

} // namespace

std::vector<std::pair<std::string, int64_t>> firmware_stats_fields(const FirmwareStats& s) {
    std::vector<std::pair<std::string, int64_t>> v;
    for (const StatField& f : kStatFields) v.emplace_back(f.name, s.*f.value);
    return v;
}

FirmwareOutput parse_firmware_output(const std::string& out, int64_t first, int64_t n,
                                     const std::string& who, bool with_stats) {
    FirmwareOutput f;
    std::map<std::string, int64_t> stats;
    std::istringstream lines(out);
    std::string line, word;
    for (int line_no = 1; std::getline(lines, line); ++line_no) {
        std::istringstream l(line);
        word.clear();
        l >> word;
        const std::string where = who + " output line " + std::to_string(line_no) + ": ";
        if (word == "pred") {
            int64_t index = -1, cls = -1;
            if (!read_integers(l, index, &cls) || cls < 0 || cls > 65535)
                throw RunError(where + "malformed prediction '" + line + "'");
            if (index != first + int64_t(f.predictions.size()))
                throw RunError(where + "prediction for image " + std::to_string(index) +
                               ", expected " +
                               std::to_string(first + int64_t(f.predictions.size())));
            f.predictions.push_back(int(cls));
        } else if (word == "stat") {
            std::string name;
            int64_t v = 0;
            if (!(l >> name) || !read_integers(l, v, nullptr))
                throw RunError(where + "malformed statistic '" + line + "'");
            if (!stats.emplace(name, v).second)
                throw RunError(where + "statistic '" + name + "' given twice");
        } else if (word == "layer") {
            int64_t tag = 0;
            std::string name, rest;
            if (!(l >> tag >> name) || (l >> rest) || tag != int64_t(f.layer_names.size()) + 1)
                throw RunError(where + "malformed layer line '" + line + "'");
            f.layer_names.push_back(name);
        } else if (!word.empty()) {
            throw RunError(where + "unexpected line '" + line + "'");
        }
    }
    if (int64_t(f.predictions.size()) != n)
        throw RunError(who + ": " + std::to_string(f.predictions.size()) + " predictions for " +
                       std::to_string(n) + " images");
    if (!with_stats) return f;
    for (const StatField& s : kStatFields) {
        auto it = stats.find(s.name);
        if (it == stats.end())
            throw RunError(who + " output has no 'stat " + std::string(s.name) + "' line");
        f.stats.*s.value = it->second;
    }
    if (f.stats.images != n)
        throw RunError(who + ": 'stat images' is " + std::to_string(f.stats.images) + ", not " +
                       std::to_string(n));
    return f;
}

} // namespace cimx
