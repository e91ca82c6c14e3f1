// cimvp's --trace and --profile around one run: checks the options against the ELF and
// opens the files before the run (one UsageError naming what is wrong otherwise), attaches
// itself to the core as its instruction observer, and detaches once nothing is left to see
// (the trace window closed and no profile), so the run goes on at full speed.
#pragma once

#include "platform/elf_loader.h"
#include "platform/function_map.h"
#include "platform/insn_profile.h"
#include "platform/insn_trace.h"
#include "platform/iss/rv32_core.h"
#include "platform/soc/platform_config.h"

#include <cstdio>
#include <memory>

namespace cimvp {

class InsnTools : private iss::InsnObserver {
  public:
    // Throws UsageError for an unknown symbol, a start after the stop, an unwritable file.
    InsnTools(const PlatformConfig& cfg, const ElfImage& image, iss::Core& core);
    ~InsnTools();
    InsnTools(const InsnTools&) = delete;
    InsnTools& operator=(const InsnTools&) = delete;

    // After the run: completes the profile with the run's final cycle count, prints its table
    // on log (--quiet only drops the statistics) and writes the CSV. Returns an error
    // message, "" if all went well.
    std::string finish(uint64_t end_cycles, FILE* log);

  private:
    void executed(const iss::ExecutedInsn& insn) override;

    iss::Core& core_;
    FunctionMap functions_;
    FILE* trace_file_ = nullptr;
    FILE* profile_file_ = nullptr;
    std::string trace_path_, profile_path_;
    std::unique_ptr<InsnTrace> trace_;
    std::unique_ptr<InsnProfile> profile_;
};

} // namespace cimvp
