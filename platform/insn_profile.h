// cimvp --profile: retired instructions and cycles per ELF function (docs/firmware.md,
// "Profiling"). Each instruction's cycles (bus stalls included; a trapping instruction's too,
// though it does not retire) go to the function holding its pc; cycles asleep in wfi go, as
// their own column, to the function that executed the wfi. So the columns add up to the run's
// minstret and mcycle (cimvp's "instructions" and "cycles").
#pragma once

#include "platform/function_map.h"
#include "platform/iss/rv32_observer.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace cimvp {

class InsnProfile : public iss::InsnObserver {
  public:
    struct Row {
        std::string name; // "(outside every function)" for code in no function's range
        uint32_t address = 0, size = 0;
        uint64_t instructions = 0, cycles = 0, asleep = 0; // cycles: executing, asleep: in wfi
        uint64_t total() const { return cycles + asleep; }
    };

    explicit InsnProfile(const FunctionMap& functions);

    void executed(const iss::ExecutedInsn& insn) override;
    // The run ended at cycle end_cycles: a sleep after the last instruction counts too.
    void finish(uint64_t end_cycles);

    // Functions that ran, by total cycles (then instructions, then name).
    std::vector<Row> rows() const;
    Row totals() const;
    // The first max_rows rows as a table, then the rest summed, then the totals.
    void print_table(FILE* out, size_t max_rows = 25) const;
    // Every row and the totals as CSV; false if the file cannot be written.
    bool write_csv(FILE* out) const;

  private:
    const FunctionMap& functions_;
    std::vector<Row> counts_; // one per function, then the "outside" row
    size_t last_;             // index in counts_ of the previous instruction's function
    uint64_t next_cycle_ = 0; // where the previous instruction ended
};

} // namespace cimvp
