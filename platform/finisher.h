// SiFive test finisher ("sifive_test" in QEMU virt): a 32-bit write of
// 0x5555 ends the run with exit code 0, (code << 16) | 0x3333 with `code`,
// 0x7777 (reset) ends it with code 0 as well (the VP has no reset loop).
#pragma once

#include "platform/tlm_base/register_device.h"

#include <functional>

namespace cimvp {

class Finisher : public RegisterDevice {
  public:
    std::function<void(int)> on_exit;
    Finisher(sc_core::sc_module_name name);

  private:
    void write(uint64_t value);

    Register finisher_{*this, "finisher", 0, 4, Access::WO};
};

} // namespace cimvp
