#include "cimx/sweep/results_csv_reader.h"

#include <algorithm>
#include <set>
#include <utility>

namespace cimx {
namespace {

// The record fields, in results.csv's column order after the axes.
nlohmann::json RowResult::*const number_columns[] = {
    &RowResult::images,    &RowResult::top1,           &RowResult::baseline_top1,
    &RowResult::latency_s, &RowResult::throughput_ips, &RowResult::energy_j,
    &RowResult::host_s};

struct CsvRecord {
    std::vector<std::string> fields;
    size_t line = 0; // 1-based line the record starts on
};

std::vector<CsvRecord> parse_records(const std::string& text, const std::string& path) {
    std::vector<CsvRecord> out;
    CsvRecord rec;
    std::string field;
    size_t line = 1, quote_line = 0;
    bool quoted = false, at_start = true;
    rec.line = 1;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"', ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line;
                field += c;
            }
        } else if (c == '"' && field.empty()) {
            quoted = true, quote_line = line, at_start = false;
        } else if (c == ',') {
            rec.fields.push_back(std::move(field)), field.clear(), at_start = false;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            if (!at_start || !field.empty()) {
                rec.fields.push_back(std::move(field));
                out.push_back(std::move(rec));
            }
            field.clear(), rec = CsvRecord{}, at_start = true;
            rec.line = ++line;
        } else {
            field += c, at_start = false;
        }
    }
    if (quoted)
        throw SweepError(path + ":" + std::to_string(quote_line) + ": unterminated quoted field");
    if (!at_start || !field.empty()) {
        rec.fields.push_back(std::move(field));
        out.push_back(std::move(rec));
    }
    return out;
}

int64_t parse_index(const std::string& s, const std::string& where) {
    size_t used = 0;
    long long v = -1;
    try {
        v = std::stoll(s, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != s.size() || s.empty() || v < 0)
        throw SweepError(where + "'" + s + "' is not a non-negative integer");
    return v;
}

// A number column: empty = absent (null), otherwise the JSON number it was written from.
nlohmann::json parse_number(const std::string& s, const std::string& where) {
    if (s.empty()) return nullptr;
    nlohmann::json v = nlohmann::json::parse(s, nullptr, false);
    if (v.is_discarded() || !v.is_number()) throw SweepError(where + "'" + s + "' is not a number");
    return v;
}

} // namespace

std::vector<std::vector<std::string>> parse_csv(const std::string& text, const std::string& path) {
    std::vector<std::vector<std::string>> out;
    for (CsvRecord& r : parse_records(text, path)) out.push_back(std::move(r.fields));
    return out;
}

std::vector<RowResult> rows_from_results_csv(const SweepSpec& spec, const std::string& text,
                                             const std::string& path) {
    const std::vector<CsvRecord> recs = parse_records(text, path);
    const std::string header = results_csv(spec, {});
    const std::vector<CsvRecord> want = parse_records(header, path);
    if (recs.empty() || recs[0].fields != want.at(0).fields)
        throw SweepError(path + ":1: not the results.csv header of this sweep (expected '" +
                         header.substr(0, header.size() - 1) + "')");
    const size_t axes = spec.axes.size(), columns = want[0].fields.size();
    std::vector<RowResult> rows;
    std::set<std::pair<int64_t, int64_t>> seen;
    for (size_t k = 1; k < recs.size(); ++k) {
        const std::vector<std::string>& f = recs[k].fields;
        const std::string where = path + ":" + std::to_string(recs[k].line) + ": ";
        if (f.size() != columns)
            throw SweepError(where + std::to_string(f.size()) + " fields, expected " +
                             std::to_string(columns));
        RowResult r;
        r.point = parse_index(f[0], where + "point ");
        r.chip = parse_index(f[1], where + "chip ");
        r.seed = uint64_t(parse_index(f[2], where + "seed "));
        if (r.point >= spec.points() || r.chip >= spec.chips)
            throw SweepError(where + "point " + f[0] + ", chip " + f[1] +
                             " is not part of this sweep");
        if (!seen.insert({r.point, r.chip}).second)
            throw SweepError(where + "point " + f[0] + ", chip " + f[1] + " appears twice");
        const std::vector<std::string> values = spec.point_values(r.point);
        for (size_t a = 0; a < axes; ++a)
            if (f[3 + a] != values[a])
                throw SweepError(where + spec.axes[a].key + " = '" + f[3 + a] + "', but point " +
                                 f[0] + " has '" + values[a] + "'");
        size_t c = 3 + axes;
        for (auto member : number_columns) {
            r.*member = parse_number(f[c], where + want[0].fields[c] + " ");
            ++c;
        }
        if (f[c] != "ok" && f[c] != "failed")
            throw SweepError(where + "status '" + f[c] + "' is neither ok nor failed");
        r.ok = f[c] == "ok";
        r.error = f[c + 1];
        rows.push_back(std::move(r));
    }
    std::sort(rows.begin(), rows.end(), [](const RowResult& a, const RowResult& b) {
        return std::make_pair(a.point, a.chip) < std::make_pair(b.point, b.chip);
    });
    return rows;
}

} // namespace cimx
