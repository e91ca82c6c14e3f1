// A translator of the block engine's blocks (rv32_blocks.h) to x86-64 host code.
//
// Why. The block engine runs a micro-op per guest instruction with the guest
// registers in memory (x_[32]), so a chain of dependent guest instructions is
// a chain of host stores and loads through store-to-load forwarding plus an
// indirect jump per instruction (docs/vp-performance.md, "ISS speed II").
// Host code keeps the guest registers a block uses in host registers, writes
// the changed ones back when it leaves the block, and jumps straight to the
// next block's host code.
//
// What is translated. A block is compiled when the block engine first decodes
// it (Core::translate) if every instruction is an ALU op (register or
// immediate), lui, auipc, a multiply (mul, mulh, mulhsu, mulhu), a load or a
// store, and it ends with a branch, jal, jalr or no control transfer.
// Anything else (divisions, and what blocks already leave out: CSR and system
// instructions, breakpoints) leaves the block's micro-ops to the block engine,
// so the engine remains the fallback, and the per-instruction loop behind it.
//
// Exactness. The block engine's rules hold unchanged: a block runs whole or
// not at all (its prologue tests cycles + last_start < limit and otherwise
// exits with Exit::tail, so that the per-instruction loop finishes the chunk);
// the terminator adds the block's cycles, instructions and retired-by-class
// counts (and the taken penalty); a load or store outside the DMI window, or
// a store that may reach tohost, exits *before* the instruction with the
// exact pc, cycles and instret of the instructions before it (Exit::interpret)
// and the per-instruction loop runs it, exactly as it does without blocks.
// The window, the tohost address and the cycle costs are compiled in: the
// core drops all blocks (and their host code) when one of them changes, and
// at fence.i, a debugger's write and a breakpoint change, as before.
//
// Host registers. r12 = the Core (guest registers and counters at fixed
// offsets, NativeLayout), r13 = the cycle limit, r14 = instret and r15 =
// cycles at the start of the running block, rbx = the DMI window's host
// pointer; rax, rcx, rdx are scratch; rsi, rdi, rbp, r8-r11 cache guest
// registers within a block (least recently used evicted, dirty ones written
// back at every exit). The entry stub saves the callee-saved registers, loads
// these from NativeState and jumps to a block; the exit stub stores cycles and
// instret back and returns the exit code. Host code calls nothing.
//
// Chaining. Each block's successors are slots in data memory (NativeLinks),
// first pointing to the block's own link stubs, which exit with Exit::link;
// the block engine then finds or translates the successor and, if it has
// host code, points the slot at it. A jalr keeps its last target and that
// target's host code (one-entry cache, as the block engine's jalr).
//
// W^X. The code buffer is shared memory (memfd) mapped twice: read-execute
// where it runs, read-write elsewhere for the copying, so that compiling a
// block costs no system call (two mprotect calls per block cost 7 % of the
// tnn-cnn run, docs/vp-performance.md). Where that cannot be set up (no
// memfd, or NativeCode::use_alias_ off for the tests) the one mapping is made
// read-write only while a block is copied into it, read-execute otherwise.
// Either way no mapping is writable and executable at once.
//
// Switches: ISS_NATIVE (CMake CIMVP_ISS_NATIVE, default ON) builds it on
// x86-64; Core::set_native_code(false) runs the block engine's micro-ops
// instead (the unit tests check both against the per-instruction loop).
#include "platform/iss/rv32_native.h"

#if ISS_NATIVE_AVAILABLE

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <initializer_list>
#include <vector>

