#include "platform/iss/rv32_core.h"
#include "platform/iss/rv32_blocks.h"
#include "platform/iss/rv32_semantics.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <sstream>

namespace iss {

namespace {
constexpr uint32_t INVALID_TAG = 1; // pcs are even, so an odd tag never matches

// Semihosting is `slli x0,x0,0x1f; ebreak; srai x0,x0,7`, all uncompressed.
constexpr uint32_t SEMIHOST_PRE = 0x01f01013, SEMIHOST_POST = 0x40705013;

using semantics::load_le;
using semantics::store_le;

std::string hex(uint32_t v) {
    std::ostringstream s;
    s << "0x" << std::hex << v;
    return s.str();
}
} // namespace

// The interpreter has one handler per Op and instruction length (2 or 4).
constexpr unsigned handler_index(Op op, unsigned len) {
    return 2 * static_cast<unsigned>(op) + (len == 4 ? 1 : 0);
}
// One more handler after the instructions': a debugger breakpoint's entry.
constexpr unsigned kBreakHandler = handler_index(Op::count, 2);
static_assert(kBreakHandler <= 255, "handler indexes fit in a byte");

struct Core::Entry {
    uint32_t tag;    // pc of the cached instruction, INVALID_TAG if empty
    uint8_t handler; // handler_index(op, length)
    uint8_t rd, rs1, rs2;
    int32_t imm;     // the CSR number for Zicsr ops
    uint16_t cycles; // a jump's cost plus the taken penalty can exceed 255
};

Core::Core(BusPort& bus) : bus_(bus), cache_(new Entry[1u << kCacheBits]), blocks_(new BlockCache) {
    static_assert(sizeof(Entry) == 16, "decode-cache entries stay 16 bytes");
    const auto offset = [this](const void* p) {
        return static_cast<int32_t>(static_cast<const char*>(p) -
                                    reinterpret_cast<const char*>(this));
    };
    NativeLayout layout;
    layout.x = offset(&x_[0]);
    layout.retired = offset(&retired_[0]);
    layout.state = offset(&native_state_);
    blocks_->native.reset(new NativeCode(layout, retired_));
    flush_decode_cache();
}

void Core::set_dmi(const DmiWindow& w) {
    if (w.ptr != dmi_.ptr || w.base != dmi_.base || w.size != dmi_.size) blocks_->flush();
    dmi_ = w, break_loop();
}

void Core::set_tohost(uint32_t addr) {
    if (addr != tohost_) blocks_->flush();
    tohost_ = addr;
}

bool Core::native_code_available() { return ISS_NATIVE_AVAILABLE != 0; }

size_t Core::native_blocks() const { return blocks_->native->blocks(); }

void Core::set_native_code(bool on) {
    native_on_ = on && native_code_available();
    blocks_->flush();
}
Core::~Core() = default;

void Core::flush_decode_cache() {
    for (uint32_t i = 0; i < (1u << kCacheBits); ++i) cache_[i].tag = INVALID_TAG;
    blocks_->flush();
}

// Only the lines whose tag is an overlapping instruction's pc: a 4-byte
// instruction that starts 2 bytes before addr overlaps it too.
void Core::invalidate_decode_cache(uint32_t addr, uint32_t len) {
    if (len == 0) return;
    if (len >= (2u << kCacheBits)) return flush_decode_cache();
    blocks_->flush(); // blocks are only dropped all at once
    const uint32_t first = (addr & ~1u) - 2, last = (addr + len - 1) & ~1u;
    for (uint32_t pc = first, n = (last - first) / 2 + 1; n; --n, pc += 2) drop_line(pc);
}

Core::Entry& Core::line(uint32_t pc) { return cache_[(pc >> 1) & ((1u << kCacheBits) - 1)]; }

void Core::drop_line(uint32_t pc) {
    Entry& e = line(pc);
    if (e.tag == pc) e.tag = INVALID_TAG;
}

void Core::reset(uint32_t pc) {
    std::memset(x_, 0, sizeof x_);
    pc_ = pc;
    cycles_ = instret_ = cycle_offset_ = instret_offset_ = 0;
    blocks_->flush(); // adds the host code's pending counts to retired_, cleared next
    std::memset(retired_, 0, sizeof retired_);
    mstatus_ = MSTATUS_MPP, mie_ = mip_ = mtvec_ = mscratch_ = mepc_ = mcause_ = mtval_ = 0;
    halted_ = wfi_ = false;
    triggers_.reset();
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
            ++interrupts_taken_;
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
        if (break_hit_) {
            break_hit_ = false;
            if (has_breakpoint(pc_) || !run_checked()) return Stop::breakpoint;
            continue;
        }
        if (irq_check_) irq_check_ = false, check_interrupts();
        if (wfi_) return Stop::wfi;
        if (cycles_ >= target_) return Stop::budget;
        limit_ = target_;
        if (__builtin_expect(observer_ != nullptr, 0)) {
            observe_one(); // one instruction per pass, as in a debugger's step
            continue;
        }
        if (!blocks_on_ || triggers_.armed()) {
            execute();
            continue;
        }
        switch (execute_blocks()) {
        case BlockExit::interpret_one: // an instruction blocks leave out, or a breakpoint
            limit_ = std::min(limit_, cycles_ + 1);
            execute();
            break;
        case BlockExit::tail: execute(); break; // the next block does not fit before the limit
        case BlockExit::done: break;
        }
    }
}

