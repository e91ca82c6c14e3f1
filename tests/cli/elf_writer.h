// Writes minimal RV32 ELF executables from instruction words, so the CLI
// tests can make exactly the broken or tiny programs they need without the
// cross toolchain: one PT_LOAD segment, optionally a symbol table.
#pragma once

#include <elf.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace testutil {

struct ElfSpec {
    uint32_t load_address = 0x80000000;
    std::vector<uint32_t> code;
    unsigned char elf_class = ELFCLASS32;
    uint16_t machine = EM_RISCV;
};

inline std::vector<uint8_t> make_elf(const ElfSpec& spec) {
    Elf32_Ehdr eh{};
    std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = spec.elf_class;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = ET_EXEC;
    eh.e_machine = spec.machine;
    eh.e_version = EV_CURRENT;
    eh.e_entry = spec.load_address;
    eh.e_phoff = sizeof(Elf32_Ehdr);
    eh.e_ehsize = sizeof(Elf32_Ehdr);
    eh.e_phentsize = sizeof(Elf32_Phdr);
    eh.e_phnum = 1;
    Elf32_Phdr ph{};
    ph.p_type = PT_LOAD;
    ph.p_offset = sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr);
    ph.p_vaddr = ph.p_paddr = spec.load_address;
    ph.p_filesz = ph.p_memsz = static_cast<uint32_t>(spec.code.size() * 4);
    ph.p_flags = PF_R | PF_X;
    std::vector<uint8_t> out(sizeof eh + sizeof ph + spec.code.size() * 4);
    std::memcpy(out.data(), &eh, sizeof eh);
    std::memcpy(out.data() + sizeof eh, &ph, sizeof ph);
    if (!spec.code.empty())
        std::memcpy(out.data() + ph.p_offset, spec.code.data(), spec.code.size() * 4);
    return out;
}

inline void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
}

} // namespace testutil