namespace iss {

namespace {

constexpr size_t kCodeBytes = 32u << 20;
constexpr size_t kMaxBlockBytes = 64u << 10; // far above 64 instructions' worst case
constexpr size_t kMaxLinks = 1u << 17;
constexpr size_t kLinkBytes = kMaxLinks * sizeof(NativeLinks); // after the code, read-write
constexpr unsigned kClasses = static_cast<unsigned>(InsnClass::count);

enum Reg : unsigned {
    rax,
    rcx,
    rdx,
    rbx,
    rsp,
    rbp,
    rsi,
    rdi,
    r8,
    r9,
    r10,
    r11,
    r12,
    r13,
    r14,
    r15
};
enum Cond : uint8_t { kB = 2, kAE = 3, kE = 4, kNE = 5, kA = 7, kL = 12, kGE = 13 };
constexpr unsigned kPool[] = {rsi, rdi, r8, r9, r10, r11, rbp};
constexpr unsigned kPoolSize = sizeof kPool / sizeof kPool[0];

// A minimal x86-64 encoder: just the forms the translator emits.
class Asm {
  public:
    std::vector<uint8_t> b;

    size_t here() const { return b.size(); }
    void u8(unsigned v) { b.push_back(static_cast<uint8_t>(v)); }
    void u32(uint32_t v) {
        for (int k = 0; k < 4; ++k) u8(v >> (8 * k));
    }
    void u64(uint64_t v) {
        for (int k = 0; k < 8; ++k) u8(static_cast<unsigned>(v >> (8 * k)));
    }
    void rex(bool w, unsigned r, unsigned x, unsigned base) {
        const unsigned v = 0x40 | (w << 3) | ((r >> 3) << 2) | ((x >> 3) << 1) | (base >> 3);
        if (v != 0x40) u8(v);
    }
    void ops(std::initializer_list<uint8_t> op) {
        for (uint8_t o : op) u8(o);
    }
    // op reg, rm (both registers)
    void rr(std::initializer_list<uint8_t> op, unsigned reg, unsigned rm, bool w = false) {
        rex(w, reg, 0, rm);
        ops(op);
        u8(0xC0 | (reg & 7) << 3 | (rm & 7));
    }
    // op reg, [base + disp32]
    void rm(std::initializer_list<uint8_t> op, unsigned reg, unsigned base, int32_t disp,
            bool w = false) {
        rex(w, reg, 0, base);
        ops(op);
        u8(0x80 | (reg & 7) << 3 | (base & 7));
        if ((base & 7) == rsp) u8(0x24);
        u32(static_cast<uint32_t>(disp));
    }
    // op reg, [base + index] (base is not rbp or r13)
    void rmi(std::initializer_list<uint8_t> op, unsigned reg, unsigned base, unsigned index) {
        rex(false, reg, index, base);
        ops(op);
        u8(0x04 | (reg & 7) << 3);
        u8((index & 7) << 3 | (base & 7));
    }
    void mov_imm(unsigned r, uint32_t v) {
        rex(false, 0, 0, r);
        u8(0xB8 + (r & 7));
        u32(v);
    }
    void mov_imm64(unsigned r, uint64_t v) {
        rex(true, 0, 0, r);
        u8(0xB8 + (r & 7));
        u64(v);
    }
    void mov(unsigned dst, unsigned src) {
        if (dst != src) rr({0x89}, src, dst);
    }
    void alu_imm(unsigned ext, unsigned r, uint32_t v, bool w = false) {
        rr({0x81}, ext, r, w);
        u32(v);
    }
    // jcc/jmp rel32 to a position of this buffer: returns the rel32's offset for patch().
    size_t jcc(uint8_t cc) {
        ops({0x0F, static_cast<uint8_t>(0x80 | cc)});
        u32(0);
        return here() - 4;
    }
    size_t jmp() {
        u8(0xE9);
        u32(0);
        return here() - 4;
    }
    void patch(size_t at, size_t target) {
        const uint32_t rel = static_cast<uint32_t>(target - (at + 4));
        std::memcpy(&b[at], &rel, 4);
    }
};

// ALU /digit of 0x81 and the r/m, reg opcodes.
enum AluExt : unsigned { kAdd = 0, kOr = 1, kAnd = 4, kSub = 5, kXor = 6, kCmp = 7 };
uint8_t alu_opcode(unsigned ext) { return static_cast<uint8_t>(ext * 8 + 1); }

// Translates one block.
class Compiler {
  public:
    Compiler(const NativeBlock& blk, const NativeLayout& l, NativeLinks* links, uint8_t* at,
             const uint8_t* exit)
        : blk_(blk), l_(l), links_(links), at_(at), exit_(exit) {
        for (auto& h : host_of_) h = -1;
        for (unsigned k = 0; k < kPoolSize; ++k) guest_of_[k] = -1, dirty_[k] = false;
    }

