// RV32IMC + Zicsr + Zifencei machine-mode instruction-set simulator.
//
// Design (docs/vp-performance.md has the measurements behind it):
//  * Plain C++, no SystemC: the platform wraps it in platform/cpu.h.
//  * run() first runs whole decoded blocks (execute_blocks, rv32_blocks.cpp);
//    the per-instruction interpreter described below (execute) runs what
//    blocks leave out: CSR/system instructions, breakpoints, undecodable
//    instructions, the tail of a chunk and single steps. On x86-64 a block
//    whose instructions the translator knows runs as host code instead of
//    micro-ops (rv32_native.cpp; set_native_code, CMake CIMVP_ISS_NATIVE).
//  * Decode cache: a direct-mapped table of pre-decoded instructions indexed
//    by pc / 2 (64 Ki entries of 16 bytes: tag, handler, registers,
//    immediate, cost). The lookup is an `and`, a `lea` and a tag compare.
//    Only fence.i (and flush_decode_cache) drop it, as the ISA requires of
//    self-modifying code.
//  * Threaded interpreter: each operation has a handler for its 2-byte and
//    one for its 4-byte encoding (the entry stores which), so the next
//    sequential pc is pc + constant. That keeps loads off the
//    pc -> entry -> pc dependency chain, which bounds the speed of a
//    decode-cache interpreter (this made the core 1.75x faster). Every
//    handler ends with its own copy of the fetch/dispatch sequence and an
//    indirect jump (GCC's
//    computed goto; the table comes from the instruction table, rv32_insns.h), so the host
//    predicts each jump from the handler it leaves. Branches stay host
//    branches: a branchless form puts the compare on the pc chain.
//  * DMI fast path: fetches, loads and stores inside the RAM window go
//    straight to host memory, at any alignment (misaligned RAM accesses are
//    done, as on QEMU -M virt). Everything else goes through BusPort, where
//    misaligned accesses trap (cause 4/6): device registers need aligned
//    accesses. An access straddling an end of the window is an access fault.
//    Stores that may reach the HTIF tohost word also take the slow path.
//  * run(limit) executes until the cycle counter reaches `limit`. The loop
//    keeps pc/cycles/instret in locals; the only per-instruction check is
//    `cycles < limit`. Anything that must interrupt the loop (an interrupt
//    line changing, a CSR write that may unmask one, halting, a new DMI
//    window) sets limit_ to 0 from the slow path, so no extra flag is tested
//    per instruction.
//  * Energy accounting counts retired instructions by class (InsnClass): the
//    handlers of non-ALU ops increment a counter (ALU ones, the majority, add
//    nothing; their count is instret minus the others).
//  * x0 is never written: decoding maps rd == 0 to a sink register x[32].
//  * Debugger breakpoints (platform/gdb_server.h) cost nothing per
//    instruction: fill() turns the line of a breakpoint's pc into a "debug
//    break" entry whose handler leaves the loop before the instruction runs,
//    and setting or clearing one only invalidates that line. Guest memory is
//    never patched. step() runs one instruction with a limit of cycles + 1.
//  * Debug triggers (rv32_triggers.h) use the same entry: while one is armed,
//    fill() makes an execute trigger's pc and, for load/store triggers, every
//    load and store a break entry, blocks are off, and run_checked() decides
//    at each such entry (the access's address is known before it runs) whether
//    a trigger fires or the instruction runs on. No trigger armed: no cost.
//
// Switches: ISS_COMPUTED_GOTO (default 1 with GCC/Clang) selects threaded
// dispatch; 0 builds a portable switch over the same handlers (15 to 20%
// slower; tests/iss runs the unit tests against both). kCacheBits sets the
// decode-cache size. The run-ahead per call (the quantum) is the caller's
// choice: platform/cpu.h bounds it by the quantum and the next SystemC event.
#pragma once

#include "platform/iss/bus_port.h"
#include "platform/iss/rv32_csr.h"
#include "platform/iss/rv32_decode.h"
#include "platform/iss/rv32_native.h"
#include "platform/iss/rv32_observer.h"
#include "platform/iss/rv32_triggers.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace iss {

struct BlockCache; // rv32_blocks.h
union BlockSlot;
struct BlockSide;

// Cycles per instruction by class; taken branches and jumps add
// `taken_penalty` (pipeline refill). Defaults model a simple in-order
// 3-stage core (see docs/timing.md).
struct CpiTable {
    uint8_t alu = 1, load = 2, store = 1, branch = 1, jump = 1, taken_penalty = 2, mul = 3,
            div = 34, csr = 1, system = 3;

