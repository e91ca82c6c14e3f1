#include "platform/uart.h"

namespace cimvp {

using sc_core::sc_time;

namespace {
constexpr uint8_t LCR_DLAB = 0x80;
constexpr uint8_t LSR_THRE = 0x20, LSR_TEMT = 0x40; // transmitter holding/shift registers empty
constexpr uint8_t IIR_NO_INTERRUPT = 0x01;
} // namespace

Uart::Uart(sc_core::sc_module_name name, FILE* out)
    : RegisterDevice(name, sc_core::SC_ZERO_TIME), out_(out) {
    reg(
        "rbr_thr_dll", 0, 1,
        [this](const sc_time&) -> uint64_t { return (lcr_ & LCR_DLAB) ? dll_ : 0; },
        [this](uint64_t v, const sc_time&) {
            if (lcr_ & LCR_DLAB)
                dll_ = v;
            else
                std::fputc(static_cast<int>(v & 0xff), out_);
        });
    reg(
        "ier_dlm", 1, 1,
        [this](const sc_time&) -> uint64_t { return (lcr_ & LCR_DLAB) ? dlm_ : ier_; },
        [this](uint64_t v, const sc_time&) { ((lcr_ & LCR_DLAB) ? dlm_ : ier_) = v; });
    reg(
        "iir_fcr", 2, 1, [](const sc_time&) -> uint64_t { return IIR_NO_INTERRUPT; },
        [](uint64_t, const sc_time&) {});
    reg(
        "lcr", 3, 1, [this](const sc_time&) -> uint64_t { return lcr_; },
        [this](uint64_t v, const sc_time&) { lcr_ = v; });
    reg(
        "mcr", 4, 1, [this](const sc_time&) -> uint64_t { return mcr_; },
        [this](uint64_t v, const sc_time&) { mcr_ = v; });
    reg("lsr", 5, 1, [](const sc_time&) -> uint64_t { return LSR_THRE | LSR_TEMT; });
    reg("msr", 6, 1, [](const sc_time&) -> uint64_t { return 0; });
    reg(
        "scr", 7, 1, [this](const sc_time&) -> uint64_t { return scr_; },
        [this](uint64_t v, const sc_time&) { scr_ = v; });
}

} // namespace cimvp
