// The gdb::Target of `cimvp --gdb`: registers and CSRs of the ISS core,
// memory through the CPU's debug port (so device registers are reached too),
// breakpoints in the core.
#pragma once

#include "platform/cpu.h"
#include "platform/gdb_session.h"

#include <string>

namespace cimvp {

class CpuTarget : public gdb::Target {
  public:
    explicit CpuTarget(Cpu& cpu);

    bool read_register(unsigned regno, uint32_t& value) override;
    bool write_register(unsigned regno, uint32_t value) override;
    size_t read_memory(uint32_t addr, uint8_t* data, size_t len) override;
    bool write_memory(uint32_t addr, const uint8_t* data, size_t len) override;
    void set_breakpoint(uint32_t addr, bool on) override;
    bool set_watchpoint(unsigned kinds, uint32_t addr, uint32_t len, bool on) override;
    std::string target_xml() override;

  private:
    Cpu& cpu_;
    const std::string xml_;
};

} // namespace cimvp
