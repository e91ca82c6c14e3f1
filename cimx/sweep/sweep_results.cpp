#include "cimx/sweep/sweep_results.h"

#include <algorithm>
#include <cmath>

namespace cimx {
namespace {

using ojson = nlohmann::ordered_json;

const char* const record_fields[] = {"images",         "top1",     "baseline_top1", "latency_s",
                                     "throughput_ips", "energy_j", "host_s"};

// The record fields of a row, in record_fields order.
nlohmann::json RowResult::*const row_fields[] = {&RowResult::images,         &RowResult::top1,
                                                 &RowResult::baseline_top1,  &RowResult::latency_s,
                                                 &RowResult::throughput_ips, &RowResult::energy_j,
                                                 &RowResult::host_s};

std::optional<double> mean_of(const std::vector<const RowResult*>& ok,
                              nlohmann::json RowResult::*member) {
    double sum = 0;
    for (const RowResult* r : ok) {
        const nlohmann::json& v = r->*member;
        if (!v.is_number()) return std::nullopt; // a mean over some chips only would mislead
        sum += v.get<double>();
    }
    if (ok.empty()) return std::nullopt;
    return sum / double(ok.size());
}

PointSummary summarize_point(int64_t point, const std::vector<const RowResult*>& rows) {
    PointSummary s;
    s.point = point;
    std::vector<const RowResult*> ok;
    for (const RowResult* r : rows)
        if (r->ok && r->top1.is_number())
            ok.push_back(r);
        else
            ++s.chips_failed;
    s.chips_ok = int64_t(ok.size());
    if (ok.empty()) return s;
    s.top1_mean = mean_of(ok, &RowResult::top1);
    double mn = 1e300, mx = -1e300, ss = 0;
    for (const RowResult* r : ok) {
        const double t = r->top1.get<double>();
        mn = std::min(mn, t), mx = std::max(mx, t), ss += (t - *s.top1_mean) * (t - *s.top1_mean);
    }
    s.top1_min = mn, s.top1_max = mx;
    if (ok.size() >= 2) s.top1_std = std::sqrt(ss / double(ok.size() - 1));
    s.baseline_top1_mean = mean_of(ok, &RowResult::baseline_top1);
    s.latency_s_mean = mean_of(ok, &RowResult::latency_s);
    s.throughput_ips_mean = mean_of(ok, &RowResult::throughput_ips);
    s.energy_j_mean = mean_of(ok, &RowResult::energy_j);
    return s;
}

std::string axis_header(const SweepSpec& spec) {
    std::string h;
    for (const SweepAxis& a : spec.axes) h += "," + csv_field(a.key);
    return h;
}

std::string axis_cells(const SweepSpec& spec, int64_t point) {
    std::string c;
    for (const std::string& v : spec.point_values(point)) c += "," + csv_field(v);
    return c;
}

} // namespace

ojson row_file_json(const RowResult& row, const SweepSpec& spec, const ojson& record) {
    ojson axes = ojson::object();
    const std::vector<std::string> values = spec.point_values(row.point);
    for (size_t i = 0; i < spec.axes.size(); ++i) axes[spec.axes[i].key] = values[i];
    return ojson{{"point", row.point},
                 {"chip", row.chip},
                 {"seed", row.seed},
                 {"axes", axes},
                 {"status", row.ok ? "ok" : "failed"},
                 {"error", row.error},
                 {"record", record}};
}

RowResult row_from_file_json(const ojson& j) {
    RowResult r;
    try {
        r.point = j.at("point").get<int64_t>();
        r.chip = j.at("chip").get<int64_t>();
        r.seed = j.at("seed").get<uint64_t>();
        r.ok = j.at("status").get<std::string>() == "ok";
        r.error = j.at("error").get<std::string>();
        const ojson& rec = j.at("record");
        if (rec.is_object())
            for (int i = 0; i < 7; ++i)
                if (rec.contains(record_fields[i]))
                    r.*row_fields[i] = nlohmann::json::parse(rec[record_fields[i]].dump());
    } catch (const nlohmann::json::exception& e) {
        throw SweepError(std::string("not a sweep row: ") + e.what());
    }
    return r;
}

std::string jsonl_line(const ojson& row_file) {
    ojson sweep = row_file;
    sweep.erase("record");
    ojson line = {{"sweep", sweep}};
    const ojson& rec = row_file.at("record");
    if (rec.is_object())
        for (const auto& [k, v] : rec.items()) line[k] = v;
    return line.dump() + "\n";
}

std::vector<PointSummary> summarize(const std::vector<RowResult>& rows) {
    std::vector<PointSummary> out;
    for (size_t i = 0; i < rows.size();) {
        std::vector<const RowResult*> point;
        size_t j = i;
        for (; j < rows.size() && rows[j].point == rows[i].point; ++j) point.push_back(&rows[j]);
        out.push_back(summarize_point(rows[i].point, point));
        i = j;
    }
    return out;
}

std::string results_csv(const SweepSpec& spec, const std::vector<RowResult>& rows) {
    std::string s = "point,chip,seed" + axis_header(spec) +
                    ",images,top1,baseline_top1,latency_s,throughput_ips,energy_j,host_s,status,"
                    "error\n";
    for (const RowResult& r : rows) {
        s += std::to_string(r.point) + "," + std::to_string(r.chip) + "," + std::to_string(r.seed) +
             axis_cells(spec, r.point);
        for (auto member : row_fields) s += "," + csv_number(r.*member);
        s += std::string(",") + (r.ok ? "ok" : "failed") + "," + csv_field(r.error) + "\n";
    }
    return s;
}

std::string summary_csv(const SweepSpec& spec, const std::vector<PointSummary>& points) {
    std::string s = "point" + axis_header(spec) +
                    ",chips,failed,top1_mean,top1_std,top1_min,top1_max,baseline_top1_mean,"
                    "latency_s_mean,throughput_ips_mean,energy_j_mean\n";
    for (const PointSummary& p : points) {
        s += std::to_string(p.point) + axis_cells(spec, p.point) + "," +
             std::to_string(p.chips_ok) + "," + std::to_string(p.chips_failed);
        for (const auto* v :
             {&p.top1_mean, &p.top1_std, &p.top1_min, &p.top1_max, &p.baseline_top1_mean,
              &p.latency_s_mean, &p.throughput_ips_mean, &p.energy_j_mean})
            s += "," + csv_number(*v);
        s += "\n";
    }
    return s;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string csv_number(const nlohmann::json& v) {
    if (!v.is_number()) return "";
    if (v.is_number_float() && !std::isfinite(v.get<double>())) return "";
    return v.dump();
}

std::string csv_number(const std::optional<double>& v) {
    return v && std::isfinite(*v) ? nlohmann::json(*v).dump() : "";
}

} // namespace cimx
