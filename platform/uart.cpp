#include "platform/uart.h"

namespace cimvp {

Uart::Uart(sc_core::sc_module_name name, FILE* out)
    : RegisterDevice(name, sc_core::SC_ZERO_TIME), out_(out) {
    rbr_thr_dll_.on_read(&Uart::read_rbr_dll).on_write(&Uart::write_thr_dll);
    ier_dlm_.on_read(&Uart::read_ier_dlm).on_write(&Uart::write_ier_dlm);
}

void Uart::write_thr_dll(uint64_t value) {
    if (dlab())
        dll_ = static_cast<uint8_t>(value);
    else
        std::fputc(static_cast<int>(value & 0xff), out_);
}

} // namespace cimvp
