// The hart's CSRs: reads, writes and the Zicsr instructions (csrrw, csrrs,
// csrrc and their immediate forms). The list of CSRs and what each holds is
// in docs/platform/cpu.md.
#include "platform/iss/rv32_core.h"

#include <cstring>

namespace iss {

bool Core::csr_read(uint16_t n, uint32_t& v) const {
    uint64_t mcycle = cycles_ + cycle_offset_, minstret = instret_ + instret_offset_;
    switch (n) {
    case csr::mstatus: v = mstatus_; return true;
    case csr::misa: v = kMisaValue; return true;
    case csr::mie: v = mie_; return true;
    case csr::mtvec: v = mtvec_; return true;
    case csr::mstatush: v = 0; return true;
    case csr::mscratch: v = mscratch_; return true;
    case csr::mepc: v = mepc_; return true;
    case csr::mcause: v = mcause_; return true;
    case csr::mtval: v = mtval_; return true;
    case csr::mip: v = mip_; return true;
    case csr::mcycle:
    case csr::cycle: v = static_cast<uint32_t>(mcycle); return true;
    case csr::mcycleh:
    case csr::cycleh: v = static_cast<uint32_t>(mcycle >> 32); return true;
    case csr::minstret:
    case csr::instret: v = static_cast<uint32_t>(minstret); return true;
    case csr::minstreth:
    case csr::instreth: v = static_cast<uint32_t>(minstret >> 32); return true;
    case csr::time: v = static_cast<uint32_t>(bus_.mtime()); return true;
    case csr::timeh: v = static_cast<uint32_t>(bus_.mtime() >> 32); return true;
    case csr::mvendorid:
    case csr::marchid:
    case csr::mimpid:
    case csr::mhartid:
    case csr::mconfigptr: v = 0; return true;
    default: return triggers_.read(n, v);
    }
}

bool Core::csr_write(uint16_t n, uint32_t v) {
    auto set_lo = [](uint64_t cur, uint32_t lo) { return (cur & ~0xffffffffull) | lo; };
    auto set_hi = [](uint64_t cur, uint32_t hi) {
        return (cur & 0xffffffffull) | (uint64_t(hi) << 32);
    };
    switch (n) {
    case csr::mstatus: mstatus_ = (v & (MSTATUS_MIE | MSTATUS_MPIE)) | MSTATUS_MPP; break;
    case csr::misa:
    case csr::mstatush: break; // WARL, fixed
    case csr::mie: mie_ = v & MIP_MASK; break;
    case csr::mtvec: mtvec_ = (v & 3) >= 2 ? (v & ~3u) : v; break; // modes 0 and 1 only
    case csr::mscratch: mscratch_ = v; break;
    case csr::mepc: mepc_ = v & ~1u; break;
    case csr::mcause: mcause_ = v; break;
    case csr::mtval: mtval_ = v; break;
    case csr::mip: break; // MSIP/MTIP/MEIP are driven by the CLINT and the PLIC-less IRQ line
    case csr::mcycle: cycle_offset_ = set_lo(cycles_ + cycle_offset_, v) - cycles_; break;
    case csr::mcycleh: cycle_offset_ = set_hi(cycles_ + cycle_offset_, v) - cycles_; break;
    case csr::minstret: instret_offset_ = set_lo(instret_ + instret_offset_, v) - instret_; break;
    case csr::minstreth: instret_offset_ = set_hi(instret_ + instret_offset_, v) - instret_; break;
    default:
        if (!triggers_.write(n, v, false)) return false;
        triggers_changed();
        return true;
    }
    irq_check_ = true;
    break_loop();
    return true;
}

bool Core::exec_csr(Op op, uint16_t n, uint32_t src, uint8_t rd, bool write) {
    // instret_ already counts this instruction; the CSR access sees the count
    // before it (minstret reads exclude the reading instruction), and a write
    // to minstret/minstreth replaces its increment: the next instruction
    // reads the value written. On a trap the caller un-counts it.
    --instret_;
    uint32_t old = 0;
    bool read_only = (n >> 10) == 3;
    bool ok = csr_read(n, old) && !(write && read_only);
    if (ok && write) {
        uint32_t v = src;
        if (op == Op::csrrs || op == Op::csrrsi) v = old | src;
        if (op == Op::csrrc || op == Op::csrrci) v = old & ~src;
        csr_write(n, v);
        if (n == csr::minstret || n == csr::minstreth) instret_offset_ -= 1;
    }
    ++instret_;
    if (!ok) {
        uint32_t raw = 0;
        if (dmi_.contains(pc_, 4)) std::memcpy(&raw, dmi_.ptr + (pc_ - dmi_.base), 4);
        if ((raw & 3) != 3) raw &= 0xffff;
        trap(cause::illegal_insn, raw);
        return false;
    }
    x_[rd] = old;
    return true;
}

} // namespace iss