    bool run() {
        for (unsigned i = 0; i < blk_.count; ++i)
            if (!supported(blk_.insns[i].op, i + 1 == blk_.count && blk_.terminated)) return false;
        // Prologue: the block fits before the limit, or the per-instruction loop finishes.
        a_.rm({0x8D}, rax, r15, static_cast<int32_t>(blk_.last_start), true); // lea rax, [r15 + ls]
        a_.rr({0x39}, r13, rax, true);                                        // cmp rax, r13
        tail_jump_ = a_.jcc(kAE);
        const unsigned body = blk_.terminated ? blk_.count - 1 : blk_.count;
        for (unsigned i = 0; i < body; ++i) insn(i);
        terminator();
        stubs();
        return true;
    }
    const std::vector<uint8_t>& bytes() const { return a_.b; }
    // The block's instructions by class (after run()).
    const uint64_t* classes() const { return classes_; }

  private:
    struct Slow { // an exit before instruction `index` (its access left the window)
        size_t jump;
        unsigned index;
        std::vector<std::pair<unsigned, unsigned>> dirty; // host, guest
        uint64_t classes[static_cast<unsigned>(InsnClass::count)];
    };

    const NativeBlock& blk_;
    const NativeLayout& l_;
    NativeLinks* links_;
    uint8_t* at_; // where the code will be
    const uint8_t* exit_;
    Asm a_;
    int host_of_[33];
    int guest_of_[kPoolSize];
    bool dirty_[kPoolSize];
    uint64_t stamp_[kPoolSize] = {};
    uint64_t clock_ = 0;
    uint64_t classes_[static_cast<unsigned>(InsnClass::count)] = {};
    std::vector<Slow> slow_;
    size_t tail_jump_ = 0;

    static bool supported(Op op, bool last) {
        const CycleClass c = cycle_class(op);
        if (last) return c == CycleClass::branch || c == CycleClass::jump;
        return c == CycleClass::alu || c == CycleClass::load || c == CycleClass::store ||
               c == CycleClass::mul;
    }

    int32_t xoff(unsigned g) const { return l_.x + static_cast<int32_t>(4 * g); }
    int32_t soff(size_t field) const { return l_.state + static_cast<int32_t>(field); }
    int32_t roff(unsigned k) const { return l_.retired + static_cast<int32_t>(8 * k); }