// With an observer: one instruction, reported after it ran. The line at pc is
// filled first, so that a fetch that traps (no instruction) is told apart from
// the instruction; a breakpoint's entry stops run() as it does without one.
void Core::observe_one() {
    const uint32_t at = pc_;
    Entry& e = line(at);
    if (e.tag != at && !fill(e, at)) return; // the fetch trapped: pc_ is the handler
    run_entry(e, at);
}

namespace {
unsigned access_size(Op op) {
    switch (op) {
    case Op::lb:
    case Op::lbu:
    case Op::sb: return 1;
    case Op::lh:
    case Op::lhu:
    case Op::sh: return 2;
    case Op::lw:
    case Op::sw: return 4;
    default: return 0;
    }
}
} // namespace

// Runs the instruction of the filled line e (at pc) alone: a limit of one cycle
// stops execute() after it, since each instruction costs at least one.
void Core::run_entry(const Entry& e, uint32_t at) {
    limit_ = cycles_ + 1;
    if (!observer_ || e.handler == kBreakHandler) return execute();
    ExecutedInsn ev;
    const Op op = static_cast<Op>(e.handler / 2);
    ev.pc = at;
    ev.len = (e.handler & 1) ? 4 : 2;
    const uint8_t* p = dmi_.ptr + (at - dmi_.base); // filled, so fetchable
    ev.raw = ev.len == 4 ? load_le<uint32_t>(p) : load_le<uint16_t>(p);
    ev.cycle = cycles_;
    ev.mem_size = static_cast<uint8_t>(access_size(op));
    ev.mem_store = cycle_class(op) == CycleClass::store;
    ev.mem_addr = x_[e.rs1] + static_cast<uint32_t>(e.imm);
    const uint32_t mask = ev.mem_size == 4 ? ~0u : (1u << (8 * ev.mem_size)) - 1;
    ev.mem_value = x_[e.rs2] & mask; // a store's; a load's is known after it
    const uint64_t before = instret_;
    execute();
    ev.cycles = cycles_ - ev.cycle;
    ev.instret = instret_;
    ev.retired = instret_ > before;
    if (ev.retired && writes_rd(op)) {
        ev.rd = e.rd == 32 ? 0 : e.rd; // x[32] is the sink of writes to x0
        ev.rd_value = x_[e.rd];
        if (ev.mem_size && !ev.mem_store) ev.mem_value = x_[e.rd] & mask;
    }
    if (ev.retired && op == Op::ebreak)
        ev.rd = 10, ev.rd_value = x_[10]; // a semihosting call's result
    if (!ev.retired) ev.mem_size = 0;
    observer_->executed(ev);
}

