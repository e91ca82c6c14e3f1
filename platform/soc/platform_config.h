// Everything that configures one VP run, as parsed from the command line and
// the config file (platform/soc/options.h), with the defaults users get.
#pragma once

#include "platform/cpu.h"
#include "platform/cpu_energy.h"
#include "ip/xbar/xbar_config.h"

#include <string>
#include <vector>

namespace cimvp {

struct PlatformConfig {
    CpuConfig cpu;
    CpuEnergyParams cpu_energy;       // cpu.e_* options
    uint64_t ram_size = 128ull << 20; // bytes, like QEMU virt's default
    sc_core::sc_time quantum = sc_core::sc_time(10, sc_core::SC_US); // temporal decoupling quantum
    sc_core::sc_time mtime_tick = sc_core::sc_time(100, sc_core::SC_NS); // 10 MHz, as QEMU virt
    uint64_t seed = 1;
    xbar::XbarConfig xbar;                   // the accelerator (xbar.* options)
    uint32_t xbar_buffer_bytes = 256u << 10; // its on-chip buffer

    std::string firmware;
    std::vector<std::string> firmware_args;
    std::string stats_json; // write end-of-run statistics here ("" = no)
    std::string vcd_file;   // write a waveform here ("" = no)
    std::string log_file;   // VP messages go here instead of stderr ("" = stderr)
    bool quiet = false;     // no end-of-run statistics on the log
    int gdb_port = -1;      // --gdb: wait for gdb on this TCP port (0: any free one); -1: no
    // --trace FILE, its window (an instruction count or an ELF symbol, "" = run start/end),
    // --profile FILE (docs/firmware.md); "" = off.
    std::string trace_file, trace_start, trace_stop, profile_file;
};

} // namespace cimvp