    // Cycles of an instruction of a cycle class (rv32_insns.h); a jump is always taken.
    unsigned cost(CycleClass c) const {
        switch (c) {
        case CycleClass::load: return load;
        case CycleClass::store: return store;
        case CycleClass::branch: return branch;
        case CycleClass::jump: return jump + taken_penalty;
        case CycleClass::mul: return mul;
        case CycleClass::div: return div;
        case CycleClass::csr: return csr;
        case CycleClass::system: return system;
        default: return alu;
        }
    }
};

enum class BusErrorPolicy { stop, trap }; // on an access to an unmapped address

enum class Stop {
    budget, // reached the cycle limit
    wfi,    // executed wfi with no interrupt pending: wait for set_irq
    halted, // exit requested (semihosting, HTIF) or fatal error
    // At a debugger breakpoint (add_breakpoint) or a debugger's trigger (last_trigger()):
    // pc is the instruction's address, not executed.
    breakpoint,
};

// Why a run ended abnormally; cause uses mcause codes.
struct Fatal {
    bool set = false;
    uint32_t cause = 0, pc = 0, tval = 0;
    std::string what;
};

namespace cause {
enum : uint32_t {
    fetch_misaligned = 0,
    fetch_access = 1,
    illegal_insn = 2,
    breakpoint = 3,
    load_misaligned = 4,
    load_access = 5,
    store_misaligned = 6,
    store_access = 7,
    ecall_m = 11,
    interrupt = 0x80000000u,
};
}

enum IrqBit : unsigned { irq_msi = 3, irq_mti = 7, irq_mei = 11 };

class Core {
  public:
    static constexpr uint32_t kMisaValue = 0x40001104; // RV32 I M C
    static constexpr unsigned kCacheBits = 16;         // 64 Ki decoded entries

    explicit Core(BusPort& bus);
    ~Core();

    // The run loop keeps the window in locals: a new one takes effect after
    // the current instruction.
    // Host code has the window, the tohost address and the costs compiled in: a change drops it.
    void set_dmi(const DmiWindow& w);
    void set_cpi(const CpiTable& t) { cpi_ = t, flush_decode_cache(); }
    void set_bus_error_policy(BusErrorPolicy p) { bus_error_policy_ = p; }
    // Address of the HTIF `tohost` word, if the ELF has one (0: none).
    void set_tohost(uint32_t addr);
    void reset(uint32_t pc);

    Stop run(uint64_t cycle_limit);

    // Architectural state.
    uint32_t reg(unsigned i) const { return i < 32 ? x_[i] : 0; }
    void set_reg(unsigned i, uint32_t v) {
        if (i && i < 32) x_[i] = v;
    }
    uint32_t pc() const { return pc_; }
    void set_pc(uint32_t pc) { pc_ = pc; }
    bool csr_read(uint16_t n, uint32_t& v) const;
    bool csr_write(uint16_t n, uint32_t v);

    uint64_t cycles() const { return cycles_; }
    uint64_t interrupts_taken() const { return interrupts_taken_; }
    uint64_t instret() const { return instret_; }
    // Retired instructions of one class (rv32_decode.h); the classes sum to instret().
    uint64_t retired(InsnClass c) const;
    // Time passes while sleeping in wfi: mcycle keeps agreeing with sim time.
    void add_idle_cycles(uint64_t n) { cycles_ += n; }

    // Interrupt lines (mip bits MSIP, MTIP, MEIP), driven by the platform.
    void set_irq(IrqBit bit, bool level);
    // An enabled interrupt is pending: wfi would not sleep (or must wake).
    bool wakeup_pending() const { return (mip_ & mie_) != 0; }

    void halt(int exit_code);
    bool halted() const { return halted_; }
    int exit_code() const { return exit_code_; }
    const Fatal& fatal() const { return fatal_; }

    // Block execution (default on): runs whole decoded blocks (rv32_blocks.cpp) and
    // the per-instruction loop only where blocks cannot go. Off: the per-instruction
    // loop alone, the reference the block engine is checked against.
    void set_block_execution(bool on) { blocks_on_ = on; }
    // Host code for blocks (default on where built, rv32_native.cpp): blocks whose
    // instructions the translator knows run as x86-64 code instead of micro-ops. Off:
    // the block engine's micro-ops alone, the portable fallback.
    void set_native_code(bool on);
    static bool native_code_available(); // built in, for this host
    // Blocks that have host code now (they are all dropped together): for tests and statistics.
    size_t native_blocks() const;

    // Reports every executed instruction to `o` (nullptr: none) from the next
    // one on; run() then takes the per-instruction path (rv32_observer.h).
    void set_observer(InsnObserver* o) { observer_ = o, break_loop(); }

    void flush_decode_cache();
    // Memory in [addr, addr + len) changed behind the core's back (a debugger
    // wrote it): drops the decoded instructions that overlap it.
    void invalidate_decode_cache(uint32_t addr, uint32_t len);

