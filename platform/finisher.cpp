#include "platform/finisher.h"

#include "platform/memory_map.h"

namespace cimvp {

Finisher::Finisher(sc_core::sc_module_name name) : RegisterDevice(name, sc_core::SC_ZERO_TIME) {
    reg(
        "finisher", 0, 4, [](const sc_core::sc_time&) -> uint64_t { return 0; },
        [this](uint64_t v, const sc_core::sc_time&) {
            uint32_t status = v & 0xffff, code = (v >> 16) & 0xffff;
            if (!on_exit) return;
            if (status == CIMVP_FINISHER_PASS || status == CIMVP_FINISHER_RESET)
                on_exit(0);
            else if (status == CIMVP_FINISHER_FAIL)
                on_exit(static_cast<int>(code));
        });
}

} // namespace cimvp
