// A sweep file and the points it expands to. The syntax is the platform config files'
// (Boost.Program_options config syntax, vp-configs/*.cfg): `key = value` lines, `#` comments,
// `[section]` headers. Top-level keys model, images, chips, seed; `[set]` holds options fixed
// for every point, `[axes]` whitespace-separated value lists whose cartesian product (first
// axis slowest, last fastest) gives the points. Chip c of a point runs with seed + c.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace cimx {

// A problem in a sweep file; what() is "FILE:LINE: what is wrong".
struct SweepError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct SweepOption {
    std::string key, value;
    int line = 0;
};

struct SweepAxis {
    std::string key;
    std::vector<std::string> values;
    int line = 0;
};

struct SweepSpec {
    std::string file; // the sweep file as given, for messages
    std::string model;
    int64_t images = 0; // 0: the whole test set
    int64_t chips = 1;
    uint64_t seed = 1;
    std::vector<SweepOption> set;
    std::vector<SweepAxis> axes;

    int64_t points() const;
    int64_t rows() const { return points() * chips; }
    // The value of each axis at point p, in axis order.
    std::vector<std::string> point_values(int64_t p) const;
    // The options of point p as "--key=value" tokens: [set] in file order, then the axes.
    std::vector<std::string> point_options(int64_t p) const;
    uint64_t chip_seed(int64_t chip) const { return seed + uint64_t(chip); }
    // What makes two sweeps the same (comments and layout aside), as JSON text.
    std::string identity() const;
};

// The line of the file a key was read from, for messages: "FILE:LINE".
std::string where(const SweepSpec& s, int line);

// Parses and checks the structure (keys, sections, numbers, empty axes, repeats).
// Option names and values are checked against the tools separately (sweep_check.h).
SweepSpec parse_sweep(const std::string& text, const std::string& file_name);
SweepSpec read_sweep_file(const std::string& path);

// Keys the sweep sets itself or that make no sense per point (--json, --gdb, ...).
bool reserved_sweep_key(const std::string& key);

} // namespace cimx