    // ---- guest register cache ----
    unsigned victim() {
        unsigned v = 0;
        for (unsigned k = 0; k < kPoolSize; ++k) {
            if (guest_of_[k] < 0) return k;
            if (stamp_[k] < stamp_[v]) v = k;
        }
        if (dirty_[v]) a_.rm({0x89}, kPool[v], r12, xoff(guest_of_[v]));
        host_of_[guest_of_[v]] = -1;
        guest_of_[v] = -1, dirty_[v] = false;
        return v;
    }
    unsigned bind(unsigned g) {
        const unsigned k = victim();
        guest_of_[k] = static_cast<int>(g), host_of_[g] = static_cast<int>(k);
        return k;
    }
    // A host register holding guest register g (x0 reads as 0).
    unsigned use(unsigned g) {
        int k = host_of_[g];
        if (k < 0) {
            k = static_cast<int>(bind(g));
            if (g == 0)
                a_.mov_imm(kPool[k], 0);
            else
                a_.rm({0x8B}, kPool[k], r12, xoff(g));
        }
        stamp_[k] = ++clock_;
        return kPool[k];
    }
    // Writes host register src to guest register g (32: dropped).
    void put(unsigned g, unsigned src) {
        if (g >= 32) return;
        int k = host_of_[g];
        if (k < 0) k = static_cast<int>(bind(g));
        stamp_[k] = ++clock_, dirty_[k] = true;
        a_.mov(kPool[k], src);
    }
    // The host register of guest register g (< 32), about to be written: dirty from now on.
    unsigned def(unsigned g) {
        int k = host_of_[g];
        if (k < 0) k = static_cast<int>(bind(g));
        stamp_[k] = ++clock_, dirty_[k] = true;
        return kPool[k];
    }
    void put_imm(unsigned g, uint32_t v) {
        if (g >= 32) return;
        int k = host_of_[g];
        if (k < 0) k = static_cast<int>(bind(g));
        stamp_[k] = ++clock_, dirty_[k] = true;
        a_.mov_imm(kPool[k], v);
    }
    // A guest register's value for the terminator, after write-back: cached or loaded into tmp.
    unsigned peek(unsigned g, unsigned tmp) {
        if (host_of_[g] >= 0) return kPool[host_of_[g]];
        if (g == 0)
            a_.mov_imm(tmp, 0);
        else
            a_.rm({0x8B}, tmp, r12, xoff(g));
        return tmp;
    }
    std::vector<std::pair<unsigned, unsigned>> dirty_list() const {
        std::vector<std::pair<unsigned, unsigned>> d;
        for (unsigned k = 0; k < kPoolSize; ++k)
            if (dirty_[k]) d.emplace_back(kPool[k], static_cast<unsigned>(guest_of_[k]));
        return d;
    }
    void write_back(const std::vector<std::pair<unsigned, unsigned>>& d) {
        for (auto& hg : d) a_.rm({0x89}, hg.first, r12, xoff(hg.second));
    }
    void add_classes(const uint64_t* classes) {
        for (unsigned k = 1; k < static_cast<unsigned>(InsnClass::count); ++k)
            if (classes[k]) a_.rm({0x81}, kAdd, r12, roff(k), true), a_.u32(uint32_t(classes[k]));
    }

