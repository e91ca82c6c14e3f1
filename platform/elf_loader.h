// Reads a 32-bit little-endian RISC-V ELF executable: its loadable segments,
// entry point and symbols. Plain C++ so tests and tools can use it without
// SystemC. Every problem is reported as an ElfError whose message names the
// file and what is wrong with it.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace cimvp {

struct ElfError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct ElfSegment {
    uint32_t paddr = 0;        // load address
    uint32_t mem_size = 0;     // bytes in memory (>= data.size(); the rest is zero)
    std::vector<uint8_t> data; // file contents
};

// A function of .symtab (an STT_FUNC symbol, or a global label without a type in an
// executable section): its code is [address, address + size); size 0 if not known.
struct ElfFunction {
    std::string name;
    uint32_t address = 0, size = 0;
};

struct ElfImage {
    uint32_t entry = 0;
    std::vector<ElfSegment> segments;
    std::map<std::string, uint32_t> symbols; // name -> value, from .symtab
    std::vector<ElfFunction> functions;      // its functions, in symbol table order
};

ElfImage load_elf(const std::string& path);

} // namespace cimvp
