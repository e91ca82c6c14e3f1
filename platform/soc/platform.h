// The virtual platform: CPU, bus, RAM and the QEMU-virt-compatible devices
// at the addresses of memory_map.h, plus the firmware loader.
#pragma once

#include "platform/clint.h"
#include "platform/cpu.h"
#include "platform/elf_loader.h"
#include "platform/finisher.h"
#include "platform/soc/platform_config.h"
#include "platform/ram.h"
#include "platform/router.h"
#include "platform/semihosting.h"
#include "platform/stats_regions.h"
#include "platform/uart.h"
#include "ip/tlm/xbar_device.h"

#include <memory>
#include <stdexcept>

namespace cimvp {

struct LoadError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Platform {
  public:
    explicit Platform(const PlatformConfig& config);

    // Copies the ELF's segments into RAM and points the CPU at its entry.
    // Throws LoadError naming the segment if one does not fit in RAM.
    void load(const ElfImage& image, const std::string& path);

    Cpu& cpu() { return cpu_; }
    Ram& ram() { return ram_; }
    Router& bus() { return bus_; }
    XbarDevice& accelerator() { return xbar_; }
    const StatsRegions& stats_regions() const { return stats_; }
    // Before the simulation starts: the CPU (sleep, interrupt lines) and the accelerator
    // record into `vcd` (docs/platform/waveforms-and-triggers.md).
    void record_to(VcdWriter& vcd) {
        cpu_.record_to(vcd);
        xbar_.record_to(vcd);
    }
    // Everything done so far (cumulative counters and energy), as the CPU sees it now.
    Activity activity();

  private:
    PlatformConfig config_;
    Router bus_;
    Cpu cpu_;
    Ram ram_;
    Clint clint_;
    Uart uart_;
    Finisher finisher_;
    XbarDevice xbar_;
    StatsRegions stats_;
    std::unique_ptr<Semihosting> semihosting_;
};

} // namespace cimvp