    // ---- instructions ----
    void slow_exit(size_t jump, unsigned index) {
        Slow s{jump, index, dirty_list(), {}};
        std::memcpy(s.classes, classes_, sizeof classes_);
        slow_.push_back(std::move(s));
    }
    void setcc_result(uint8_t cc, unsigned rd) {
        a_.ops({0x0F, static_cast<uint8_t>(0x90 | cc), 0xC0}); // setcc al
        a_.ops({0x0F, 0xB6, 0xC0});                            // movzx eax, al
        put(rd, rax);
    }
    void mul_high(const NativeInsn& d, bool signed1, bool signed2) {
        const unsigned s1 = use(d.rs1), s2 = use(d.rs2);
        if (signed1)
            a_.rr({0x63}, rax, s1, true); // movsxd rax, s1
        else
            a_.mov(rax, s1);
        if (signed2)
            a_.rr({0x63}, rcx, s2, true);
        else
            a_.mov(rcx, s2);
        a_.rr({0x0F, 0xAF}, rax, rcx, true); // imul rax, rcx
        a_.rr({0xC1}, 5, rax, true);         // shr rax, 32
        a_.u8(32);
        put(d.rd, rax);
    }
    void load(const NativeInsn& d, unsigned index, unsigned size,
              std::initializer_list<uint8_t> op) {
        const unsigned s1 = use(d.rs1);
        a_.rm({0x8D}, rcx, s1, static_cast<int32_t>(uint32_t(d.imm) - blk_.dmi_base)); // a - base
        a_.alu_imm(kCmp, rcx, blk_.dmi_size - size);
        slow_exit(a_.jcc(kA), index);
        a_.rmi(op, d.rd < 32 ? def(d.rd) : rax, rbx, rcx); // the access happens for x0 too
    }
    void store(const NativeInsn& d, unsigned index, unsigned size) {
        const unsigned s1 = use(d.rs1), s2 = use(d.rs2);
        a_.rm({0x8D}, rcx, s1, static_cast<int32_t>(uint32_t(d.imm) - blk_.dmi_base));
        a_.alu_imm(kCmp, rcx, blk_.dmi_size - size);
        slow_exit(a_.jcc(kA), index);
        // a - tohost_guard < 11: may reach tohost (the per-instruction loop checks it).
        a_.rm({0x8D}, rdx, rcx, static_cast<int32_t>(blk_.dmi_base - blk_.tohost_guard));
        a_.alu_imm(kCmp, rdx, 11);
        slow_exit(a_.jcc(kB), index);
        a_.mov(rdx, s2);
        if (size == 2) a_.u8(0x66);
        a_.rmi({static_cast<uint8_t>(size == 1 ? 0x88 : 0x89)}, rdx, rbx, rcx);
    }
    // rd = rs1 op rs2 in rd's host register (x0's sink: nothing to do).
    void alu_rr(const NativeInsn& d, unsigned ext, bool commutes) {
        if (d.rd >= 32) return;
        const unsigned s1 = use(d.rs1), s2 = use(d.rs2), hd = def(d.rd);
        if (hd == s2 && hd != s1) {
            if (commutes) return a_.rr({alu_opcode(ext)}, s1, hd);
            a_.mov(rax, s1);
            a_.rr({alu_opcode(ext)}, s2, rax);
            return a_.mov(hd, rax);
        }
        a_.mov(hd, s1);
        a_.rr({alu_opcode(ext)}, s2, hd);
    }
    void alu_ri(const NativeInsn& d, unsigned ext) {
        if (d.rd >= 32) return;
        const unsigned s1 = use(d.rs1), hd = def(d.rd);
        a_.mov(hd, s1);
        if (d.imm != 0 || ext == kAnd) a_.alu_imm(ext, hd, uint32_t(d.imm));
    }
    void shift_ri(const NativeInsn& d, unsigned ext) {
        if (d.rd >= 32) return;
        const unsigned s1 = use(d.rs1), hd = def(d.rd);
        a_.mov(hd, s1);
        a_.rr({0xC1}, ext, hd);
        a_.u8(d.imm & 31);
    }
    void shift_rr(const NativeInsn& d, unsigned ext) {
        if (d.rd >= 32) return;
        const unsigned s1 = use(d.rs1), s2 = use(d.rs2), hd = def(d.rd);
        a_.mov(rcx, s2);
        a_.mov(hd, s1);
        a_.rr({0xD3}, ext, hd); // the host masks the count to 5 bits, as RV32 does
    }
    void compare_rr(const NativeInsn& d, uint8_t cc) {
        const unsigned s1 = use(d.rs1), s2 = use(d.rs2);
        a_.rr({0x39}, s2, s1); // cmp s1, s2
        setcc_result(cc, d.rd);
    }
    void compare_ri(const NativeInsn& d, uint8_t cc) {
        a_.alu_imm(kCmp, use(d.rs1), uint32_t(d.imm));
        setcc_result(cc, d.rd);
    }

    void insn(unsigned i) {
        const NativeInsn& d = blk_.insns[i];
        switch (d.op) {
        case Op::lui:
        case Op::auipc: put_imm(d.rd, uint32_t(d.imm)); break;
        case Op::addi: alu_ri(d, kAdd); break;
        case Op::xori: alu_ri(d, kXor); break;
        case Op::ori: alu_ri(d, kOr); break;
        case Op::andi: alu_ri(d, kAnd); break;
        case Op::slti: compare_ri(d, kL); break;
        case Op::sltiu: compare_ri(d, kB); break;
        case Op::slli: shift_ri(d, 4); break;
        case Op::srli: shift_ri(d, 5); break;
        case Op::srai: shift_ri(d, 7); break;
        case Op::add: alu_rr(d, kAdd, true); break;
        case Op::sub: alu_rr(d, kSub, false); break;
        case Op::xor_: alu_rr(d, kXor, true); break;
        case Op::or_: alu_rr(d, kOr, true); break;
        case Op::and_: alu_rr(d, kAnd, true); break;
        case Op::sll: shift_rr(d, 4); break;
        case Op::srl: shift_rr(d, 5); break;
        case Op::sra: shift_rr(d, 7); break;
        case Op::slt: compare_rr(d, kL); break;
        case Op::sltu: compare_rr(d, kB); break;
        case Op::mul: {
            if (d.rd >= 32) break;
            const unsigned s1 = use(d.rs1), s2 = use(d.rs2), hd = def(d.rd);
            if (hd == s2) {
                a_.rr({0x0F, 0xAF}, hd, s1); // imul hd, s1
            } else {
                a_.mov(hd, s1);
                a_.rr({0x0F, 0xAF}, hd, s2);
            }
            break;
        }
        case Op::mulh: mul_high(d, true, true); break;
        case Op::mulhsu: mul_high(d, true, false); break;
        case Op::mulhu: mul_high(d, false, false); break;
        case Op::lb: load(d, i, 1, {0x0F, 0xBE}); break;
        case Op::lh: load(d, i, 2, {0x0F, 0xBF}); break;
        case Op::lw: load(d, i, 4, {0x8B}); break;
        case Op::lbu: load(d, i, 1, {0x0F, 0xB6}); break;
        case Op::lhu: load(d, i, 2, {0x0F, 0xB7}); break;
        case Op::sb: store(d, i, 1); break;
        case Op::sh: store(d, i, 2); break;
        case Op::sw: store(d, i, 4); break;
        default: break; // excluded by supported()
        }
        ++classes_[static_cast<unsigned>(insn_class(d.op))];
    }

