// A Value Change Dump (IEEE 1364 VCD) of simulated time, for `cimvp --vcd FILE`
// (docs/platform/waveforms-and-triggers.md); GTKWave opens it.
//
// Devices record changes at the simulated time they happen, which need not be
// in order: a temporally decoupled CPU runs ahead of SystemC time, and the
// accelerator schedules a command's busy intervals when the command starts.
// So the writer keeps the changes and writes the file, sorted, in finish().
// Two kinds of record:
//  * set(signal, t, value): the signal holds `value` from t on;
//  * interval(signal, t0, t1, value): `value` during [t0, t1), 0 after; at a
//    time where one interval ends and another begins, the beginning wins, so
//    back-to-back intervals booked in any order show as one.
// Times are in picoseconds (the VCD's timescale, SystemC's default resolution).
// Devices without a writer record nothing (a null pointer test).
#pragma once

#include <systemc>

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace cimvp {

struct VcdError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A SystemC time in the VCD's unit (exact: the resolution is a whole number of ps).
inline uint64_t vcd_ps(const sc_core::sc_time& t) {
    static const uint64_t ps_per_unit =
        static_cast<uint64_t>(sc_core::sc_get_time_resolution().to_seconds() * 1e12 + 0.5);
    return t.value() * ps_per_unit;
}

class VcdWriter {
  public:
    using Signal = uint32_t;

    // Opens `path` for writing now, so a bad path is an error before the run:
    // throws VcdError("cannot write PATH: reason").
    explicit VcdWriter(const std::string& path);
    ~VcdWriter();
    VcdWriter(const VcdWriter&) = delete;
    VcdWriter& operator=(const VcdWriter&) = delete;

    // Declares a signal of `width` bits (1..64) in a scope such as "cimvp.cpu"
    // (dots nest scopes). Its value is 0 until set.
    Signal add(const std::string& scope, const std::string& name, unsigned width);
    void set(Signal s, uint64_t time_ps, uint64_t value);
    void interval(Signal s, uint64_t start_ps, uint64_t end_ps, uint64_t value);

    // Writes the header and every change up to `end_ps` (the end of the run)
    // and closes the file; later calls do nothing. Throws VcdError on a write error.
    void finish(uint64_t end_ps);
    size_t changes() const { return changes_.size(); }

  private:
    struct Var {
        std::string scope, name, id;
        unsigned width;
    };
    struct Change {
        uint64_t time;
        uint64_t seq; // order of recording among equal times; interval ends sort first
        Signal signal;
        uint64_t value;
    };
    void write_header();
    void write_value(const Var& v, uint64_t value);

    std::string path_;
    FILE* file_ = nullptr;
    std::vector<Var> vars_;
    std::vector<Change> changes_;
    uint64_t seq_ = 0;
};

} // namespace cimvp
