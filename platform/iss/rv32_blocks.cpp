// The block engine: Core::translate decodes a straight-line run of guest code
// into micro-ops once (rv32_blocks.h); Core::execute_blocks runs whole blocks.
//
// Exactness. The per-instruction loop (Core::execute) runs an instruction iff
// the cycle count before it is below the limit. A block is entered only if
// that holds for its last instruction (cycles + Head::last_start < limit), so
// it holds for all of them; otherwise the engine returns and Core::run lets
// the per-instruction loop finish the chunk. Inside a block nothing but the
// host pc moves: cycles and instret are added at the terminator. A slow path
// (an access outside the DMI window, a store near tohost) publishes the exact
// pc, cycles and instret of its instruction from the block's side info, and
// the block is left right after it, so that extra bus latency, a trap, an
// interrupt line raised by the device or an exit request are seen before the
// next instruction, as in the per-instruction loop. Instructions with effects
// beyond registers and memory (CSRs, ecall, ebreak, mret, wfi, fence,
// fence.i), breakpoints and undecodable instructions are never put in a
// block: a block ends before them, and the per-instruction loop runs them
// (BlockExit::interpret_one).
//
// Self-modifying code. A block is decoded when control first reaches it,
// through the per-instruction loop's decode cache (both engines run the same
// decoded form of an instruction), and stays valid until fence.i (or a debugger's memory write, a
// breakpoint change, set_cpi): a store to an instruction of an already decoded block, including a
// later instruction of the block that is running, is not seen before fence.i.
// docs/platform/cpu.md states this model.
//
// Host code. When Core::translate has decoded a block, compile_native gives it
// x86-64 code if the translator (rv32_native.cpp) knows all its instructions;
// the block's first micro-op is then `native`, which enters that code. Host
// code follows the rules above (whole blocks only, counts added at the
// terminator, slow paths run on the per-instruction loop from the exact state)
// and chains to other blocks' host code by itself; it comes back here to chain
// a successor the first time (Exit::link, jalr_miss), at a block that does not
// fit (Exit::tail) and before an access outside the DMI window (Exit::interpret).
#include "platform/iss/rv32_blocks.h"
#include "platform/iss/rv32_core.h"
#include "platform/iss/rv32_semantics.h"