    // Debugger support. A breakpoint stops run() with Stop::breakpoint before
    // the instruction at its pc executes. Both return false if nothing changed.
    bool add_breakpoint(uint32_t pc);
    bool remove_breakpoint(uint32_t pc);
    bool has_breakpoint(uint32_t pc) const;
    // Debug triggers (rv32_triggers.h). Firmware reaches them through the CSRs; a debugger
    // adds its own here (false when all are taken or nothing matched).
    bool add_debug_trigger(uint32_t kinds, uint32_t addr, uint32_t len);
    bool remove_debug_trigger(uint32_t kinds, uint32_t addr, uint32_t len);
    void remove_debug_triggers();
    // The debugger's trigger that stopped run() last: what fired and the data address (the
    // pc for an execute trigger).
    struct TriggerHit {
        TriggerKind kind = TriggerKind::none;
        uint32_t addr = 0;
    };
    TriggerHit last_trigger() const { return trigger_hit_; }
    // Executes exactly the instruction at pc, even if it has a breakpoint.
    // Interrupts stay pending (as in a debug-mode step with dcsr.stepie = 0),
    // so a step never lands in a handler it did not cause. If the instruction
    // cannot be fetched, only the trap is taken: pc is the handler's address.
    Stop step();

  private:
    struct Entry;   // one decode-cache line
    void execute(); // the per-instruction loop, until cycles_ >= limit_
    void observe_one();
    void run_entry(const Entry& e, uint32_t pc);
    // The block engine: whole blocks while the next one fits before limit_.
    enum class BlockExit { done, interpret_one, tail };
    BlockExit execute_blocks();
    BlockSlot* translate(uint32_t pc);
    void compile_native(BlockSlot* head, const BlockSide* side, unsigned n, bool terminated);
    bool fetch_decode(uint32_t pc, Insn& d) const;
    bool cached_decode(uint32_t pc, Insn& d);
    void set_entry(Entry& e, uint32_t pc, const Insn& d);
    bool fill(Entry& e, uint32_t pc);
    Entry& line(uint32_t pc);
    bool fill_insn(Entry& e, uint32_t pc);
    void drop_line(uint32_t pc);
    void trap(uint32_t cause, uint32_t tval);
    bool stops_before(uint32_t pc);
    bool run_checked();
    bool fire(int trigger, TriggerKind kind, uint32_t tval);
    void triggers_changed();
    bool check_interrupts();
    void break_loop() { limit_ = 0; }

    bool load_slow(uint32_t addr, unsigned len, uint32_t& v);
    bool store_slow(uint32_t addr, unsigned len, uint32_t v);
    bool bus_fault(uint32_t cause, uint32_t addr, const char* what);
    bool misaligned_fault(bool store, uint32_t addr, unsigned len);
    void store_hook(uint32_t addr, unsigned len);
    bool exec_csr(Op op, uint16_t n, uint32_t src, uint8_t rd, bool write);
    void exec_ebreak();
    void fail(uint32_t cause, uint32_t tval, std::string what);

    BusPort& bus_;
    DmiWindow dmi_;
    CpiTable cpi_;
    BusErrorPolicy bus_error_policy_ = BusErrorPolicy::stop;
    std::unique_ptr<Entry[]> cache_;
    std::unique_ptr<BlockCache> blocks_;
    bool blocks_on_ = true;
    bool native_on_ = ISS_NATIVE_AVAILABLE != 0;
    NativeState native_state_; // shared with host code (r12-relative, NativeLayout)
    InsnObserver* observer_ = nullptr;

    uint32_t x_[33] = {}; // x[32] is the sink for writes to x0
    uint32_t pc_ = 0;
    uint64_t cycles_ = 0, instret_ = 0;
    // Retired instructions by class, except ALU ones (instret_ minus the others): each
    // handler of a non-ALU op adds one after it completes, so a trapping instruction,
    // which does not retire, is not counted.
    uint64_t retired_[static_cast<unsigned>(InsnClass::count)] = {};
    uint64_t limit_ = 0, target_ = 0;
    uint64_t interrupts_taken_ = 0;
    bool irq_check_ = false, wfi_ = false;

    uint32_t mstatus_ = 0, mie_ = 0, mip_ = 0, mtvec_ = 0, mscratch_ = 0, mepc_ = 0, mcause_ = 0,
             mtval_ = 0;
    uint64_t cycle_offset_ = 0, instret_offset_ = 0;
    uint32_t tohost_ = 0;

    bool halted_ = false;
    int exit_code_ = 0;
    Fatal fatal_;

    Triggers triggers_;
    TriggerHit trigger_hit_;
    std::vector<uint32_t> breakpoints_; // few: a linear search, and only on decode-cache misses
    bool break_hit_ = false;            // the loop left at a breakpoint's entry
};

} // namespace iss
