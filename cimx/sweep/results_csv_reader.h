// Reads the rows back from a sweep's results.csv (the inverse of results_csv), so that a
// directory holding only manifest.json, sweep.cfg and results.csv (e.g. results committed to a
// repository without the bulky rows/ and results.jsonl) can be plotted by `cimx plot`.
#pragma once

#include "cimx/sweep/sweep_results.h"
#include "cimx/sweep/sweep_spec.h"

#include <string>
#include <vector>

namespace cimx {

// The records of an RFC 4180 CSV text (quoted fields may hold commas, quotes and line breaks);
// throws SweepError naming `path` and the line of an unterminated quote.
std::vector<std::vector<std::string>> parse_csv(const std::string& text, const std::string& path);

// The rows of `text` (the content of results.csv, written by results_csv for `spec`), sorted by
// (point, chip). Throws SweepError, naming `path` and the line, when the header is not the one
// results_csv writes for this sweep, a row has the wrong number of fields, a point or chip
// outside the sweep, axis values other than its point's, a row given twice, or a number that
// does not parse.
std::vector<RowResult> rows_from_results_csv(const SweepSpec& spec, const std::string& text,
                                             const std::string& path);

} // namespace cimx
