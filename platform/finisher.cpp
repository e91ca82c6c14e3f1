#include "platform/finisher.h"

#include "platform/memory_map.h"

namespace cimvp {

Finisher::Finisher(sc_core::sc_module_name name) : RegisterDevice(name, sc_core::SC_ZERO_TIME) {
    finisher_.on_write(&Finisher::write);
}

void Finisher::write(uint64_t value) {
    const uint32_t status = value & 0xffff, code = (value >> 16) & 0xffff;
    if (!on_exit) return;
    if (status == CIMVP_FINISHER_PASS || status == CIMVP_FINISHER_RESET)
        on_exit(0);
    else if (status == CIMVP_FINISHER_FAIL)
        on_exit(static_cast<int>(code));
}

} // namespace cimvp