    // Jumps through a chaining slot (the slots follow the code buffer: rip-relative).
    void jump_via(const uint8_t* const* slot) {
        a_.ops({0xFF, 0x25}); // jmp [rip + rel32]
        const uint8_t* const end = at_ + a_.here() + 4;
        a_.u32(static_cast<uint32_t>(reinterpret_cast<const uint8_t*>(slot) - end));
    }
    void jump_exit() {
        const size_t at = a_.jmp();
        const uint32_t rel = static_cast<uint32_t>(exit_ - (at_ + at + 4));
        std::memcpy(&a_.b[at], &rel, 4);
    }
    void exit_with(NativeCode::Exit why) {
        a_.mov_imm(rax, why);
        jump_exit();
    }

    void terminator() {
        // The block retires: cycles, instructions and classes.
        if (blk_.terminated)
            ++classes_[static_cast<unsigned>(insn_class(blk_.insns[blk_.count - 1].op))];
        a_.alu_imm(kAdd, r15, blk_.cycles, true);
        a_.alu_imm(kAdd, r14, blk_.count, true);
        a_.ops({0x48, 0xFF, 0x05}); // inc qword [rip + rel32]: links->runs (classes from it)
        a_.u32(static_cast<uint32_t>(reinterpret_cast<const uint8_t*>(&links_->runs) -
                                     (at_ + a_.here() + 4)));
        if (!blk_.terminated) {
            write_back(dirty_list());
            jump_via(&links_->next);
            return;
        }
        const NativeInsn& d = blk_.insns[blk_.count - 1];
        switch (d.op) {
        case Op::jal:
            put_imm(d.rd, blk_.next_pc);
            write_back(dirty_list());
            jump_via(&links_->taken);
            return;
        case Op::jalr: {
            const unsigned s1 = peek(d.rs1, rax);
            a_.rm({0x8D}, rax, s1, d.imm); // lea eax, [s1 + imm]
            a_.alu_imm(kAnd, rax, ~1u);
            put_imm(d.rd, blk_.next_pc);
            write_back(dirty_list());
            a_.mov_imm64(rdx, reinterpret_cast<uintptr_t>(links_));
            a_.rm({0x3B}, rax, rdx, offsetof(NativeLinks, jalr_target)); // cmp eax, [rdx + t]
            const size_t miss = a_.jcc(kNE);
            a_.ops({0xFF, 0x22}); // jmp [rdx]: links->taken
            a_.patch(miss, a_.here());
            a_.rm({0x89}, rax, r12, soff(offsetof(NativeState, pc)));
            a_.rm({0x89}, rdx, r12, soff(offsetof(NativeState, chain)), true);
            exit_with(NativeCode::jalr_miss);
            return;
        }
        default: break;
        }
        uint8_t cc = kE;
        switch (d.op) {
        case Op::beq: cc = kE; break;
        case Op::bne: cc = kNE; break;
        case Op::blt: cc = kL; break;
        case Op::bge: cc = kGE; break;
        case Op::bltu: cc = kB; break;
        default: cc = kAE; break; // bgeu
        }
        write_back(dirty_list());
        const unsigned s1 = peek(d.rs1, rax), s2 = peek(d.rs2, rcx);
        a_.rr({0x39}, s2, s1); // cmp s1, s2
        const size_t taken = a_.jcc(cc);
        jump_via(&links_->next);
        a_.patch(taken, a_.here());
        a_.alu_imm(kAdd, r15, blk_.penalty, true);
        jump_via(&links_->taken);
    }

