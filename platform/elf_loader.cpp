#include "platform/elf_loader.h"

#include <cstring>
#include <elf.h>
#include <fstream>
#include <iterator>

namespace cimvp {

namespace {

template <typename T>
T read_struct(const std::vector<uint8_t>& f, uint64_t off, const std::string& path,
              const char* what) {
    if (off > f.size() || f.size() - off < sizeof(T))
        throw ElfError(path + ": truncated ELF file (" + what + " at offset " +
                       std::to_string(off) + " beyond end of file, " + std::to_string(f.size()) +
                       " bytes)");
    T v;
    std::memcpy(&v, f.data() + off, sizeof v);
    return v;
}

void check_header(const std::vector<uint8_t>& f, const Elf32_Ehdr& eh, const std::string& path) {
    if (f.size() < 4 || std::memcmp(f.data(), ELFMAG, SELFMAG) != 0)
        throw ElfError(path + ": not an ELF file (bad magic)");
    if (f.size() < EI_NIDENT) throw ElfError(path + ": truncated ELF file (no identification)");
    if (f[EI_CLASS] != ELFCLASS32)
        throw ElfError(path + ": not a 32-bit ELF (class " + std::to_string(f[EI_CLASS]) +
                       "); cimvp runs RV32 firmware");
    if (f[EI_DATA] != ELFDATA2LSB) throw ElfError(path + ": not a little-endian ELF");
    if (f.size() < sizeof(Elf32_Ehdr)) throw ElfError(path + ": truncated ELF file (header)");
    if (eh.e_machine != EM_RISCV)
        throw ElfError(path + ": not a RISC-V ELF (e_machine " + std::to_string(eh.e_machine) +
                       ")");
    if (eh.e_type != ET_EXEC)
        throw ElfError(path + ": not an executable ELF (e_type " + std::to_string(eh.e_type) + ")");
    if (eh.e_phentsize != sizeof(Elf32_Phdr) || eh.e_phnum == 0)
        throw ElfError(path + ": ELF has no usable program headers");
}

std::vector<ElfSegment> read_segments(const std::vector<uint8_t>& f, const Elf32_Ehdr& eh,
                                      const std::string& path) {
    std::vector<ElfSegment> segs;
    for (unsigned i = 0; i < eh.e_phnum; ++i) {
        auto ph = read_struct<Elf32_Phdr>(f, uint64_t(eh.e_phoff) + i * sizeof(Elf32_Phdr), path,
                                          "program header");
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
        if (ph.p_filesz > ph.p_memsz)
            throw ElfError(path + ": segment " + std::to_string(i) +
                           " has file size > memory size");
        if (uint64_t(ph.p_offset) + ph.p_filesz > f.size())
            throw ElfError(path + ": truncated ELF file (segment " + std::to_string(i) +
                           " data beyond end of file)");
        ElfSegment s;
        s.paddr = ph.p_paddr;
        s.mem_size = ph.p_memsz;
        s.data.assign(f.begin() + ph.p_offset, f.begin() + ph.p_offset + ph.p_filesz);
        segs.push_back(std::move(s));
    }
    if (segs.empty()) throw ElfError(path + ": ELF has no loadable segment");
    return segs;
}

// A function symbol, or a global label without a type in code (an assembly entry point
// such as picolibc's sys_semihost): what a profile and a trace attribute code to.
bool is_function(const std::vector<uint8_t>& f, const Elf32_Ehdr& eh, const Elf32_Sym& sym,
                 const std::string& path) {
    if (sym.st_shndx == SHN_UNDEF || sym.st_shndx >= eh.e_shnum) return false;
    const unsigned type = ELF32_ST_TYPE(sym.st_info), bind = ELF32_ST_BIND(sym.st_info);
    if (type == STT_FUNC) return true;
    if (type != STT_NOTYPE || (bind != STB_GLOBAL && bind != STB_WEAK)) return false;
    auto sh = read_struct<Elf32_Shdr>(f, uint64_t(eh.e_shoff) + sym.st_shndx * sizeof(Elf32_Shdr),
                                      path, "section header");
    return (sh.sh_flags & SHF_EXECINSTR) != 0;
}

void read_symbols(const std::vector<uint8_t>& f, const Elf32_Ehdr& eh, const std::string& path,
                  ElfImage& img) {
    std::map<std::string, uint32_t>& syms = img.symbols;
    if (eh.e_shoff == 0 || eh.e_shentsize != sizeof(Elf32_Shdr)) return;
    for (unsigned i = 0; i < eh.e_shnum; ++i) {
        auto sh = read_struct<Elf32_Shdr>(f, uint64_t(eh.e_shoff) + i * sizeof(Elf32_Shdr), path,
                                          "section header");
        if (sh.sh_type != SHT_SYMTAB || sh.sh_link >= eh.e_shnum) continue;
        auto strtab = read_struct<Elf32_Shdr>(
            f, uint64_t(eh.e_shoff) + sh.sh_link * sizeof(Elf32_Shdr), path, "string table header");
        if (uint64_t(strtab.sh_offset) + strtab.sh_size > f.size() ||
            uint64_t(sh.sh_offset) + sh.sh_size > f.size())
            throw ElfError(path + ": truncated ELF file (symbol table)");
        for (uint32_t off = 0; off + sizeof(Elf32_Sym) <= sh.sh_size; off += sizeof(Elf32_Sym)) {
            auto sym = read_struct<Elf32_Sym>(f, uint64_t(sh.sh_offset) + off, path, "symbol");
            if (sym.st_name >= strtab.sh_size) continue;
            const char* name =
                reinterpret_cast<const char*>(f.data() + strtab.sh_offset + sym.st_name);
            size_t max = strtab.sh_size - sym.st_name;
            std::string n(name, strnlen(name, max));
            if (n.empty()) continue;
            syms.emplace(n, sym.st_value);
            if (is_function(f, eh, sym, path))
                img.functions.push_back({n, sym.st_value, sym.st_size});
        }
    }
}

} // namespace

ElfImage load_elf(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ElfError(path + ": cannot open firmware file: " + std::strerror(errno));
    // One read of the whole file (an istreambuf_iterator copy goes byte by byte: 1 % of a
    // 64-image tnn-cnn run for its 0.6 MB ELF).
    std::vector<uint8_t> f;
    const std::streamoff size = in.seekg(0, std::ios::end) ? std::streamoff(in.tellg()) : -1;
    if (size >= 0 && in.seekg(0)) {
        f.resize(static_cast<size_t>(size));
        in.read(reinterpret_cast<char*>(f.data()), size);
        f.resize(static_cast<size_t>(in.gcount()));
    } else { // not seekable (a pipe): byte by byte
        in.clear();
        f.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (in.bad()) throw ElfError(path + ": read error");
    if (f.size() < 4 || std::memcmp(f.data(), ELFMAG, SELFMAG) != 0)
        throw ElfError(path + ": not an ELF file (bad magic)");
    Elf32_Ehdr eh{};
    std::memcpy(&eh, f.data(), std::min(f.size(), sizeof eh));
    check_header(f, eh, path);
    ElfImage img;
    img.entry = eh.e_entry;
    img.segments = read_segments(f, eh, path);
    read_symbols(f, eh, path, img);
    return img;
}

} // namespace cimvp