// The miss path: only here, never per instruction, do breakpoints cost a test.
bool Core::fill(Entry& e, uint32_t pc) {
    if (__builtin_expect(!breakpoints_.empty() || triggers_.armed(), 0) && stops_before(pc)) {
        e = Entry{pc, static_cast<uint8_t>(kBreakHandler), 32, 0, 0, 0, 0}; // costs no cycle
        return true;
    }
    return fill_insn(e, pc);
}

bool Core::fill_insn(Entry& e, uint32_t pc) {
    if (!dmi_.contains(pc, 2)) return trap(cause::fetch_access, pc), false;
    const uint8_t* p = dmi_.ptr + (pc - dmi_.base);
    uint32_t raw = load_le<uint16_t>(p);
    if (insn_length(static_cast<uint16_t>(raw)) == 4) {
        if (!dmi_.contains(pc, 4)) return trap(cause::fetch_access, pc + 2), false;
        raw = load_le<uint32_t>(p);
    }
    Insn d = decode(raw);
    if (d.op == Op::illegal) return trap(cause::illegal_insn, raw), false;
    set_entry(e, pc, d);
    return true;
}

void Core::set_entry(Entry& e, uint32_t pc, const Insn& d) {
    e.tag = pc;
    e.handler = static_cast<uint8_t>(handler_index(d.op, d.len));
    e.rd = (d.rd == 0 && writes_rd(d.op)) ? 32 : d.rd;
    e.rs1 = d.rs1, e.rs2 = d.rs2, e.imm = d.imm;
    e.cycles = static_cast<uint16_t>(cpi_.cost(cycle_class(d.op)));
}

// The block engine decodes through the decode cache, so that both engines run
// the same decoded form of an instruction until fence.i (self-modifying code
// behaves the same whichever engine reaches an instruction). rd comes back as
// stored: 32 for a write to x0.
bool Core::cached_decode(uint32_t pc, Insn& d) {
    Entry& e = line(pc);
    if (e.tag == pc && e.handler != kBreakHandler) {
        d.op = static_cast<Op>(e.handler / 2);
        d.len = (e.handler & 1) ? 4 : 2;
        d.rd = e.rd, d.rs1 = e.rs1, d.rs2 = e.rs2, d.imm = e.imm;
        return true;
    }
    if (!fetch_decode(pc, d)) return false;
    if (e.tag != pc) set_entry(e, pc, d);
    return true;
}

// ---- the interpreter ----------------------------------------------------------
//
// Each Op has two handlers, for its 2-byte (RVC) and its 4-byte encoding, so
// that the next sequential pc is pc plus a constant: loading the length from
// the entry would put a load on the pc -> entry -> pc dependency chain of
// every instruction, which is what bounds a decode-cache interpreter's speed.
// fill() stores the handler's index (handler_index) in the entry.
//
// Threaded dispatch: every handler ends with NEXT(), its own copy of the
// fetch sequence (stop if the cycle budget is spent, look pc up in the decode
// cache, count the instruction) and an indirect jump to the next handler, so
// that the host predicts each jump from the handler it leaves. With
// ISS_COMPUTED_GOTO off, NEXT() jumps back to one shared copy and a switch
// dispatches instead.
//
// pc, cycles, instret and the limit live in locals. SYNC_OUT publishes them
// before a slow-path call; SYNC_IN picks up whatever the slow path changed
// (pc after a trap, a limit of 0 to leave the loop).
#define SYNC_OUT() (pc_ = pc, cycles_ = cyc, instret_ = ret)
#define SYNC_IN() (pc = pc_, cyc = cycles_, ret = instret_, limit = limit_)
#define FETCH()                                                                                    \
    if (__builtin_expect(cyc >= limit, 0)) goto leave;                                             \
    e = entry_for(pc);                                                                             \
    if (__builtin_expect(e->tag != pc, 0)) goto miss;                                              \
    cyc += e->cycles;                                                                              \
    ++ret
