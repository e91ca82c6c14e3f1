#include "platform/iss/rv32_disasm.h"
#include "platform/iss/rv32_decode.h"

#include <cstdio>
#include <string>
#include <vector>

namespace iss {

namespace {

// clang-format off
const char* const abi_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

// The CSRs objdump 2.40 names: privileged spec 1.12 (with the hypervisor's),
// the unprivileged counters, F, V and Zkr ones, and those of the Smstateen,
// Sstc, AIA and Sscofpmf extensions; numbered ranges follow.
struct CsrName { uint16_t number; const char* name; };
const CsrName csr_names[] = {
    {0x001, "fflags"}, {0x002, "frm"}, {0x003, "fcsr"},
    {0x008, "vstart"}, {0x009, "vxsat"}, {0x00a, "vxrm"}, {0x00f, "vcsr"},
    {0x015, "seed"},
    {0xc20, "vl"}, {0xc21, "vtype"}, {0xc22, "vlenb"},
    {0xc00, "cycle"}, {0xc01, "time"}, {0xc02, "instret"},
    {0xc80, "cycleh"}, {0xc81, "timeh"}, {0xc82, "instreth"},
    {0x100, "sstatus"}, {0x104, "sie"}, {0x105, "stvec"}, {0x106, "scounteren"},
    {0x10a, "senvcfg"}, {0x140, "sscratch"}, {0x141, "sepc"}, {0x142, "scause"},
    {0x143, "stval"}, {0x144, "sip"}, {0x180, "satp"}, {0x5a8, "scontext"},
    {0x600, "hstatus"}, {0x602, "hedeleg"}, {0x603, "hideleg"}, {0x604, "hie"},
    {0x606, "hcounteren"}, {0x607, "hgeie"}, {0x643, "htval"}, {0x644, "hip"},
    {0x645, "hvip"}, {0x64a, "htinst"}, {0xe12, "hgeip"}, {0x60a, "henvcfg"},
    {0x61a, "henvcfgh"}, {0x680, "hgatp"}, {0x6a8, "hcontext"}, {0x605, "htimedelta"},
    {0x615, "htimedeltah"}, {0x200, "vsstatus"}, {0x204, "vsie"}, {0x205, "vstvec"},
    {0x240, "vsscratch"}, {0x241, "vsepc"}, {0x242, "vscause"}, {0x243, "vstval"},
    {0x244, "vsip"}, {0x280, "vsatp"},
    {0xf11, "mvendorid"}, {0xf12, "marchid"}, {0xf13, "mimpid"}, {0xf14, "mhartid"},
    {0xf15, "mconfigptr"},
    {0x300, "mstatus"}, {0x301, "misa"}, {0x302, "medeleg"}, {0x303, "mideleg"},
    {0x304, "mie"}, {0x305, "mtvec"}, {0x306, "mcounteren"}, {0x310, "mstatush"},
    {0x340, "mscratch"}, {0x341, "mepc"}, {0x342, "mcause"}, {0x343, "mtval"},
    {0x344, "mip"}, {0x34a, "mtinst"}, {0x34b, "mtval2"},
    {0x30a, "menvcfg"}, {0x31a, "menvcfgh"}, {0x747, "mseccfg"}, {0x757, "mseccfgh"},
    {0xb00, "mcycle"}, {0xb02, "minstret"}, {0xb80, "mcycleh"}, {0xb82, "minstreth"},
    {0x320, "mcountinhibit"},
    {0x7a0, "tselect"}, {0x7a1, "tdata1"}, {0x7a2, "tdata2"}, {0x7a3, "tdata3"},
    {0x7a4, "tinfo"}, {0x7a5, "tcontrol"}, {0x7a8, "mcontext"}, {0x7aa, "mscontext"},
    {0x7b0, "dcsr"}, {0x7b1, "dpc"}, {0x7b2, "dscratch0"}, {0x7b3, "dscratch1"},
    // Smstateen, Sstc, AIA and Sscofpmf
    {0x10c, "sstateen0"}, {0x10d, "sstateen1"}, {0x10e, "sstateen2"}, {0x10f, "sstateen3"},
    {0x114, "sieh"}, {0x14d, "stimecmp"}, {0x150, "siselect"}, {0x151, "sireg"}, {0x154, "siph"},
    {0x15c, "stopei"}, {0x15d, "stimecmph"}, {0x214, "vsieh"}, {0x24d, "vstimecmp"},
    {0x250, "vsiselect"}, {0x251, "vsireg"}, {0x254, "vsiph"}, {0x25c, "vstopei"},
    {0x25d, "vstimecmph"}, {0x308, "mvien"}, {0x309, "mvip"}, {0x30c, "mstateen0"},
    {0x30d, "mstateen1"}, {0x30e, "mstateen2"}, {0x30f, "mstateen3"}, {0x313, "midelegh"},
    {0x314, "mieh"}, {0x318, "mvienh"}, {0x319, "mviph"}, {0x31c, "mstateen0h"},
    {0x31d, "mstateen1h"}, {0x31e, "mstateen2h"}, {0x31f, "mstateen3h"}, {0x350, "miselect"},
    {0x351, "mireg"}, {0x354, "miph"}, {0x35c, "mtopei"}, {0x608, "hvien"}, {0x609, "hvictl"},
    {0x60c, "hstateen0"}, {0x60d, "hstateen1"}, {0x60e, "hstateen2"}, {0x60f, "hstateen3"},
    {0x613, "hidelegh"}, {0x618, "hvienh"}, {0x61c, "hstateen0h"}, {0x61d, "hstateen1h"},
    {0x61e, "hstateen2h"}, {0x61f, "hstateen3h"}, {0x646, "hviprio1"}, {0x647, "hviprio2"},
    {0x655, "hviph"}, {0x656, "hviprio1h"}, {0x657, "hviprio2h"}, {0xda0, "scountovf"},
    {0xdb0, "stopi"}, {0xeb0, "vstopi"}, {0xfb0, "mtopi"},
};
// clang-format on

struct CsrRange {
    uint16_t first, last;
    unsigned first_index;
    const char* prefix;
    const char* suffix;
};
const CsrRange csr_ranges[] = {
    {0xc03, 0xc1f, 3, "hpmcounter", ""},  {0xc83, 0xc9f, 3, "hpmcounter", "h"},
    {0xb03, 0xb1f, 3, "mhpmcounter", ""}, {0xb83, 0xb9f, 3, "mhpmcounter", "h"},
    {0x323, 0x33f, 3, "mhpmevent", ""},   {0x723, 0x73f, 3, "mhpmevent", "h"},
    {0x3a0, 0x3af, 0, "pmpcfg", ""},      {0x3b0, 0x3ef, 0, "pmpaddr", ""},
};

std::string hex(uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%x", v);
    return buf;
}
std::string target(uint32_t pc, int32_t offset) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%x", pc + static_cast<uint32_t>(offset));
    return buf;
}
std::string dec(int32_t v) { return std::to_string(v); }
std::string r(unsigned i) { return abi_names[i & 31]; }
std::string mem(int32_t imm, unsigned base) { return dec(imm) + "(" + r(base) + ")"; }
std::string upper(int32_t imm) { return hex((static_cast<uint32_t>(imm) >> 12) & 0xfffff); }

std::string csr_text(uint16_t n) {
    const char* name = csr_name(n);
    return name ? name : hex(n);
}

// "iorw" letters of a fence's predecessor or successor set.
std::string fence_set(unsigned set) {
    std::string s;
    const char* letters = "iorw";
    for (unsigned b = 0; b < 4; ++b)
        if (set & (8u >> b)) s += letters[b];
    return s.empty() ? "unknown" : s;
}

// The mnemonic of an op from the table's name (xor_ -> xor, fence_i -> fence.i).
std::string mnemonic(Op op) {
    std::string n = op_name(op);
    if (n.back() == '_') n.pop_back();
    for (char& c : n)
        if (c == '_') c = '.';
    return n;
}

std::string raw_word(uint32_t raw, unsigned len) {
    return (len == 2 ? ".2byte\t" : ".4byte\t") + hex(raw);
}

std::string base_insn(uint32_t pc, uint32_t raw, const Insn& d) {
    const std::string m = mnemonic(d.op) + "\t";
    switch (insn_info(d.op).format) {
    case Format::R: return m + r(d.rd) + "," + r(d.rs1) + "," + r(d.rs2);
    case Format::I:
        if (cycle_class(d.op) == CycleClass::load || d.op == Op::jalr)
            return m + r(d.rd) + "," + mem(d.imm, d.rs1);
        return m + r(d.rd) + "," + r(d.rs1) + "," + dec(d.imm);
    case Format::Ish: return m + r(d.rd) + "," + r(d.rs1) + "," + hex(static_cast<uint32_t>(d.imm));
    case Format::S: return m + r(d.rs2) + "," + mem(d.imm, d.rs1);
    case Format::B: return m + r(d.rs1) + "," + r(d.rs2) + "," + target(pc, d.imm);
    case Format::U: return m + r(d.rd) + "," + upper(d.imm);
    case Format::J: return m + r(d.rd) + "," + target(pc, d.imm);
    case Format::Fence:
        // The ISS ignores a fence's reserved fields (fm, rs1, rd, fence.i's imm);
        // objdump names only the encodings with them zero, and fence.tso.
        if (d.op == Op::fence_i) return raw == 0x100f ? "fence.i" : raw_word(raw, 4);
        if (raw == 0x8330000f) return "fence.tso";
        if (raw & 0xf00f8f80u) return raw_word(raw, 4);
        return m + fence_set((raw >> 24) & 15) + "," + fence_set((raw >> 20) & 15);
    case Format::Sys: {
        if (insn_info(d.op).extension != Extension::Zicsr) return mnemonic(d.op);
        const bool immediate = (raw >> 14) & 1;
        return m + r(d.rd) + "," + csr_text(static_cast<uint16_t>(d.imm)) + "," +
               (immediate ? dec(d.rs1) : r(d.rs1));
    }
    default: return raw_word(raw, 4);
    }
}

// A compressed instruction: its c.* name from the encoding, operands from its
// 32-bit expansion (d).
std::string compressed_insn(uint32_t pc, uint16_t c, const Insn& d) {
    const unsigned quadrant = c & 3, funct3 = c >> 13;
    const unsigned rd = (c >> 7) & 31, rs2 = (c >> 2) & 31;
    const uint32_t shamt = static_cast<uint32_t>(d.imm) & 31;
    auto shift = [&](const char* name, const char* name64) {
        return shamt == 0 ? std::string(name64) + "\t" + r(d.rd)
                          : std::string(name) + "\t" + r(d.rd) + "," + hex(shamt);
    };
    switch (quadrant << 3 | funct3) {
    case 0: return "c.addi4spn\t" + r(d.rd) + ",sp," + dec(d.imm);
    case 2: return "c.lw\t" + r(d.rd) + "," + mem(d.imm, d.rs1);
    case 6: return "c.sw\t" + r(d.rs2) + "," + mem(d.imm, d.rs1);
    case 8: return "c.addi\t" + r(d.rd) + "," + dec(d.imm);
    case 9: return "c.jal\t" + target(pc, d.imm);
    case 10: return "c.li\t" + r(d.rd) + "," + dec(d.imm);
    case 11:
        if (rd == 2) return "c.addi16sp\tsp," + dec(d.imm);
        return "c.lui\t" + r(d.rd) + "," + upper(d.imm);
    case 12:
        switch ((c >> 10) & 3) {
        case 0: return shift("c.srli", "c.srli64");
        case 1: return shift("c.srai", "c.srai64");
        case 2: return "c.andi\t" + r(d.rd) + "," + dec(d.imm);
        default: {
            static const char* const names[] = {"c.sub", "c.xor", "c.or", "c.and"};
            return std::string(names[(c >> 5) & 3]) + "\t" + r(d.rd) + "," + r(d.rs2);
        }
        }
    case 13: return "c.j\t" + target(pc, d.imm);
    case 14: return "c.beqz\t" + r(d.rs1) + "," + target(pc, d.imm);
    case 15: return "c.bnez\t" + r(d.rs1) + "," + target(pc, d.imm);
    case 16: return shift("c.slli", "c.slli64");
    case 18: return "c.lwsp\t" + r(d.rd) + "," + mem(d.imm, 2);
    case 20:
        if (!(c & 0x1000)) return rs2 == 0 ? "c.jr\t" + r(rd) : "c.mv\t" + r(rd) + "," + r(rs2);
        if (rs2 != 0) return "c.add\t" + r(rd) + "," + r(rs2);
        return rd == 0 ? "c.ebreak" : "c.jalr\t" + r(rd);
    case 22: return "c.swsp\t" + r(d.rs2) + "," + mem(d.imm, 2);
    default: return raw_word(c, 2);
    }
}

} // namespace

const char* reg_name(unsigned r) { return r < 32 ? abi_names[r] : "?"; }

// A table of all 4096 numbers, built once (thread-safe static initialisation).
const char* csr_name(uint16_t csr) {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> t(4096);
        for (const CsrName& c : csr_names) t[c.number] = c.name;
        for (const CsrRange& range : csr_ranges)
            for (unsigned n = range.first; n <= range.last; ++n)
                t[n] = range.prefix + std::to_string(range.first_index + n - range.first) +
                       range.suffix;
        return t;
    }();
    return csr < 4096 && !names[csr].empty() ? names[csr].c_str() : nullptr;
}

std::string disassemble(uint32_t pc, uint32_t raw) {
    const unsigned len = insn_length(static_cast<uint16_t>(raw));
    if (len == 2) raw &= 0xffff;
    const Insn d = decode(raw);
    if (len == 2) {
        if (raw == 0) return "c.unimp";
        return d.op == Op::illegal ? raw_word(raw, 2)
                                   : compressed_insn(pc, static_cast<uint16_t>(raw), d);
    }
    return d.op == Op::illegal ? raw_word(raw, 4) : base_insn(pc, raw, d);
}

} // namespace iss