namespace iss {

namespace {
// Micro-op handler indexes: the Op, then two pseudo-ops.
constexpr unsigned kExitOp = static_cast<unsigned>(Op::count); // jump to next_pc
constexpr unsigned kInterpOp = kExitOp + 1;   // run one instruction per-instruction
constexpr unsigned kNativeOp = kInterpOp + 1; // op 0 of a block with host code: run that
} // namespace

bool Core::fetch_decode(uint32_t pc, Insn& d) const {
    if (!dmi_.contains(pc, 2)) return false;
    const uint8_t* p = dmi_.ptr + (pc - dmi_.base);
    uint32_t raw = semantics::load_le<uint16_t>(p);
    if (insn_length(static_cast<uint16_t>(raw)) == 4) {
        if (!dmi_.contains(pc, 4)) return false;
        raw = semantics::load_le<uint32_t>(p);
    }
    d = decode(raw);
    return d.op != Op::illegal;
}

// Decodes the block at pc into the arena and enters it in the table. The
// micro-ops' handler fields hold handler indexes; execute_blocks turns them
// into addresses.
BlockSlot* Core::translate(uint32_t pc) {
    BlockCache& bc = *blocks_;
    if (bc.used + BlockCache::kMaxSlots > BlockCache::kArenaSlots) bc.flush();
    if (native_on_ && !bc.native->room()) bc.flush();
    BlockSlot* const head = &bc.arena[bc.used];
    BlockSlot* const ops = head + 1;
    BlockSide* const side = &bc.side[bc.used + 1];
    uint32_t cur = pc, cycles = 0, last_cost = 0;
    unsigned n = 0;
    bool terminated = false;
    while (n < BlockCache::kMaxInsns && !terminated) {
        if (__builtin_expect(!breakpoints_.empty(), 0) && has_breakpoint(cur)) break;
        Insn d;
        if (!cached_decode(cur, d)) break; // the per-instruction loop traps on it
        const CycleClass cc = cycle_class(d.op);
        if (cc == CycleClass::csr || cc == CycleClass::system) break;
        BlockOp& o = ops[n].op;
        o.handler = static_cast<unsigned>(d.op);
        o.imm = d.imm;
        o.rd = (d.rd == 0 && writes_rd(d.op)) ? 32 : d.rd;
        o.rs1 = d.rs1, o.rs2 = d.rs2;
        o.index = static_cast<uint8_t>(n);
        if (d.op == Op::auipc) o.imm = static_cast<int32_t>(cur + d.imm); // its result
        last_cost = cpi_.cost(cc);
        cycles += last_cost;
        side[n] = BlockSide{cur, static_cast<uint16_t>(cycles), d.len, 0};
        terminated = cc == CycleClass::branch || cc == CycleClass::jump;
        cur += d.len;
        ++n;
    }
    unsigned nops = n;
    if (n == 0) {
        ops[0].op = BlockOp{kInterpOp, 0, 0, 0, 0, 0};
        head->head = BlockHead{pc, 0, 1, 0};
        bc.used += 2;
    } else {
        if (!terminated) ops[nops++].op = BlockOp{kExitOp, 0, 0, 0, 0, static_cast<uint8_t>(n)};
        const BlockOp& last = ops[nops - 1].op;
        // Branches and jal: the target; jalr: none seen yet (odd: no target matches).
        const bool pc_relative = terminated && last.handler != static_cast<unsigned>(Op::jalr);
        const uint32_t taken_pc = pc_relative ? side[n - 1].pc + uint32_t(last.imm) : 1u;
        ops[nops].tail1 = BlockTail1{cycles, n, taken_pc, cur};
        ops[nops + 1].tail2 = BlockTail2{nullptr, nullptr};
        head->head = BlockHead{pc, cycles - last_cost, nops, 0};
        bc.used += 1 + nops + 2;
        if (native_on_) compile_native(head, side, n, terminated);
    }
    bc.slot_of(pc) = head;
    return head;
}

// Gives the block at head host code if the translator knows all its instructions:
// its first micro-op then enters that code.
void Core::compile_native(BlockSlot* head, const BlockSide* side, unsigned n, bool terminated) {
    NativeInsn insns[BlockCache::kMaxInsns];
    for (unsigned k = 0; k < n; ++k) {
        const BlockOp& o = head[1 + k].op;
        insns[k] = NativeInsn{
            static_cast<Op>(o.handler), o.rd, o.rs1, o.rs2, o.imm, side[k].pc, side[k].through};
    }
    const BlockSlot* tail = head + 1 + head->head.ops;
    NativeBlock b{head->head.pc,
                  head->head.last_start,
                  tail->tail1.cycles,
                  tail->tail1.taken_pc,
                  tail->tail1.next_pc,
                  insns,
                  n,
                  terminated,
                  cpi_.taken_penalty,
                  dmi_.base,
                  dmi_.size,
                  tohost_ - 3};
    const uint8_t* code = blocks_->native->compile(b);
    if (code == nullptr) return;
    head->head.native = blocks_->native->offset(code);
    head[1].op.handler = kNativeOp;
}

// ---- the engine ---------------------------------------------------------------
//
// Locals: pc is only meaningful at block boundaries; cyc and ret are the
// counts at the start of the running block. SYNC_OUT publishes the exact state
// of the running instruction (for a slow path); SLOW_DONE leaves the block
// after it; TRAPPED leaves it after a trap (the instruction does not retire).
#define SLOT(op) reinterpret_cast<BlockSlot*>(op)
#define SIDE() side[SLOT(e) - arena]
#define SYNC_OUT() (pc_ = SIDE().pc, cycles_ = cyc + SIDE().through, instret_ = ret + e->index + 1)
#define SYNC_IN() (void)0
#define TRAPPED()                                                                                  \
    {                                                                                              \
        --instret_;                                                                                \
        goto leave_synced;                                                                         \
    }
#define SLOW_DONE(insn_class)                                                                      \
    {                                                                                              \
        ++retired_[static_cast<unsigned>(insn_class)];                                             \
        pc_ = SIDE().pc + SIDE().len;                                                              \
        goto leave_synced;                                                                         \
    }
#if ISS_COMPUTED_GOTO
#define BLABEL(name) b_##name
#define BEXIT b_exit
#define BINTERP b_interp
#define BNATIVE b_native
#define DISPATCH() goto* reinterpret_cast<void*>(e->handler)
#else
#define BLABEL(name) case static_cast<unsigned>(Op::name)
#define BEXIT case kExitOp
#define BINTERP case kInterpOp
#define BNATIVE case kNativeOp
#define DISPATCH() goto dispatch
#endif
#define NEXT_OP()                                                                                  \
    do {                                                                                           \
        ++e;                                                                                       \
        DISPATCH();                                                                                \
    } while (0)
// Enters the block whose head is b, if all of it fits before the limit.
#define ENTER()                                                                                    \
    {                                                                                              \
        if (__builtin_expect(cyc + b->head.last_start >= limit, 0)) goto leave_tail;               \
        e = &b[1].op;                                                                              \
        DISPATCH();                                                                                \
    }
// Goes on at the successor `link` (taken or next) of the terminator e, chaining
// it on first use.
#define FOLLOW(link, target)                                                                       \
    {                                                                                              \
        b = SLOT(e)[2].tail2.link;                                                                 \
        if (__builtin_expect(b == nullptr, 0)) {                                                   \
            pc = (target);                                                                         \
            chain = &SLOT(e)[2].tail2.link;                                                        \
            goto link_block;                                                                       \
        }                                                                                          \
        ENTER();                                                                                   \
    }
// The terminator adds the block's cycles and instructions.
#define END_BLOCK(t)                                                                               \
    const BlockTail1& t = SLOT(e)[1].tail1;                                                        \
    cyc += t.cycles;                                                                               \
    ret += t.count
// Blocks know each instruction's pc when they decode it: translate stores
// auipc's result as its immediate. No handler then reads pc, so the compiler
// drops the semantics' `pc += L` from every handler.
#undef DO_auipc
#define DO_auipc(L) WRITE_RD(L, IMM)
#undef BRANCH
#define BRANCH(L, cond)                                                                            \
    {                                                                                              \
        END_BLOCK(t);                                                                              \
        ++retired_[static_cast<unsigned>(InsnClass::branch)];                                      \
        if (cond) {                                                                                \
            cyc += penalty;                                                                        \
            FOLLOW(taken, t.taken_pc);                                                             \
        }                                                                                          \
        FOLLOW(next, t.next_pc);                                                                   \
    }

// Handlers by cycle class (the table's column): straight-line ops continue
// with the next micro-op, branches end the block; jal and jalr are written out
// below; CSR and system ops never reach a block.
#define BLOCK_HANDLER(name, format, ext, rd, cycle, ...) BLOCK_HANDLER_##cycle(name)
#define BLOCK_BODY(name) BLABEL(name) : DO_##name(4) COUNT_CLASS(name) NEXT_OP();
#define BLOCK_HANDLER_alu(name) BLOCK_BODY(name)
#define BLOCK_HANDLER_load(name) BLOCK_BODY(name)
#define BLOCK_HANDLER_store(name) BLOCK_BODY(name)
#define BLOCK_HANDLER_mul(name) BLOCK_BODY(name)
#define BLOCK_HANDLER_div(name) BLOCK_BODY(name)
#define BLOCK_HANDLER_branch(name) BLABEL(name) : DO_##name(4)
#define BLOCK_HANDLER_jump(name)
#define BLOCK_HANDLER_csr(name)
#define BLOCK_HANDLER_system(name)
#define BLOCK_LABEL(name, format, ext, rd, cycle, ...) BLOCK_LABEL_##cycle(name),
#define BLOCK_LABEL_alu(name) &&b_##name
#define BLOCK_LABEL_load(name) &&b_##name
#define BLOCK_LABEL_store(name) &&b_##name
#define BLOCK_LABEL_mul(name) &&b_##name
#define BLOCK_LABEL_div(name) &&b_##name
#define BLOCK_LABEL_branch(name) &&b_##name
#define BLOCK_LABEL_jump(name) &&b_##name
#define BLOCK_LABEL_csr(name) &&b_interp
#define BLOCK_LABEL_system(name) &&b_interp

#if ISS_COMPUTED_GOTO && defined(__GNUC__) && !defined(__clang__)
// As for Core::execute: keep one copy of the dispatch per handler.
__attribute__((optimize("no-crossjumping", "no-tree-tail-merge", "no-gcse")))
#endif
Core::BlockExit
Core::execute_blocks() {
#if ISS_COMPUTED_GOTO
    // clang-format off
    static void* const labels[] = {
        &&b_interp, // Op::illegal
        ISS_INSNS(BLOCK_LABEL)
        &&b_exit,   // kExitOp
        &&b_interp, // kInterpOp
        &&b_native, // kNativeOp
    };
    // clang-format on
    static_assert(sizeof labels / sizeof labels[0] == kNativeOp + 1, "one label per handler");
#endif
    BlockCache& bc = *blocks_;
    BlockSlot* const arena = bc.arena.get();
    const BlockSide* const side = bc.side.get();
    uint32_t* const x = x_;
    uint8_t* const mem = dmi_.ptr;
    const uint32_t base = dmi_.base, size = dmi_.size;
    const uint32_t tohost_guard = tohost_ - 3; // first address of a store that can reach tohost
    const uint64_t penalty = cpi_.taken_penalty;
    const uint64_t limit = limit_;
    uint32_t pc = pc_;
    uint64_t cyc = cycles_, ret = instret_;
    BlockSlot* b;
    BlockSlot** chain = nullptr;
    BlockOp* e;
    // The block at `at`, translated first if the cache does not hold it (slow paths only).
    auto block_at = [&](uint32_t at) {
        BlockSlot* s = bc.slot_of(at);
        if (s->head.pc == at) return s;
        s = translate(at);
#if ISS_COMPUTED_GOTO
        for (BlockSlot* o = s + 1; o <= s + s->head.ops; ++o)
            o->op.handler = reinterpret_cast<uintptr_t>(labels[o->op.handler]);
#endif
        return s;
    };

    b = bc.slot_of(pc);
    if (__builtin_expect(b->head.pc != pc, 0)) goto translate_block;
    ENTER();

#if !ISS_COMPUTED_GOTO
dispatch:
    switch (e->handler) {
#endif
        ISS_INSNS(BLOCK_HANDLER)

        BLABEL(jal) : {
            END_BLOCK(t);
            ++retired_[static_cast<unsigned>(InsnClass::branch)];
            RD = t.next_pc;
            FOLLOW(taken, t.taken_pc);
        }
        BLABEL(jalr) : {
            END_BLOCK(t);
            ++retired_[static_cast<unsigned>(InsnClass::branch)];
            const uint32_t target = (RS1 + IMM) & ~1u;
            RD = t.next_pc;
            // One-entry cache of the last target (returns from one call site).
            if (__builtin_expect(target == t.taken_pc, 1)) FOLLOW(taken, target);
            SLOT(e)[1].tail1.taken_pc = target;
            pc = target;
            chain = &SLOT(e)[2].tail2.taken;
            goto link_block;
        }
    BEXIT : {
        END_BLOCK(t);
        FOLLOW(next, t.next_pc);
    }
    BINTERP:
        pc = SLOT(e)[-1].head.pc;
        goto leave_one;
    BNATIVE : {
        NativeCode& native = *bc.native;
        native_state_.cycles = cyc, native_state_.instret = ret;
        native_state_.limit = limit, native_state_.mem = mem;
        const NativeCode::Exit why = native.enter(this, native.at(SLOT(e)[-1].head.native));
        cyc = native_state_.cycles, ret = native_state_.instret, pc = native_state_.pc;
        switch (why) {
        case NativeCode::tail: goto leave_pc;
        case NativeCode::interpret: goto leave_one;
        case NativeCode::link: goto native_link;
        case NativeCode::jalr_miss: goto native_jalr;
        }
        goto leave_one;
    }
#if !ISS_COMPUTED_GOTO
    default: pc = SLOT(e)[-1].head.pc; goto leave_one;
    }
#endif

link_block : {
    const uint32_t generation = bc.generation;
    b = block_at(pc);
    if (bc.generation == generation) *chain = b; // else e's block is gone
    ENTER();
}

native_link : { // a block's host code wants its successor at pc
    void* const slot = native_state_.chain;
    const uint32_t generation = bc.generation;
    b = block_at(pc);
    if (bc.generation == generation && b->head.native) // else the slot is gone
        NativeCode::set_link(slot, bc.native->at(b->head.native));
    ENTER();
}

native_jalr : { // a jalr's host code missed its cached target
    NativeLinks* const links = static_cast<NativeLinks*>(native_state_.chain);
    const uint32_t generation = bc.generation;
    b = block_at(pc);
    if (bc.generation == generation && b->head.native) {
        links->jalr_target = pc;
        links->taken = bc.native->at(b->head.native);
    }
    ENTER();
}

translate_block:
    b = block_at(pc);
    ENTER();

leave_tail:
    pc = b->head.pc;
leave_pc:
    pc_ = pc, cycles_ = cyc, instret_ = ret;
    return BlockExit::tail;
leave_one:
    pc_ = pc, cycles_ = cyc, instret_ = ret;
    return BlockExit::interpret_one;
leave_synced:
    return BlockExit::done;
}

} // namespace iss