#if ISS_COMPUTED_GOTO
#define HANDLER(name, len) op_##name##_##len
#define NEXT()                                                                                     \
    do {                                                                                           \
        FETCH();                                                                                   \
        goto* handlers[e->handler];                                                                \
    } while (0)
#else
#define HANDLER(name, len) case handler_index(Op::name, len)
#define NEXT() goto fetch
#endif
#define SLOW_DONE(insn_class) (void)0
// Leaves an instruction that trapped in a slow path (pc_ is the handler's
// address): it does not retire, but its cycles stay spent.
#define TRAPPED()                                                                                  \
    do {                                                                                           \
        SYNC_IN();                                                                                 \
        --ret;                                                                                     \
        goto fetch;                                                                                \
    } while (0)

#if ISS_COMPUTED_GOTO && defined(__GNUC__) && !defined(__clang__)
// GCC merges the identical copies of NEXT() back into one (cross-jumping and
// tail merging), which would undo the threading; the GCC manual also advises
// -fno-gcse for computed gotos.
__attribute__((optimize("no-crossjumping", "no-tree-tail-merge", "no-gcse")))
#endif
void Core::execute() {
#if ISS_COMPUTED_GOTO
    static void* const handlers[] = {
#define ISS_LABELS(name, ...) &&HANDLER(name, 2), &&HANDLER(name, 4),
        // clang-format would take the label after the macro for a binary &&.
        // clang-format off
        ISS_LABELS(illegal)
        ISS_INSNS(ISS_LABELS)
#undef ISS_LABELS
        &&debug_break, // kBreakHandler: a breakpoint's entry
        // clang-format on
    };
    static_assert(sizeof handlers / sizeof handlers[0] == kBreakHandler + 1,
                  "two handlers per Op, in handler_index order, then the breakpoint's");
#endif
    uint32_t* const x = x_;
    Entry* const cache = cache_.get();
    // The decode-cache line of a pc: entry (pc / 2) mod 2^kCacheBits (pcs are
    // even), computed as a byte offset to keep it to an `and` and a `lea`.
    auto entry_for = [cache](uint32_t pc) {
        constexpr uint32_t kOffsetMask = ((1u << kCacheBits) - 1) << 1;
        return reinterpret_cast<Entry*>(reinterpret_cast<char*>(cache) +
                                        (pc & kOffsetMask) * (sizeof(Entry) / 2));
    };
    uint8_t* const mem = dmi_.ptr;
    const uint32_t base = dmi_.base, size = dmi_.size;
    const uint32_t tohost_guard = tohost_ - 3; // first address of a store that can reach tohost
    const uint64_t taken = cpi_.taken_penalty;
    uint32_t pc = pc_;
    uint64_t cyc = cycles_, ret = instret_, limit = limit_;
    Entry* e;

fetch:
    FETCH();
#if ISS_COMPUTED_GOTO
    goto* handlers[e->handler];
#else
    switch (e->handler) {
    default: goto leave;
#endif

#define ISS_HANDLERS(name, ...)                                                                    \
    HANDLER(name, 2) : DO_##name(2) COUNT_CLASS(name) NEXT();                                      \
    HANDLER(name, 4) : DO_##name(4) COUNT_CLASS(name) NEXT();
    ISS_HANDLERS(illegal)
    ISS_INSNS(ISS_HANDLERS)
#undef ISS_HANDLERS

    // A breakpoint's entry: stop before the instruction, which FETCH counted.
#if ISS_COMPUTED_GOTO
debug_break:
#else
    case kBreakHandler:
#endif
    --ret;
    break_hit_ = true;
    goto leave;

#if !ISS_COMPUTED_GOTO
}
#endif

miss : SYNC_OUT();
fill(*e, pc); // on failure it trapped: pc_ is the handler
SYNC_IN();
goto fetch;

leave : SYNC_OUT();
}

// ---- debugger support ---------------------------------------------------------

