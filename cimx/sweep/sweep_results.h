// One row of a sweep (a point on one chip) and the tables made from the rows: results.csv,
// summary.csv (statistics over each point's chips) and the lines of results.jsonl.
#pragma once

#include "cimx/sweep/sweep_spec.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cimx {

struct RowResult {
    int64_t point = 0, chip = 0;
    uint64_t seed = 0;
    bool ok = false;
    std::string error; // why a failed row failed
    // Fields of the run's JSON record, null when absent (failed row, or not in the record).
    nlohmann::json images, top1, baseline_top1, latency_s, throughput_ips, energy_j, host_s;
};

// The content of a row file: the sweep's own fields and the run's full record (null for a
// failed row), and back.
nlohmann::ordered_json row_file_json(const RowResult& row, const SweepSpec& spec,
                                     const nlohmann::ordered_json& record);
RowResult row_from_file_json(const nlohmann::ordered_json& j); // throws SweepError

// A row as one line of results.jsonl: the run's record with a leading "sweep" object.
std::string jsonl_line(const nlohmann::ordered_json& row_file);

struct PointSummary {
    int64_t point = 0, chips_ok = 0, chips_failed = 0;
    std::optional<double> top1_mean, top1_std, top1_min, top1_max, baseline_top1_mean,
        latency_s_mean, throughput_ips_mean, energy_j_mean;
};

// rows sorted by (point, chip); one summary per point that has at least one row. The standard
// deviation is the sample one (n - 1), absent below two chips.
std::vector<PointSummary> summarize(const std::vector<RowResult>& rows);

std::string results_csv(const SweepSpec& spec, const std::vector<RowResult>& rows);
std::string summary_csv(const SweepSpec& spec, const std::vector<PointSummary>& points);

// A CSV field (RFC 4180: quoted when it holds a comma, quote or line break).
std::string csv_field(const std::string& s);
// A number as results.csv writes it: shortest text that reads back to the same double.
std::string csv_number(const nlohmann::json& v);
std::string csv_number(const std::optional<double>& v);

} // namespace cimx
