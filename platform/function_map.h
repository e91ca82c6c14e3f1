// Which ELF function a pc belongs to, for the instruction trace and the profile: the
// function symbols of the ELF's .symtab as address ranges (a symbol without a size, such as
// an assembly entry point, reaches to the next function). Code outside every range belongs
// to none (index npos). Inlined code is its caller's: it lies in the caller's range.
#pragma once

#include "platform/elf_loader.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cimvp {

class FunctionMap {
  public:
    static constexpr size_t npos = ~size_t(0);

    explicit FunctionMap(const std::vector<ElfFunction>& functions);

    // The function containing pc, or npos. Consecutive lookups in one function are cheap.
    size_t find(uint32_t pc) const;
    size_t size() const { return ranges_.size(); }
    const ElfFunction& function(size_t i) const { return ranges_[i]; }
    // "name+0x1c" (or "name" at its start), or "" outside every function.
    std::string describe(uint32_t pc) const;

  private:
    std::vector<ElfFunction> ranges_; // sorted by address, sizes filled in, no overlaps
    mutable size_t last_ = npos;
};

} // namespace cimvp