// A break entry goes where the loop must stop before the instruction: a
// breakpoint, an execute trigger's pc, any load or store while a data trigger is armed.
bool Core::stops_before(uint32_t pc) {
    if (has_breakpoint(pc) || triggers_.match_execute(pc) >= 0) return true;
    Insn d;
    return triggers_.watches_data() && fetch_decode(pc, d) &&
           (cycle_class(d.op) == CycleClass::load || cycle_class(d.op) == CycleClass::store);
}

// At a break entry that is no breakpoint: fires the trigger that matches the instruction at
// pc (before it runs), else runs the instruction alone. False: a debugger's trigger fired.
bool Core::run_checked() {
    const uint32_t at = pc_;
    int t = triggers_.match_execute(at);
    if (t >= 0) return fire(t, TriggerKind::execute, at);
    Insn d;
    if (fetch_decode(at, d)) {
        const CycleClass c = cycle_class(d.op);
        if (c == CycleClass::load || c == CycleClass::store) {
            const uint32_t addr = x_[d.rs1] + static_cast<uint32_t>(d.imm);
            const unsigned len = d.op == Op::lw || d.op == Op::sw                      ? 4
                                 : d.op == Op::lh || d.op == Op::lhu || d.op == Op::sh ? 2
                                                                                       : 1;
            const TriggerKind kind = c == CycleClass::load ? TriggerKind::load : TriggerKind::store;
            t = triggers_.match_access(kind, addr, len);
            if (t >= 0) return fire(t, kind, addr);
        }
    }
    if (fill_insn(line(at), at)) { // one instruction, then the break entry comes back
        limit_ = std::min(limit_, cycles_ + 1);
        execute();
        drop_line(at);
    }
    return true;
}

// Firmware's trigger: a breakpoint exception (mtval: the pc or the data address). A
// debugger's: run() stops, last_trigger() says why.
bool Core::fire(int trigger, TriggerKind kind, uint32_t tval) {
    if (triggers_.enters_debug_mode(trigger)) {
        trigger_hit_ = {kind, tval};
        return false;
    }
    trap(cause::breakpoint, tval);
    return true;
}

// Entries and blocks were made for the old triggers.
void Core::triggers_changed() {
    flush_decode_cache();
    break_loop();
}

bool Core::add_debug_trigger(uint32_t kinds, uint32_t addr, uint32_t len) {
    if (!triggers_.add_debug(kinds, addr, len)) return false;
    triggers_changed();
    return true;
}

bool Core::remove_debug_trigger(uint32_t kinds, uint32_t addr, uint32_t len) {
    if (!triggers_.remove_debug(kinds, addr, len)) return false;
    triggers_changed();
    return true;
}

void Core::remove_debug_triggers() {
    triggers_.remove_all_debug();
    triggers_changed();
}

bool Core::add_breakpoint(uint32_t pc) {
    if (has_breakpoint(pc)) return false;
    breakpoints_.push_back(pc);
    drop_line(pc);    // refills as a breakpoint entry
    blocks_->flush(); // a block may hold pc: blocks now end before it
    return true;
}

bool Core::remove_breakpoint(uint32_t pc) {
    for (auto it = breakpoints_.begin(); it != breakpoints_.end(); ++it)
        if (*it == pc) {
            breakpoints_.erase(it);
            drop_line(pc); // refills as the instruction
            blocks_->flush();
            return true;
        }
    return false;
}

bool Core::has_breakpoint(uint32_t pc) const {
    for (uint32_t b : breakpoints_)
        if (b == pc) return true;
    return false;
}

// The cycle limit cycles + 1 stops the loop after one instruction (each costs
// at least one cycle). The line at pc is filled with the instruction itself,
// bypassing a breakpoint there, and dropped afterwards so that the
// breakpoint's entry comes back.
Stop Core::step() {
    if (halted_) return Stop::halted;
    if (wfi_ && !wakeup_pending()) return Stop::wfi;
    wfi_ = false;
    const uint32_t at = pc_;
    Entry& e = line(at);
    if (fill_insn(e, at)) {
        target_ = cycles_ + 1;
        run_entry(e, at);
        drop_line(at);
    } // else the fetch trapped: the step ends at the handler
    if (halted_) return Stop::halted;
    return wfi_ ? Stop::wfi : Stop::budget;
}

