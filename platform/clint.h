// Core-local interruptor (SiFive CLINT, as in QEMU virt): msip raises the
// machine software interrupt, mtime counts at `timebase` (10 MHz default,
// like QEMU virt), and mtime >= mtimecmp raises the machine timer interrupt.
// mtime is computed from the access's local time, so it is exact under
// temporal decoupling; the timer interrupt is raised by an event at the
// exact compare time. timebase_hz (a cimvp extension at +0xC000) tells firmware
// the mtime frequency, so that it can convert ticks to seconds for any timebase.
#pragma once

#include "platform/memory_map.h"
#include "platform/tlm_base/irq_line.h"
#include "platform/tlm_base/register_device.h"

namespace cimvp {

class Clint : public RegisterDevice {
  public:
    IrqLine timer_irq, soft_irq;

    Clint(sc_core::sc_module_name name, sc_core::sc_time tick);

    uint64_t mtime(const sc_core::sc_time& now) const { return now / tick_; }
    uint64_t timebase_hz() const;

  private:
    void write_msip(uint64_t value);
    void write_mtimecmp(uint64_t value, const sc_core::sc_time& now);
    void schedule_timer(const sc_core::sc_time& now);
    void on_timer();

    sc_core::sc_time tick_;
    sc_core::sc_event timer_event_;
    Register msip_{*this, "msip", CIMVP_CLINT_MSIP, 4, Access::RW};
    Register mtimecmp_{*this, "mtimecmp", CIMVP_CLINT_MTIMECMP, 8, Access::RW, ~0ull};
    Register mtime_{*this, "mtime", CIMVP_CLINT_MTIME, 8, Access::RO}; // simulated time
    Register timebase_hz_{*this, "timebase_hz", CIMVP_CLINT_TIMEBASE_HZ, 8, Access::RO};
};

} // namespace cimvp
