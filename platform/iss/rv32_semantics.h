// The semantics of every op of the instruction table (rv32_insns.h), shared by
// the two interpreters: the per-instruction loop (Core::execute, rv32_core.cpp)
// and the block engine (Core::execute_blocks, rv32_blocks.cpp). Each defines
// the context before using the macros: the locals x (registers), e (the
// decoded instruction: rd, rs1, rs2, imm), pc, cyc, mem/base/size (the DMI
// window), tohost_guard and taken (the taken-branch penalty), and the macros
// SYNC_OUT, SYNC_IN, TRAPPED, SLOW_DONE (and, in the block engine, BRANCH).
//
// DO_<op>(L) is one statement in which L is the instruction's length (2 or 4)
// and that leaves pc at the next instruction; an op missing here is a build
// error in the handler table.
#pragma once

#include <climits>
#include <cstdint>
#include <cstring>

// Dispatch of both interpreters: threaded with GCC's labels-as-values (1, the default with
// GCC/Clang) or a portable switch (0, e.g. -DISS_COMPUTED_GOTO=0 to check the other path).
#ifndef ISS_COMPUTED_GOTO
#ifdef __GNUC__
#define ISS_COMPUTED_GOTO 1
#else
#define ISS_COMPUTED_GOTO 0
#endif
#endif

namespace iss {
namespace semantics {

template <typename T> T load_le(const uint8_t* p) {
    T v;
    std::memcpy(&v, p, sizeof v); // host is little-endian, like RISC-V
    return v;
}
template <typename T> void store_le(uint8_t* p, T v) { std::memcpy(p, &v, sizeof v); }

// M extension results, including the ISA's division by zero and overflow cases.
inline uint32_t mulh(uint32_t a, uint32_t b) {
    return static_cast<uint32_t>((int64_t(int32_t(a)) * int64_t(int32_t(b))) >> 32);
}
inline uint32_t mulhsu(uint32_t a, uint32_t b) {
    return static_cast<uint32_t>((int64_t(int32_t(a)) * int64_t(uint64_t(b))) >> 32);
}
inline uint32_t mulhu(uint32_t a, uint32_t b) {
    return static_cast<uint32_t>((uint64_t(a) * uint64_t(b)) >> 32);
}
inline uint32_t sdiv(uint32_t a, uint32_t b) {
    const int32_t i = int32_t(a), j = int32_t(b);
    return b == 0 ? ~0u : (i == INT32_MIN && j == -1) ? a : uint32_t(i / j);
}
inline uint32_t udiv(uint32_t a, uint32_t b) { return b == 0 ? ~0u : a / b; }
inline uint32_t srem(uint32_t a, uint32_t b) {
    const int32_t i = int32_t(a), j = int32_t(b);
    return b == 0 ? a : (i == INT32_MIN && j == -1) ? 0 : uint32_t(i % j);
}
inline uint32_t urem(uint32_t a, uint32_t b) { return b == 0 ? a : a % b; }

} // namespace semantics
} // namespace iss

// A retired non-ALU instruction adds one to its class's counter (folded at compile time).
#define COUNT_CLASS(name)                                                                          \
    if (insn_class(Op::name) != InsnClass::alu)                                                    \
        ++retired_[static_cast<unsigned>(insn_class(Op::name))];

// Operand and result registers of the current instruction.
#define RD x[e->rd]
#define RS1 x[e->rs1]
#define RS2 x[e->rs2]
#define IMM static_cast<uint32_t>(e->imm)
#define SRS1 static_cast<int32_t>(RS1)
#define SRS2 static_cast<int32_t>(RS2)

// The semantics of each Op: a statement in which L is the instruction's
// length and that leaves pc at the next instruction.
#define WRITE_RD(L, expr)                                                                          \
    {                                                                                              \
        const uint32_t v = (expr);                                                                 \
        pc += L;                                                                                   \
        RD = v;                                                                                    \
    }
// A host branch, predicted, keeps the condition off the pc chain (a branchless
// select measured 20% slower overall).
#define BRANCH(L, cond)                                                                            \
    {                                                                                              \
        if (cond)                                                                                  \
            pc += IMM, cyc += taken;                                                               \
        else                                                                                       \
            pc += L;                                                                               \
    }
