// The compile cache of cimx run (~/.cache/cimx, $XDG_CACHE_HOME/cimx or --cache DIR): one
// directory per build, named by a key over everything that shapes the firmware ELF: the model
// bytes, the config file's bytes, with `--adc-calibration profile` the calibration images'
// bytes, every cimc argument (forwarded options included) and `cimc --build-id` (cimc itself,
// the cross compiler and its C library, the runtime sources).
//
// Entries are written atomically: cimc builds into a fresh temporary directory inside the
// cache, a manifest (key, ELF size and hash) is written last, and the directory is renamed
// to its key. A lookup counts an entry only if its manifest matches the ELF next to it, so a
// half-written or damaged entry is rebuilt and replaced; concurrent runs of one key each
// build and the first rename wins. Temporary directories of killed runs are removed a day
// later.
#pragma once

#include <string>
#include <vector>

namespace cimx {

struct FirmwareBuild {
    std::vector<std::string> cimc_argv; // cimc and its arguments, without -o
    std::string model, config;          // files whose bytes are part of the key
    std::string calibration_data;       // the same ("" = no profiled ADC calibration)
};

struct CacheSettings {
    std::string dir; // "" = the default
    bool enabled = true;
    bool quiet = false; // no "compiling"/"cached" line on stderr
};

struct Firmware {
    std::string elf;        // WORK/firmware.elf, the copy the run uses
    std::string cached_elf; // the cache entry's ELF ("" with the cache disabled)
};

// Builds (or finds) the firmware and copies its ELF to WORK/firmware.elf (a copy, so that an
// entry replaced by another run meanwhile cannot change what this run executes). Throws
// RunError if cimc fails or the cache cannot be written.
Firmware obtain_firmware(const FirmwareBuild& build, const CacheSettings& cache,
                         const std::string& work);

std::string default_cache_dir();

} // namespace cimx
