// The ideal-crossbar baseline of cimx run (`cimc --reference` on the run's images), kept next to
// the cached firmware it belongs to. The baseline depends only on what the firmware cache key
// covers (the model, the config, every cimc argument, cimc's build id) and on the image file,
// not on the seed or any cimvp option: the chips of a sweep point, and every run of the same
// compiled firmware on the same images, share it. A point of the variability study spends about
// a third of its host time on this executor (docs/sweep.md, Speed).
//
// File: ENTRY/reference-<FNV-1a 64 of the image file>, holding "fnv1a64 <hash of the body>\n"
// and then the executor's output. Written to a temporary name and renamed, so a reader sees a
// whole file or none; a file whose hash does not match (damaged) counts as absent.
#pragma once

#include <string>

namespace cimx {

// The stored executor output for these images, or "" (none, damaged, or no cache entry).
std::string cached_reference_output(const std::string& cached_elf, const std::string& images);

// Stores the executor output; a failure to write only loses the cache, never the run.
void store_reference_output(const std::string& cached_elf, const std::string& images,
                            const std::string& output);

} // namespace cimx
