// Core-local interruptor (SiFive CLINT, as in QEMU virt): msip raises the
// machine software interrupt, mtime counts at `timebase` (10 MHz default,
// like QEMU virt), and mtime >= mtimecmp raises the machine timer interrupt.
// mtime is computed from the access's local time, so it is exact under
// temporal decoupling; the timer interrupt is raised by an event at the
// exact compare time. timebase_hz (a cimvp extension at +0xC000) tells firmware
// the mtime frequency, so that it can convert ticks to seconds for any timebase.
#pragma once

#include "irq_line.h"
#include "register_device.h"

namespace cimvp {

class Clint : public RegisterDevice {
  public:
    IrqLine timer_irq, soft_irq;

    Clint(sc_core::sc_module_name name, sc_core::sc_time tick);

    uint64_t mtime(const sc_core::sc_time& now) const { return now / tick_; }
    uint64_t timebase_hz() const;

  private:
    void schedule_timer(const sc_core::sc_time& now);
    void on_timer();

    sc_core::sc_time tick_;
    uint64_t mtimecmp_ = ~0ull;
    uint32_t msip_ = 0;
    sc_core::sc_event timer_event_;
};

} // namespace cimvp
