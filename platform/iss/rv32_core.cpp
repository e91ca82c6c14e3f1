#include "rv32_core.h"

#include <cstring>
#include <sstream>
#include <type_traits>

namespace iss {

namespace {
constexpr uint32_t MSTATUS_MIE = 1u << 3, MSTATUS_MPIE = 1u << 7, MSTATUS_MPP = 3u << 11;
constexpr uint32_t MIP_MASK = (1u << irq_msi) | (1u << irq_mti) | (1u << irq_mei);
constexpr uint32_t INVALID_TAG = 1; // pcs are even, so an odd tag never matches

// Semihosting is `slli x0,x0,0x1f; ebreak; srai x0,x0,7`, all uncompressed.
constexpr uint32_t SEMIHOST_PRE = 0x01f01013, SEMIHOST_POST = 0x40705013;

template <typename T> T load_le(const uint8_t* p) {
    T v;
    std::memcpy(&v, p, sizeof v); // host is little-endian, like RISC-V
    return v;
}
template <typename T> void store_le(uint8_t* p, T v) { std::memcpy(p, &v, sizeof v); }

bool writes_rd(Op op) {
    switch (op) {
    case Op::beq:
    case Op::bne:
    case Op::blt:
    case Op::bge:
    case Op::bltu:
    case Op::bgeu:
    case Op::sb:
    case Op::sh:
    case Op::sw:
    case Op::fence:
    case Op::fence_i:
    case Op::ecall:
    case Op::ebreak:
    case Op::mret:
    case Op::wfi:
    case Op::illegal: return false;
    default: return true;
    }
}

std::string hex(uint32_t v) {
    std::ostringstream s;
    s << "0x" << std::hex << v;
    return s.str();
}
} // namespace

struct Core::Entry {
    uint32_t tag; // pc of the cached instruction, INVALID_TAG if empty
    Op op;
    uint8_t rd, rs1, rs2;
    int32_t imm; // the CSR number for Zicsr ops
    uint8_t len;
    uint16_t cycles; // a jump's cost plus the taken penalty can exceed 255
};

Core::Core(BusPort& bus) : bus_(bus), cache_(new Entry[1u << cache_bits]) {
    static_assert(sizeof(Entry) == 16, "decode-cache entries stay 16 bytes");
    flush_decode_cache();
}
Core::~Core() = default;

void Core::flush_decode_cache() {
    for (uint32_t i = 0; i < (1u << cache_bits); ++i) cache_[i].tag = INVALID_TAG;
}

void Core::reset(uint32_t pc) {
    std::memset(x_, 0, sizeof x_);
    pc_ = pc;
    cycles_ = instret_ = cycle_offset_ = instret_offset_ = 0;
    mstatus_ = MSTATUS_MPP, mie_ = mip_ = mtvec_ = mscratch_ = mepc_ = mcause_ = mtval_ = 0;
    halted_ = wfi_ = false;
    exit_code_ = 0;
    fatal_ = Fatal{};
    flush_decode_cache();
}

void Core::halt(int exit_code) {
    halted_ = true;
    exit_code_ = exit_code;
    break_loop();
}

void Core::fail(uint32_t cause, uint32_t tval, std::string what) {
    fatal_ = Fatal{true, cause, pc_, tval, std::move(what)};
    halt(-1);
}

void Core::set_irq(IrqBit bit, bool level) {
    uint32_t m = 1u << bit;
    uint32_t old = mip_;
    mip_ = level ? (mip_ | m) : (mip_ & ~m);
    if (mip_ != old) irq_check_ = true, break_loop();
}

// ---- traps --------------------------------------------------------------------

void Core::trap(uint32_t cause, uint32_t tval) {
    uint32_t base = mtvec_ & ~3u;
    bool exception = !(cause & cause::interrupt);
    // Report instead of jumping to 0 when no handler was ever installed, and
    // instead of hanging when the handler's first instruction itself faults
    // (unfetchable or illegal): it would trap to itself forever, with no cycle
    // or instruction counted, so run() would never return.
    if (exception && (mtvec_ == 0 || pc_ == base)) {
        static const char* const names[] = {"misaligned fetch",
                                            "instruction access fault",
                                            "illegal instruction",
                                            "breakpoint",
                                            "misaligned load",
                                            "load access fault",
                                            "misaligned store",
                                            "store access fault",
                                            "ecall from U",
                                            "ecall from S",
                                            "reserved",
                                            "ecall from M"};
        std::string what = cause < 12 ? names[cause] : "exception " + std::to_string(cause);
        if (cause == cause::illegal_insn)
            what += " " + hex(tval);
        else if (cause != cause::breakpoint && cause != cause::ecall_m)
            what += " at address " + hex(tval);
        fail(cause, tval,
             what + (mtvec_ == 0 ? " with no trap handler (mtvec = 0)"
                                 : " in the trap handler's first instruction (mtvec = " +
                                       hex(mtvec_) + ")"));
        return;
    }
    mepc_ = pc_;
    mcause_ = cause;
    mtval_ = tval;
    uint32_t mie_bit = (mstatus_ & MSTATUS_MIE) ? MSTATUS_MPIE : 0;
    mstatus_ = (mstatus_ & ~(MSTATUS_MIE | MSTATUS_MPIE)) | mie_bit | MSTATUS_MPP;
    bool vectored = (mtvec_ & 3) == 1 && !exception;
    pc_ = vectored ? base + 4 * (cause & 0x1f) : base;
    wfi_ = false;
}

// Takes the highest-priority enabled pending interrupt (MEI > MSI > MTI).
bool Core::check_interrupts() {
    uint32_t pending = mip_ & mie_;
    if (!pending) return false;
    wfi_ = false; // wfi resumes on any enabled pending interrupt, even with MIE clear
    if (!(mstatus_ & MSTATUS_MIE)) return false;
    for (unsigned bit : {irq_mei, irq_msi, irq_mti})
        if (pending & (1u << bit)) {
            trap(cause::interrupt | bit, 0);
            return true;
        }
    return false;
}

// ---- run loop -----------------------------------------------------------------

Stop Core::run(uint64_t cycle_limit) {
    target_ = cycle_limit;
    irq_check_ = true;
    for (;;) {
        if (halted_) return Stop::halted;
        if (irq_check_) irq_check_ = false, check_interrupts();
        if (wfi_) return Stop::wfi;
        if (cycles_ >= target_) return Stop::budget;
        limit_ = target_;
        execute();
    }
}

bool Core::fill(Entry& e, uint32_t pc) {
    if (!dmi_.contains(pc, 2)) return trap(cause::fetch_access, pc), false;
    const uint8_t* p = dmi_.ptr + (pc - dmi_.base);
    uint32_t raw = load_le<uint16_t>(p);
    if (insn_length(static_cast<uint16_t>(raw)) == 4) {
        if (!dmi_.contains(pc, 4)) return trap(cause::fetch_access, pc + 2), false;
        raw = load_le<uint32_t>(p);
    }
    Insn d = decode(raw);
    if (d.op == Op::illegal) return trap(cause::illegal_insn, raw), false;
    e.tag = pc;
    e.op = d.op;
    e.rd = (d.rd == 0 && writes_rd(d.op)) ? 32 : d.rd;
    e.rs1 = d.rs1, e.rs2 = d.rs2, e.imm = d.imm, e.len = d.len;
    switch (d.op) {
    case Op::lb:
    case Op::lh:
    case Op::lw:
    case Op::lbu:
    case Op::lhu: e.cycles = cpi_.load; break;
    case Op::sb:
    case Op::sh:
    case Op::sw: e.cycles = cpi_.store; break;
    case Op::beq:
    case Op::bne:
    case Op::blt:
    case Op::bge:
    case Op::bltu:
    case Op::bgeu: e.cycles = cpi_.branch; break;
    case Op::jal:
    case Op::jalr: e.cycles = cpi_.jump + cpi_.taken_penalty; break;
    case Op::mul:
    case Op::mulh:
    case Op::mulhsu:
    case Op::mulhu: e.cycles = cpi_.mul; break;
    case Op::div:
    case Op::divu:
    case Op::rem:
    case Op::remu: e.cycles = cpi_.div; break;
    case Op::csrrw:
    case Op::csrrs:
    case Op::csrrc:
    case Op::csrrwi:
    case Op::csrrsi:
    case Op::csrrci: e.cycles = cpi_.csr; break;
    case Op::fence:
    case Op::fence_i:
    case Op::ecall:
    case Op::ebreak:
    case Op::mret:
    case Op::wfi: e.cycles = cpi_.system; break;
    default: e.cycles = cpi_.alu; break;
    }
    return true;
}

// The interpreter. SYNC_OUT publishes the loop's locals before a slow-path
// call; SYNC_IN picks up whatever the slow path changed (pc after a trap,
// a limit of 0 to leave the loop).
#define SYNC_OUT() (pc_ = pc, cycles_ = cyc, instret_ = ret)
#define SYNC_IN() (pc = pc_, cyc = cycles_, ret = instret_, limit = limit_)
// Leaves the current instruction after a trap: pc_ already points at the handler.
#define TRAPPED()                                                                                  \
    {                                                                                              \
        SYNC_IN();                                                                                 \
        --ret;                                                                                     \
        continue;                                                                                  \
    }

void Core::execute() {
    uint32_t* const x = x_;
    Entry* const cache = cache_.get();
    uint8_t* const mem = dmi_.ptr;
    const uint32_t base = dmi_.base, size = dmi_.size;
    const uint64_t taken = cpi_.taken_penalty;
    uint32_t pc = pc_;
    uint64_t cyc = cycles_, ret = instret_, limit = limit_;

    // In-window checks: `a - base <= size - n` is false for addresses below
    // base too (unsigned wrap). Alignment is checked separately: like QEMU,
    // misaligned accesses trap.
#define LOAD(T, n)                                                                                 \
    {                                                                                              \
        uint32_t a = x[e.rs1] + e.imm, v = 0;                                                      \
        if (a - base <= size - n && !(a & (n - 1)))                                                \
            v = static_cast<uint32_t>(load_le<T>(mem + (a - base)));                               \
        else {                                                                                     \
            SYNC_OUT();                                                                            \
            bool ok = load_slow(a, n, v);                                                          \
            SYNC_IN();                                                                             \
            if (!ok) {                                                                             \
                --ret;                                                                             \
                continue;                                                                          \
            }                                                                                      \
            if (std::is_signed<T>::value && sizeof(T) < 4)                                         \
                v = static_cast<uint32_t>(static_cast<T>(v));                                      \
        }                                                                                          \
        x[e.rd] = v;                                                                               \
        break;                                                                                     \
    }
#define STORE(T, n)                                                                                \
    {                                                                                              \
        uint32_t a = x[e.rs1] + e.imm, v = x[e.rs2];                                               \
        if (a - base <= size - n && !(a & (n - 1)) && a - tohost_ >= 8) {                          \
            store_le<T>(mem + (a - base), static_cast<T>(v));                                      \
        } else {                                                                                   \
            SYNC_OUT();                                                                            \
            bool ok = store_slow(a, n, v);                                                         \
            SYNC_IN();                                                                             \
            if (!ok) {                                                                             \
                --ret;                                                                             \
                continue;                                                                          \
            }                                                                                      \
        }                                                                                          \
        break;                                                                                     \
    }
#define BRANCH(cond)                                                                               \
    if (cond) next = pc + e.imm, cyc += taken;                                                     \
    break;

    while (cyc < limit) {
        Entry& e = cache[(pc >> 1) & ((1u << cache_bits) - 1)];
        if (__builtin_expect(e.tag != pc, 0)) {
            SYNC_OUT();
            bool ok = fill(e, pc);
            SYNC_IN();
            if (!ok) continue; // trapped; pc_ is the handler
        }
        cyc += e.cycles;
        ++ret;
        uint32_t next = pc + e.len;
        const uint32_t s1 = x[e.rs1], s2 = x[e.rs2];
        const int32_t i1 = static_cast<int32_t>(s1), i2 = static_cast<int32_t>(s2);
        const uint32_t imm = static_cast<uint32_t>(e.imm);
        switch (e.op) {
        case Op::lui: x[e.rd] = imm; break;
        case Op::auipc: x[e.rd] = pc + imm; break;
        case Op::jal:
            x[e.rd] = next;
            next = pc + imm;
            break;
        case Op::jalr:
            x[e.rd] = next;
            next = (s1 + imm) & ~1u;
            break;
        case Op::beq: BRANCH(s1 == s2)
        case Op::bne: BRANCH(s1 != s2)
        case Op::blt: BRANCH(i1 < i2)
        case Op::bge: BRANCH(i1 >= i2)
        case Op::bltu: BRANCH(s1 < s2)
        case Op::bgeu: BRANCH(s1 >= s2)
        case Op::lb: LOAD(int8_t, 1)
        case Op::lh: LOAD(int16_t, 2)
        case Op::lw: LOAD(uint32_t, 4)
        case Op::lbu: LOAD(uint8_t, 1)
        case Op::lhu: LOAD(uint16_t, 2)
        case Op::sb: STORE(uint8_t, 1)
        case Op::sh: STORE(uint16_t, 2)
        case Op::sw: STORE(uint32_t, 4)
        case Op::addi: x[e.rd] = s1 + imm; break;
        case Op::slti: x[e.rd] = i1 < e.imm; break;
        case Op::sltiu: x[e.rd] = s1 < imm; break;
        case Op::xori: x[e.rd] = s1 ^ imm; break;
        case Op::ori: x[e.rd] = s1 | imm; break;
        case Op::andi: x[e.rd] = s1 & imm; break;
        case Op::slli: x[e.rd] = s1 << imm; break;
        case Op::srli: x[e.rd] = s1 >> imm; break;
        case Op::srai: x[e.rd] = static_cast<uint32_t>(i1 >> imm); break;
        case Op::add: x[e.rd] = s1 + s2; break;
        case Op::sub: x[e.rd] = s1 - s2; break;
        case Op::sll: x[e.rd] = s1 << (s2 & 31); break;
        case Op::slt: x[e.rd] = i1 < i2; break;
        case Op::sltu: x[e.rd] = s1 < s2; break;
        case Op::xor_: x[e.rd] = s1 ^ s2; break;
        case Op::srl: x[e.rd] = s1 >> (s2 & 31); break;
        case Op::sra: x[e.rd] = static_cast<uint32_t>(i1 >> (s2 & 31)); break;
        case Op::or_: x[e.rd] = s1 | s2; break;
        case Op::and_: x[e.rd] = s1 & s2; break;
        case Op::mul: x[e.rd] = s1 * s2; break;
        case Op::mulh: x[e.rd] = static_cast<uint32_t>((int64_t(i1) * int64_t(i2)) >> 32); break;
        case Op::mulhsu:
            x[e.rd] = static_cast<uint32_t>((int64_t(i1) * int64_t(uint64_t(s2))) >> 32);
            break;
        case Op::mulhu: x[e.rd] = static_cast<uint32_t>((uint64_t(s1) * uint64_t(s2)) >> 32); break;
        case Op::div:
            x[e.rd] = s2 == 0 ? ~0u : (i1 == INT32_MIN && i2 == -1) ? s1 : uint32_t(i1 / i2);
            break;
        case Op::divu: x[e.rd] = s2 == 0 ? ~0u : s1 / s2; break;
        case Op::rem:
            x[e.rd] = s2 == 0 ? s1 : (i1 == INT32_MIN && i2 == -1) ? 0 : uint32_t(i1 % i2);
            break;
        case Op::remu: x[e.rd] = s2 == 0 ? s1 : s1 % s2; break;
        case Op::fence: break;
        case Op::fence_i:
            SYNC_OUT();
            flush_decode_cache();
            break;
        case Op::ecall:
            SYNC_OUT();
            trap(cause::ecall_m, 0);
            TRAPPED()
        case Op::ebreak:
            SYNC_OUT();
            exec_ebreak();
            SYNC_IN();
            continue; // sets pc_
        case Op::mret:
            SYNC_OUT();
            mstatus_ = (mstatus_ & ~MSTATUS_MIE) | ((mstatus_ & MSTATUS_MPIE) ? MSTATUS_MIE : 0) |
                       MSTATUS_MPIE | MSTATUS_MPP;
            next = mepc_;
            irq_check_ = true, limit = 0; // MIE may have been re-enabled
            break;
        case Op::wfi:
            if (!(mip_ & mie_)) wfi_ = true, limit = 0;
            break;
        case Op::csrrw:
        case Op::csrrs:
        case Op::csrrc: {
            SYNC_OUT();
            bool write = e.op == Op::csrrw || e.rs1 != 0;
            bool ok = exec_csr(e.op, static_cast<uint16_t>(e.imm), s1, e.rd, write);
            SYNC_IN();
            if (!ok) {
                --ret;
                continue;
            }
            break;
        }
        case Op::csrrwi:
        case Op::csrrsi:
        case Op::csrrci: {
            SYNC_OUT();
            bool write = e.op == Op::csrrwi || e.rs1 != 0;
            bool ok = exec_csr(e.op, static_cast<uint16_t>(e.imm), e.rs1, e.rd, write);
            SYNC_IN();
            if (!ok) {
                --ret;
                continue;
            }
            break;
        }
        default: // Op::illegal never reaches the cache
            break;
        }
        pc = next;
    }
    SYNC_OUT();
#undef LOAD
#undef STORE
#undef BRANCH
}

// ---- slow paths ---------------------------------------------------------------

bool Core::bus_fault(uint32_t cause_code, uint32_t addr) {
    if (bus_error_policy_ == BusErrorPolicy::stop) {
        const char* kind = cause_code == cause::load_access ? "load from" : "store to";
        fail(cause_code, addr, std::string(kind) + " unmapped address " + hex(addr));
    } else {
        trap(cause_code, addr);
    }
    return false;
}

bool Core::load_slow(uint32_t addr, unsigned len, uint32_t& v) {
    if (addr & (len - 1)) return trap(cause::load_misaligned, addr), false;
    uint8_t buf[4] = {};
    uint64_t extra = 0;
    if (bus_.read(addr, buf, len, extra) != BusStatus::ok)
        return bus_fault(cause::load_access, addr);
    cycles_ += extra;
    v = load_le<uint32_t>(buf);
    if (len == 2) v &= 0xffff; // sign extension is the caller's
    if (len == 1) v &= 0xff;
    return true;
}

bool Core::store_slow(uint32_t addr, unsigned len, uint32_t v) {
    if (addr & (len - 1)) return trap(cause::store_misaligned, addr), false;
    if (dmi_.contains(addr, len)) {                          // the HTIF tohost word lives in RAM
        std::memcpy(dmi_.ptr + (addr - dmi_.base), &v, len); // little-endian host
        store_hook(addr);
        return true;
    }
    uint8_t buf[4];
    store_le<uint32_t>(buf, v);
    uint64_t extra = 0;
    if (bus_.write(addr, buf, len, extra) != BusStatus::ok)
        return bus_fault(cause::store_access, addr);
    cycles_ += extra;
    return true;
}

// HTIF (riscv-tests convention): a write of (code << 1) | 1 to tohost ends the run.
void Core::store_hook(uint32_t addr) {
    if (addr != tohost_) return;
    uint32_t v = load_le<uint32_t>(dmi_.ptr + (addr - dmi_.base));
    if (v & 1) halt(static_cast<int>(v >> 1));
}

void Core::exec_ebreak() {
    auto word_at = [&](uint32_t a, uint32_t& w) {
        if (!dmi_.contains(a, 4)) return false;
        w = load_le<uint32_t>(dmi_.ptr + (a - dmi_.base));
        return true;
    };
    uint32_t pre = 0, post = 0, here = 0;
    bool semihosting_sequence = word_at(pc_ - 4, pre) && word_at(pc_, here) && here == 0x00100073 &&
                                word_at(pc_ + 4, post) && pre == SEMIHOST_PRE &&
                                post == SEMIHOST_POST;
    uint32_t result = 0;
    if (semihosting_sequence && bus_.semihost(x_[10], x_[11], result)) {
        x_[10] = result;
        pc_ += 4;
        return;
    }
    --instret_; // a trapping instruction does not retire
    trap(cause::breakpoint, pc_);
}

// ---- CSRs ---------------------------------------------------------------------

bool Core::csr_read(uint16_t n, uint32_t& v) const {
    uint64_t mcycle = cycles_ + cycle_offset_, minstret = instret_ + instret_offset_;
    switch (n) {
    case csr::mstatus: v = mstatus_; return true;
    case csr::misa: v = misa_value; return true;
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
    default: return false;
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
    default: return false;
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
        if (dmi_.contains(pc_, 4)) raw = load_le<uint32_t>(dmi_.ptr + (pc_ - dmi_.base));
        if ((raw & 3) != 3) raw &= 0xffff;
        trap(cause::illegal_insn, raw);
        return false;
    }
    x_[rd] = old;
    return true;
}

} // namespace iss