    void link_stub(const uint8_t** slot, uint32_t pc) {
        *slot = at_ + a_.here();
        a_.rm({0xC7}, 0, r12, soff(offsetof(NativeState, pc)));
        a_.u32(pc);
        a_.mov_imm64(rax, reinterpret_cast<uintptr_t>(slot));
        a_.rm({0x89}, rax, r12, soff(offsetof(NativeState, chain)), true);
        exit_with(NativeCode::link);
    }

    void stubs() {
        a_.patch(tail_jump_, a_.here());
        a_.rm({0xC7}, 0, r12, soff(offsetof(NativeState, pc)));
        a_.u32(blk_.pc);
        exit_with(NativeCode::tail);
        for (const Slow& s : slow_) {
            a_.patch(s.jump, a_.here());
            write_back(s.dirty);
            add_classes(s.classes);
            if (s.index) {
                a_.alu_imm(kAdd, r15, blk_.insns[s.index - 1].through, true);
                a_.alu_imm(kAdd, r14, s.index, true);
            }
            a_.rm({0xC7}, 0, r12, soff(offsetof(NativeState, pc)));
            a_.u32(blk_.insns[s.index].pc);
            exit_with(NativeCode::interpret);
        }
        link_stub(&links_->next, blk_.next_pc);
        const Op last = blk_.insns[blk_.count - 1].op;
        if (blk_.terminated && last != Op::jalr) link_stub(&links_->taken, blk_.taken_pc);
        links_->jalr_target = 1;
    }
};

} // namespace

NativeCode::NativeCode(const NativeLayout& layout, uint64_t* retired)
    : layout_(layout), retired_(retired) {
    void* p = mmap(nullptr, kCodeBytes + kLinkBytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    code_ = static_cast<uint8_t*>(p);
    writable_ = map_writable_alias(code_);
    links_ = reinterpret_cast<NativeLinks*>(code_ + kCodeBytes);
    classes_ = new uint8_t[kMaxLinks * kClasses];
    // The entry and exit stubs.
    Asm a;
    const auto st = [&](size_t field) { return layout_.state + static_cast<int32_t>(field); };
    for (unsigned r : {rbx, rbp, r12, r13, r14, r15}) a.rex(false, 0, 0, r), a.u8(0x50 + (r & 7));
    a.rr({0x89}, rdi, r12, true); // mov r12, rdi
    a.rm({0x8B}, r15, r12, st(offsetof(NativeState, cycles)), true);
    a.rm({0x8B}, r14, r12, st(offsetof(NativeState, instret)), true);
    a.rm({0x8B}, r13, r12, st(offsetof(NativeState, limit)), true);
    a.rm({0x8B}, rbx, r12, st(offsetof(NativeState, mem)), true);
    a.rr({0xFF}, 4, rsi); // jmp rsi
    const size_t exit_at = a.here();
    a.rm({0x89}, r15, r12, st(offsetof(NativeState, cycles)), true);
    a.rm({0x89}, r14, r12, st(offsetof(NativeState, instret)), true);
    for (unsigned r : {r15, r14, r13, r12, rbp, rbx}) a.rex(false, 0, 0, r), a.u8(0x58 + (r & 7));
    a.u8(0xC3); // ret
    std::memcpy(writable_ ? writable_ : code_, a.b.data(), a.b.size());
    fixed_ = (a.b.size() + 63) & ~size_t(63);
    exit_ = code_ + exit_at;
    enter_ = reinterpret_cast<uint32_t (*)(void*, const uint8_t*)>(code_);
    if (!writable_ && mprotect(code_, kCodeBytes, PROT_READ | PROT_EXEC) != 0) {
        munmap(code_, kCodeBytes + kLinkBytes);
        code_ = nullptr;
        return;
    }
    flush();
}

NativeCode::~NativeCode() {
    if (code_) munmap(code_, kCodeBytes + kLinkBytes);
    if (writable_) munmap(writable_, kCodeBytes);
    delete[] classes_;
}

uint8_t* NativeCode::map_writable_alias(uint8_t* code) {
    if (!use_alias_) return nullptr;
    const int fd = memfd_create("cimvp-host-code", MFD_CLOEXEC);
    if (fd < 0) return nullptr;
    void* w = MAP_FAILED;
    if (ftruncate(fd, static_cast<off_t>(kCodeBytes)) == 0 &&
        mmap(code, kCodeBytes, PROT_READ | PROT_EXEC, MAP_SHARED | MAP_FIXED, fd, 0) == code)
        w = mmap(nullptr, kCodeBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd); // the mappings keep the memory
    if (w != MAP_FAILED) return static_cast<uint8_t*>(w);
    // The execute view may be half made: back to private read-write memory for the
    // mprotect scheme.
    mmap(code, kCodeBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    return nullptr;
}

void NativeCode::flush() {
    for (unsigned c = 0; c < kClasses; ++c) retired_[c] += pending(c);
    used_ = fixed_, links_used_ = 0;
}

uint64_t NativeCode::pending(unsigned c) const {
    uint64_t n = 0;
    for (size_t b = 0; b < links_used_; ++b) n += links_[b].runs * classes_[b * kClasses + c];
    return n;
}

bool NativeCode::room() const {
    return used_ + kMaxBlockBytes <= kCodeBytes && links_used_ < kMaxLinks;
}

bool NativeCode::write(const uint8_t* bytes, size_t n) {
    if (writable_) return std::memcpy(writable_ + used_, bytes, n), true;
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    uint8_t* const first = code_ + (used_ & ~(page - 1));
    const size_t len = ((used_ + n + page - 1) & ~(page - 1)) - (used_ & ~(page - 1));
    if (mprotect(first, len, PROT_READ | PROT_WRITE) != 0) return false;
    std::memcpy(code_ + used_, bytes, n);
    return mprotect(first, len, PROT_READ | PROT_EXEC) == 0;
}

const uint8_t* NativeCode::compile(const NativeBlock& b) {
    if (!code_ || !room() || b.count == 0) return nullptr;
    NativeLinks* const links = &links_[links_used_];
    uint8_t* const at = code_ + used_;
    Compiler c(b, layout_, links, at, exit_);
    if (!c.run() || c.bytes().size() > kMaxBlockBytes) return nullptr;
    if (!write(c.bytes().data(), c.bytes().size())) return nullptr;
    links->runs = 0;
    for (unsigned k = 0; k < kClasses; ++k)
        classes_[links_used_ * kClasses + k] = static_cast<uint8_t>(c.classes()[k]);
    ++links_used_;
    used_ = (used_ + c.bytes().size() + 15) & ~size_t(15);
    return at;
}

} // namespace iss

#else // no translator on this host or build: the block engine's micro-ops run

namespace iss {
NativeCode::NativeCode(const NativeLayout& layout, uint64_t* retired)
    : layout_(layout), retired_(retired) {}
NativeCode::~NativeCode() = default;
uint64_t NativeCode::pending(unsigned) const { return 0; }
void NativeCode::flush() {}
bool NativeCode::room() const { return true; }
bool NativeCode::write(const uint8_t*, size_t) { return false; }
uint8_t* NativeCode::map_writable_alias(uint8_t*) { return nullptr; }
const uint8_t* NativeCode::compile(const NativeBlock&) { return nullptr; }
} // namespace iss

#endif
