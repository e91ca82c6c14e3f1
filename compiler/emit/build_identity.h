// What, besides the model and cimc's options, shapes the firmware ELF cimc builds: cimc itself,
// the cross compiler and its C library, and the runtime sources. `cimc --build-id` prints a
// digest of it all, which cimx run's compile cache puts into its key (cimx/run/firmware_cache.h),
// so that a cached ELF is never reused after any of them changed.
#pragma once

#include "compiler/emit/build_firmware.h"

#include <cstdint>
#include <string>

namespace cimc {

// 64-bit FNV-1a, continuing from `h`.
uint64_t fnv1a64(const void* data, size_t size, uint64_t h = 14695981039346656037ull);
inline uint64_t fnv1a64(const std::string& s, uint64_t h = 14695981039346656037ull) {
    return fnv1a64(s.data(), s.size(), h);
}

// A hex digest of: this executable's bytes; the cross compiler's resolved path, `--version`
// and its predefined macros with picolibc's <picolibc.h> (compiler and C library version and
// configuration); the path and bytes of every file under SOURCE/sw and of the headers in
// SOURCE/platform and SOURCE/ip/tlm (the firmware's include directories).
std::string build_identity(const Toolchain& tc);

} // namespace cimc