// In-window test: `a - base <= size - n` is false for addresses below base
// too (unsigned wrap). Inside the window any alignment is fine; outside it
// the slow path traps misaligned accesses. SLOW_DONE(class) ends a slow-path
// access that completed (the block engine leaves its block there; the
// per-instruction loop goes on).
#define LOAD(L, T)                                                                                 \
    {                                                                                              \
        const uint32_t a = RS1 + IMM;                                                              \
        if (__builtin_expect(a - base <= size - sizeof(T), 1)) {                                   \
            /* extends as T does */                                                                \
            const uint32_t v = static_cast<uint32_t>(semantics::load_le<T>(mem + (a - base)));     \
            pc += L;                                                                               \
            RD = v;                                                                                \
        } else {                                                                                   \
            uint32_t v;                                                                            \
            SYNC_OUT();                                                                            \
            const bool ok = load_slow(a, sizeof(T), v);                                            \
            SYNC_IN();                                                                             \
            if (!ok) TRAPPED();                                                                    \
            pc += L;                                                                               \
            RD = static_cast<uint32_t>(static_cast<T>(v));                                         \
            SLOW_DONE(InsnClass::load);                                                            \
        }                                                                                          \
    }
// Stores that may touch the HTIF tohost doubleword take the slow path, which
// checks for an exit request.
#define STORE(L, T)                                                                                \
    {                                                                                              \
        const uint32_t a = RS1 + IMM, v = RS2;                                                     \
        if (__builtin_expect(a - base <= size - sizeof(T) && a - tohost_guard >= 11, 1)) {         \
            semantics::store_le<T>(mem + (a - base), static_cast<T>(v));                           \
        } else {                                                                                   \
            SYNC_OUT();                                                                            \
            const bool ok = store_slow(a, sizeof(T), v);                                           \
            SYNC_IN();                                                                             \
            if (!ok) TRAPPED();                                                                    \
            SLOW_DONE(InsnClass::store);                                                           \
        }                                                                                          \
        pc += L;                                                                                   \
    }
#define CSR_OP(L, op, src, writes)                                                                 \
    {                                                                                              \
        SYNC_OUT();                                                                                \
        const bool ok = exec_csr(op, static_cast<uint16_t>(e->imm), src, e->rd, writes);           \
        SYNC_IN();                                                                                 \
        if (!ok) TRAPPED();                                                                        \
        pc += L;                                                                                   \
    }

#define DO_illegal(L) goto leave; // never in the cache: fill() traps instead
#define DO_lui(L) WRITE_RD(L, IMM)
#define DO_auipc(L) WRITE_RD(L, pc + IMM)
#define DO_jal(L)                                                                                  \
    {                                                                                              \
        const uint32_t link = pc + L;                                                              \
        pc += IMM;                                                                                 \
        RD = link;                                                                                 \
    }
#define DO_jalr(L)                                                                                 \
    {                                                                                              \
        const uint32_t link = pc + L;                                                              \
        pc = (RS1 + IMM) & ~1u;                                                                    \
        RD = link;                                                                                 \
    }
