#include "platform/gdb_cpu_target.h"

namespace cimvp {

namespace {

struct CsrInfo {
    const char* name;
    uint16_t number;
};
// The CSRs gdb shows (`info registers csr`): the machine-mode ones the core has.
const CsrInfo debug_csrs[] = {
    {"mstatus", iss::csr::mstatus},
    {"misa", iss::csr::misa},
    {"mie", iss::csr::mie},
    {"mtvec", iss::csr::mtvec},
    {"mscratch", iss::csr::mscratch},
    {"mepc", iss::csr::mepc},
    {"mcause", iss::csr::mcause},
    {"mtval", iss::csr::mtval},
    {"mip", iss::csr::mip},
    {"mcycle", iss::csr::mcycle},
    {"minstret", iss::csr::minstret},
    {"mcycleh", iss::csr::mcycleh},
    {"minstreth", iss::csr::minstreth},
    {"mvendorid", iss::csr::mvendorid},
    {"marchid", iss::csr::marchid},
    {"mimpid", iss::csr::mimpid},
    {"mhartid", iss::csr::mhartid},
};

const CsrInfo* find_csr(unsigned regno) {
    for (const CsrInfo& c : debug_csrs)
        if (gdb::kRegFirstCsr + c.number == regno) return &c;
    return nullptr;
}

// gdb's own names for x0-x31 (gdb/features/riscv/32bit-cpu.xml).
const char* const xreg_names[] = {"zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2",
                                  "fp",   "s1", "a0",  "a1",  "a2", "a3", "a4", "a5",
                                  "a6",   "a7", "s2",  "s3",  "s4", "s5", "s6", "s7",
                                  "s8",   "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

std::string make_target_xml() {
    std::string x = "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                    "<target version=\"1.0\">\n<architecture>riscv:rv32</architecture>\n"
                    "<feature name=\"org.gnu.gdb.riscv.cpu\">\n";
    for (unsigned r = 0; r < 32; ++r) {
        const char* type = r == 1 ? "code_ptr" : (r == 2 || r == 3 || r == 4) ? "data_ptr" : "int";
        x += "<reg name=\"" + std::string(xreg_names[r]) + "\" bitsize=\"32\" type=\"" + type +
             "\" regnum=\"" + std::to_string(r) + "\"/>\n";
    }
    x += "<reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\" regnum=\"32\"/>\n</feature>\n"
         "<feature name=\"org.gnu.gdb.riscv.csr\">\n";
    for (const CsrInfo& c : debug_csrs)
        x += "<reg name=\"" + std::string(c.name) + "\" bitsize=\"32\" regnum=\"" +
             std::to_string(gdb::kRegFirstCsr + c.number) + "\"/>\n";
    return x + "</feature>\n</target>\n";
}

// The largest naturally aligned access (4, 2 or 1 bytes) at addr within len:
// device registers take those, where one long access would fail.
unsigned piece_size(uint32_t addr, size_t len) {
    if (len >= 4 && addr % 4 == 0) return 4;
    if (len >= 2 && addr % 2 == 0) return 2;
    return 1;
}

} // namespace

CpuTarget::CpuTarget(Cpu& cpu) : cpu_(cpu), xml_(make_target_xml()) {}

bool CpuTarget::read_register(unsigned n, uint32_t& v) {
    iss::Core& core = cpu_.core();
    if (n < 32) return v = core.reg(n), true;
    if (n == gdb::kRegPc) return v = core.pc(), true;
    const CsrInfo* c = find_csr(n);
    return c && core.csr_read(c->number, v);
}
bool CpuTarget::write_register(unsigned n, uint32_t v) {
    iss::Core& core = cpu_.core();
    if (n < 32) return core.set_reg(n, v), true; // x0 stays 0
    if (n == gdb::kRegPc) return core.set_pc(v & ~1u), true;
    const CsrInfo* c = find_csr(n);
    return c && core.csr_write(c->number, v);
}
// One access when the range is one target's (RAM), else piece by piece.
size_t CpuTarget::read_memory(uint32_t addr, uint8_t* data, size_t len) {
    if (len <= UINT32_MAX && cpu_.debug_access(false, addr, data, unsigned(len))) return len;
    size_t done = 0;
    for (unsigned n; done < len; done += n) {
        n = piece_size(addr + uint32_t(done), len - done);
        if (!cpu_.debug_access(false, addr + uint32_t(done), data + done, n)) break;
    }
    return done;
}
bool CpuTarget::write_memory(uint32_t addr, const uint8_t* data, size_t len) {
    uint8_t* d = const_cast<uint8_t*>(data); // TLM's data pointer is not const
    if (len <= UINT32_MAX && cpu_.debug_access(true, addr, d, unsigned(len))) return true;
    for (size_t done = 0, n; done < len; done += n) {
        n = piece_size(addr + uint32_t(done), len - done);
        if (!cpu_.debug_access(true, addr + uint32_t(done), d + done, unsigned(n))) return false;
    }
    return true;
}
void CpuTarget::set_breakpoint(uint32_t addr, bool on) {
    if (on)
        cpu_.core().add_breakpoint(addr);
    else
        cpu_.core().remove_breakpoint(addr);
}
// Watchpoints take the core's debug triggers (dmode, action: enter debug mode).
bool CpuTarget::set_watchpoint(unsigned kinds, uint32_t addr, uint32_t len, bool on) {
    iss::Core& core = cpu_.core();
    return on ? core.add_debug_trigger(kinds, addr, len)
              : core.remove_debug_trigger(kinds, addr, len);
}

std::string CpuTarget::target_xml() { return xml_; }

} // namespace cimvp