// ---- slow paths ---------------------------------------------------------------

// The accesses the DMI fast path did not do. Inside the RAM window (stores
// that may reach the HTIF tohost word) they are done here, at any alignment.
// Outside it, misaligned accesses trap: device registers need aligned
// accesses. An access that straddles an edge of the window is an access
// fault, like any other access beyond RAM.

// `what` describes the access for the error message ("load from unmapped
// address"), which appends the address.
bool Core::bus_fault(uint32_t cause_code, uint32_t addr, const char* what) {
    if (bus_error_policy_ == BusErrorPolicy::stop) {
        fail(cause_code, addr, what + (" " + hex(addr)));
    } else {
        trap(cause_code, addr);
    }
    return false;
}

bool Core::misaligned_fault(bool store, uint32_t addr, unsigned len) {
    if (dmi_.contains(addr, 1) || dmi_.contains(addr + len - 1, 1))
        return store ? bus_fault(cause::store_access, addr, "store across an end of RAM at")
                     : bus_fault(cause::load_access, addr, "load across an end of RAM at");
    trap(store ? cause::store_misaligned : cause::load_misaligned, addr);
    return false;
}

bool Core::load_slow(uint32_t addr, unsigned len, uint32_t& v) {
    v = 0; // sign extension is the caller's
    if (dmi_.contains(addr, len)) {
        std::memcpy(&v, dmi_.ptr + (addr - dmi_.base), len); // little-endian host
        return true;
    }
    if (addr & (len - 1)) return misaligned_fault(false, addr, len);
    uint8_t buf[4] = {};
    uint64_t extra = 0;
    if (bus_.read(addr, buf, len, extra) != BusStatus::ok)
        return bus_fault(cause::load_access, addr, "load from unmapped address");
    cycles_ += extra;
    std::memcpy(&v, buf, len);
    return true;
}

bool Core::store_slow(uint32_t addr, unsigned len, uint32_t v) {
    if (dmi_.contains(addr, len)) {
        std::memcpy(dmi_.ptr + (addr - dmi_.base), &v, len); // little-endian host
        store_hook(addr, len);
        return true;
    }
    if (addr & (len - 1)) return misaligned_fault(true, addr, len);
    uint8_t buf[4];
    store_le<uint32_t>(buf, v);
    uint64_t extra = 0;
    if (bus_.write(addr, buf, len, extra) != BusStatus::ok)
        return bus_fault(cause::store_access, addr, "store to unmapped address");
    cycles_ += extra;
    return true;
}

// HTIF (riscv-tests convention): a write of (code << 1) | 1 to the low word of
// tohost ends the run.
void Core::store_hook(uint32_t addr, unsigned len) {
    bool overlaps = addr - tohost_ < 4 || tohost_ - addr < len;
    if (tohost_ == 0 || !overlaps || !dmi_.contains(tohost_, 4)) return;
    uint32_t v = load_le<uint32_t>(dmi_.ptr + (tohost_ - dmi_.base));
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
        ++retired_[static_cast<unsigned>(InsnClass::system)]; // DO_ebreak skips COUNT_CLASS
        return;
    }
    --instret_; // a trapping instruction does not retire
    trap(cause::breakpoint, pc_);
}

// Host code counts whole blocks (NativeCode::pending), not classes: added here.
uint64_t Core::retired(InsnClass c) const {
    const NativeCode& native = *blocks_->native;
    if (c != InsnClass::alu) {
        if (c >= InsnClass::count) return 0;
        const unsigned k = static_cast<unsigned>(c);
        return retired_[k] + native.pending(k);
    }
    uint64_t others = 0;
    for (unsigned k = 1; k < static_cast<unsigned>(InsnClass::count); ++k)
        others += retired_[k] + native.pending(k);
    return instret_ - others;
}

} // namespace iss
