// Builds OUTDIR/firmware.elf from the generated model_data.c, the sw/nn runtime, its VP
// backend and firmware main, and the sw/ crossbar driver, with the cross compiler and the
// project's firmware flags and memory layout (cmake/firmware.cmake, docs/firmware.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cimc {

struct Toolchain {
    std::string gcc;        // riscv64-unknown-elf-gcc
    std::string source_dir; // the project's source tree (sw/, platform/, ip/tlm/)
    uint64_t ram_base = 0x80000000, ram_size = 0x08000000, text_size = 0x01000000,
             stack_size = 0x10000;
};

// The defaults this cimc was built with, overridden by $CIMC_RISCV_GCC / $CIMC_SOURCE_DIR.
Toolchain default_toolchain();

// The compiler command line (for the build log and tests).
std::vector<std::string> firmware_command(const Toolchain& tc, const std::string& outdir);
// Runs it; output goes to OUTDIR/build.log. Throws CompileError with the first error line.
void build_firmware(const Toolchain& tc, const std::string& outdir);

} // namespace cimc
