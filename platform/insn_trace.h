// cimvp --trace: one text line per retired instruction (docs/firmware.md, "Reading an
// instruction trace"): the cycle it started at, pc, encoding, disassembly (iss::disassemble,
// objdump's text), the register it wrote with the value, and a load's or store's address and
// value. Lines starting with '#' are comments: the column header, and the function the
// following instructions belong to whenever it changes. The window is set by a start and a
// stop point (--trace-start / --trace-stop).
#pragma once

#include "platform/function_map.h"
#include "platform/iss/rv32_observer.h"

#include <cstdint>
#include <cstdio>
#include <string>

namespace cimvp {

// Where a trace starts or stops: when the count of retired instructions reaches `count`
// (start: the instruction after the first `count`; stop: after the `count`-th), or when the
// pc first reaches `address` (start: that instruction is the first line; stop: the trace ends
// before it). Kind none: the run's start or end.
struct TracePoint {
    enum class Kind { none, count, address } kind = Kind::none;
    uint64_t count = 0;
    uint32_t address = 0;
};

class InsnTrace : public iss::InsnObserver {
  public:
    // Writes to out (not closed here).
    InsnTrace(FILE* out, const FunctionMap& functions, TracePoint start, TracePoint stop);

    void executed(const iss::ExecutedInsn& insn) override;
    // The stop point was reached: nothing more will be written.
    bool done() const { return done_; }
    uint64_t lines() const { return lines_; }

  private:
    void write(const iss::ExecutedInsn& insn);

    FILE* out_;
    const FunctionMap& functions_;
    TracePoint start_, stop_;
    bool started_ = false, done_ = false;
    size_t function_ = FunctionMap::npos - 1; // none yet: the first line names its function
    uint64_t lines_ = 0;
};

} // namespace cimvp
