// ns16550a UART subset, as QEMU virt has it (registers one byte apart):
// THR writes go to the host's stdout; LSR always reports the transmitter
// empty; there is no receive path (RBR reads 0, LSR.DR stays 0). The other
// registers (IER, FCR/IIR, LCR, MCR, MSR, SCR, divisor latch) hold what is
// written so that standard init code runs unchanged.
#pragma once

#include "platform/tlm_base/register_device.h"

#include <cstdio>

namespace cimvp {

class Uart : public RegisterDevice {
  public:
    Uart(sc_core::sc_module_name name, FILE* out);
    void set_output(FILE* out) { out_ = out; }

  private:
    static constexpr uint8_t kLcrDlab = 0x80;                  // divisor latch access bit
    static constexpr uint8_t kLsrThre = 0x20, kLsrTemt = 0x40; // transmitter empty
    static constexpr uint8_t kIirNoInterrupt = 0x01;

    bool dlab() const { return lcr_ & kLcrDlab; }
    uint64_t read_rbr_dll() const { return dlab() ? dll_ : 0; }
    void write_thr_dll(uint64_t value);
    uint64_t read_ier_dlm() const { return dlab() ? dlm_ : ier_; }
    void write_ier_dlm(uint64_t value) { (dlab() ? dlm_ : ier_) = static_cast<uint8_t>(value); }

    FILE* out_;
    uint8_t ier_ = 0, dll_ = 0, dlm_ = 0; // behind the registers the DLAB bit switches
    // The divisor latch access bit of LCR switches offsets 0 and 1 to the divisor latch.
    Register rbr_thr_dll_{*this, "rbr_thr_dll", 0, 1, Access::RW};
    Register ier_dlm_{*this, "ier_dlm", 1, 1, Access::RW};
    Register iir_fcr_{*this, "iir_fcr", 2, 1, Access::RO, kIirNoInterrupt}; // FCR: no FIFOs
    Register lcr_{*this, "lcr", 3, 1, Access::RW};
    Register mcr_{*this, "mcr", 4, 1, Access::RW};
    Register lsr_{*this, "lsr", 5, 1, Access::RO, kLsrThre | kLsrTemt};
    Register msr_{*this, "msr", 6, 1, Access::RO};
    Register scr_{*this, "scr", 7, 1, Access::RW};
};

} // namespace cimvp
