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
    FILE* out_;
    uint8_t ier_ = 0, lcr_ = 0, mcr_ = 0, scr_ = 0, dll_ = 0, dlm_ = 0;
};

} // namespace cimvp