#define DO_beq(L) BRANCH(L, RS1 == RS2)
#define DO_bne(L) BRANCH(L, RS1 != RS2)
#define DO_blt(L) BRANCH(L, SRS1 < SRS2)
#define DO_bge(L) BRANCH(L, SRS1 >= SRS2)
#define DO_bltu(L) BRANCH(L, RS1 < RS2)
#define DO_bgeu(L) BRANCH(L, RS1 >= RS2)
#define DO_lb(L) LOAD(L, int8_t)
#define DO_lh(L) LOAD(L, int16_t)
#define DO_lw(L) LOAD(L, uint32_t)
#define DO_lbu(L) LOAD(L, uint8_t)
#define DO_lhu(L) LOAD(L, uint16_t)
#define DO_sb(L) STORE(L, uint8_t)
#define DO_sh(L) STORE(L, uint16_t)
#define DO_sw(L) STORE(L, uint32_t)
#define DO_addi(L) WRITE_RD(L, RS1 + IMM)
#define DO_slti(L) WRITE_RD(L, SRS1 < e->imm)
#define DO_sltiu(L) WRITE_RD(L, RS1 < IMM)
#define DO_xori(L) WRITE_RD(L, RS1 ^ IMM)
#define DO_ori(L) WRITE_RD(L, RS1 | IMM)
#define DO_andi(L) WRITE_RD(L, RS1& IMM)
#define DO_slli(L) WRITE_RD(L, RS1 << IMM)
#define DO_srli(L) WRITE_RD(L, RS1 >> IMM)
#define DO_srai(L) WRITE_RD(L, static_cast<uint32_t>(SRS1 >> IMM))
#define DO_add(L) WRITE_RD(L, RS1 + RS2)
#define DO_sub(L) WRITE_RD(L, RS1 - RS2)
#define DO_sll(L) WRITE_RD(L, RS1 << (RS2 & 31))
#define DO_slt(L) WRITE_RD(L, SRS1 < SRS2)
#define DO_sltu(L) WRITE_RD(L, RS1 < RS2)
#define DO_xor_(L) WRITE_RD(L, RS1 ^ RS2)
#define DO_srl(L) WRITE_RD(L, RS1 >> (RS2 & 31))
#define DO_sra(L) WRITE_RD(L, static_cast<uint32_t>(SRS1 >> (RS2 & 31)))
#define DO_or_(L) WRITE_RD(L, RS1 | RS2)
#define DO_and_(L) WRITE_RD(L, RS1& RS2)
#define DO_mul(L) WRITE_RD(L, RS1* RS2)
#define DO_mulh(L) WRITE_RD(L, semantics::mulh(RS1, RS2))
#define DO_mulhsu(L) WRITE_RD(L, semantics::mulhsu(RS1, RS2))
#define DO_mulhu(L) WRITE_RD(L, semantics::mulhu(RS1, RS2))
#define DO_div(L) WRITE_RD(L, semantics::sdiv(RS1, RS2))
#define DO_divu(L) WRITE_RD(L, semantics::udiv(RS1, RS2))
#define DO_rem(L) WRITE_RD(L, semantics::srem(RS1, RS2))
#define DO_remu(L) WRITE_RD(L, semantics::urem(RS1, RS2))
#define DO_fence(L) pc += L;
#define DO_fence_i(L)                                                                              \
    {                                                                                              \
        flush_decode_cache();                                                                      \
        pc += L;                                                                                   \
    }
#define DO_ecall(L)                                                                                \
    {                                                                                              \
        SYNC_OUT();                                                                                \
        trap(cause::ecall_m, 0);                                                                   \
        TRAPPED();                                                                                 \
    }
#define DO_ebreak(L)                                                                               \
    {                                                                                              \
        SYNC_OUT();                                                                                \
        exec_ebreak(); /* a semihosting call or a breakpoint trap: either sets pc_ */              \
        SYNC_IN();                                                                                 \
        goto fetch;                                                                                \
    }
#define DO_mret(L)                                                                                 \
    {                                                                                              \
        const bool mpie = mstatus_ & MSTATUS_MPIE;                                                 \
        mstatus_ =                                                                                 \
            (mstatus_ & ~MSTATUS_MIE) | (mpie ? MSTATUS_MIE : 0) | MSTATUS_MPIE | MSTATUS_MPP;     \
        pc = mepc_;                                                                                \
        irq_check_ = true, limit = 0; /* MIE may have been re-enabled */                           \
    }
#define DO_wfi(L)                                                                                  \
    {                                                                                              \
        if (!(mip_ & mie_)) wfi_ = true, limit = 0;                                                \
        pc += L;                                                                                   \
    }
#define DO_csrrw(L) CSR_OP(L, Op::csrrw, RS1, true)
#define DO_csrrs(L) CSR_OP(L, Op::csrrs, RS1, e->rs1 != 0)
#define DO_csrrc(L) CSR_OP(L, Op::csrrc, RS1, e->rs1 != 0)
#define DO_csrrwi(L) CSR_OP(L, Op::csrrwi, e->rs1, true) // rs1 holds the 5-bit zimm
#define DO_csrrsi(L) CSR_OP(L, Op::csrrsi, e->rs1, e->rs1 != 0)
#define DO_csrrci(L) CSR_OP(L, Op::csrrci, e->rs1, e->rs1 != 0)
