// A sweep's output directory and its crash-safe protocol (docs/sweep.md, "Resume"):
//   manifest.json   what sweep this is (the expanded sweep file) and which shard; written first
//   sweep.cfg       a copy of the sweep file, for people and the report
//   rows/pP-cC.json one finished row (point P, chip C): the sweep's fields and the run's record;
//                   written to a temporary name, fsync'ed, renamed: present = finished, complete
//   logs/pP-cC.log  what the row's cimx run printed
//   results.csv, summary.csv, results.jsonl: rebuilt from rows/ (never appended to), so a row
//                   can never be in them twice or half
// A lock file keeps two sweeps out of one directory.
#pragma once

#include "cimx/sweep/sweep_results.h"
#include "cimx/sweep/sweep_spec.h"

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cimx {

// The I-th of N disjoint parts of the points: point p belongs to shard p mod N + 1, so every
// shard gets a share of each region of the grid.
struct Shard {
    int64_t index = 1, count = 1;
    bool contains(int64_t point) const { return point % count == index - 1; }
    std::string str() const { return std::to_string(index) + "/" + std::to_string(count); }
};
Shard parse_shard(const std::string& text); // "I/N", 1 <= I <= N; throws SweepError

SweepSpec spec_from_identity(const std::string& identity, const std::string& file_name);

class SweepDir {
  public:
    // Creates DIR, or resumes it when it holds the same sweep and shard. A DIR made by another
    // sweep file (or shard) is an error unless force, which removes that sweep's files first.
    static SweepDir create_or_resume(const std::string& dir, const SweepSpec& spec, Shard shard,
                                     const std::string& sweep_text, bool force);
    // An existing sweep directory, to read (cimx plot, merge inputs).
    static SweepDir open_existing(const std::string& dir);

    const std::string& path() const { return dir_; }
    const SweepSpec& spec() const { return spec_; }
    const Shard& shard() const { return shard_; }
    std::string sweep_text() const; // DIR/sweep.cfg

    bool has_row(int64_t point, int64_t chip) const { return rows_.count({point, chip}) > 0; }
    // Rows of this shard not yet finished, in (point, chip) order.
    std::vector<std::pair<int64_t, int64_t>> missing_rows() const;
    // Rows of the whole sweep that no row file covers.
    int64_t rows_missing_overall() const;
    std::vector<RowResult> rows() const;                    // sorted by (point, chip)
    std::vector<RowResult> point_rows(int64_t point) const; // its chips, in order

    // Records a finished row durably (see above); a row is never recorded twice.
    void add_row(const RowResult& row, const nlohmann::ordered_json& record);
    // The exact bytes of another directory's row file (merge).
    void add_row_file(const std::string& content);
    std::string row_file_content(int64_t point, int64_t chip) const;
    void drop_failed_rows(); // --retry-failed

    // results.csv and summary.csv (from memory: while rows finish); results.jsonl (reads every row
    // file: at the end).
    void write_tables() const;
    void write_jsonl() const;

    std::string log_file(int64_t point, int64_t chip) const;
    std::string scratch_json(int64_t point, int64_t chip) const; // cimx run --json target

  private:
    SweepDir() = default;
    std::string row_file(int64_t point, int64_t chip) const;
    void load_rows();
    void remove_leftovers() const;
    void lock();

    std::string dir_;
    SweepSpec spec_;
    Shard shard_;
    std::map<std::pair<int64_t, int64_t>, RowResult> rows_;
    std::shared_ptr<int> lock_fd_;
};

} // namespace cimx
