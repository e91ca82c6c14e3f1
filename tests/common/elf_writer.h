// Writes minimal RV32 ELF executables from instruction words, so the CLI
// tests can make exactly the broken or tiny programs they need without the
// cross toolchain: one PT_LOAD segment, optionally a symbol table.
#pragma once

#include <elf.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace testutil {

struct ElfSpec {
    ElfSpec(uint32_t address = 0x80000000, std::vector<uint32_t> words = {})
        : load_address(address), code(std::move(words)) {}
    uint32_t load_address;
    std::vector<uint32_t> code;
    unsigned char elf_class = ELFCLASS32;
    uint16_t machine = EM_RISCV;
    std::map<std::string, uint32_t> symbols; // written as .symtab/.strtab when not empty
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
    if (!spec.code.empty())
        std::memcpy(out.data() + ph.p_offset, spec.code.data(), spec.code.size() * 4);
    if (!spec.symbols.empty()) {
        // Sections: [0] null, [1] .symtab (link 2), [2] .strtab.
        std::string strtab(1, '\0');
        std::vector<Elf32_Sym> syms(1);
        for (const auto& [name, value] : spec.symbols) {
            Elf32_Sym sym{};
            sym.st_name = static_cast<uint32_t>(strtab.size());
            sym.st_value = value;
            sym.st_info = ELF32_ST_INFO(STB_GLOBAL, STT_NOTYPE);
            sym.st_shndx = SHN_ABS;
            syms.push_back(sym);
            strtab += name + '\0';
        }
        Elf32_Shdr sh[3]{};
        sh[1].sh_type = SHT_SYMTAB;
        sh[1].sh_offset = static_cast<uint32_t>(out.size());
        sh[1].sh_size = static_cast<uint32_t>(syms.size() * sizeof(Elf32_Sym));
        sh[1].sh_link = 2;
        sh[1].sh_entsize = sizeof(Elf32_Sym);
        out.insert(out.end(), reinterpret_cast<uint8_t*>(syms.data()),
                   reinterpret_cast<uint8_t*>(syms.data() + syms.size()));
        sh[2].sh_type = SHT_STRTAB;
        sh[2].sh_offset = static_cast<uint32_t>(out.size());
        sh[2].sh_size = static_cast<uint32_t>(strtab.size());
        out.insert(out.end(), strtab.begin(), strtab.end());
        eh.e_shoff = static_cast<uint32_t>(out.size());
        eh.e_shentsize = sizeof(Elf32_Shdr);
        eh.e_shnum = 3;
        out.insert(out.end(), reinterpret_cast<uint8_t*>(sh), reinterpret_cast<uint8_t*>(sh + 3));
    }
    std::memcpy(out.data(), &eh, sizeof eh);
    std::memcpy(out.data() + sizeof eh, &ph, sizeof ph);
    return out;
}

inline void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
}

} // namespace testutil
