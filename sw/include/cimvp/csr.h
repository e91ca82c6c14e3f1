/* Control and status register access for machine-mode firmware: the csr instructions have
 * the CSR number as an immediate, so access goes through macros that paste the CSR name
 * into inline assembly. Also the mstatus/mie/mip bits and mcause codes the platform uses. */
#ifndef CIMVP_CSR_H
#define CIMVP_CSR_H

#include <stdint.h>

#define CIMVP_STRINGIFY_(x) #x
#define CIMVP_STRINGIFY(x) CIMVP_STRINGIFY_(x)

/* csr is a CSR name known to the assembler (mstatus, mie, mtvec, ...) or a number. */
#define CIMVP_CSR_READ(csr)                                                                        \
    ({                                                                                             \
        uint32_t cimvp_csr_value_;                                                                 \
        __asm__ volatile("csrr %0, " CIMVP_STRINGIFY(csr) : "=r"(cimvp_csr_value_));               \
        cimvp_csr_value_;                                                                          \
    })
#define CIMVP_CSR_WRITE(csr, value)                                                                \
    __asm__ volatile("csrw " CIMVP_STRINGIFY(csr) ", %0" : : "rK"((uint32_t)(value)) : "memory")
/* Sets the bits given in mask. */
#define CIMVP_CSR_SET(csr, mask)                                                                   \
    __asm__ volatile("csrs " CIMVP_STRINGIFY(csr) ", %0" : : "rK"((uint32_t)(mask)) : "memory")
/* Clears the bits given in mask. */
#define CIMVP_CSR_CLEAR(csr, mask)                                                                 \
    __asm__ volatile("csrc " CIMVP_STRINGIFY(csr) ", %0" : : "rK"((uint32_t)(mask)) : "memory")
/* Writes value and returns the old value in one instruction. */
#define CIMVP_CSR_SWAP(csr, value)                                                                 \
    ({                                                                                             \
        uint32_t cimvp_csr_old_;                                                                   \
        __asm__ volatile("csrrw %0, " CIMVP_STRINGIFY(csr) ", %1"                                  \
                         : "=r"(cimvp_csr_old_)                                                    \
                         : "rK"((uint32_t)(value))                                                 \
                         : "memory");                                                              \
        cimvp_csr_old_;                                                                            \
    })

/* mstatus */
#define CIMVP_MSTATUS_MIE (1u << 3)  /* machine interrupts enabled */
#define CIMVP_MSTATUS_MPIE (1u << 7) /* MIE before the trap; mret restores MIE from it */
#define CIMVP_MSTATUS_MPP (3u << 11) /* privilege before the trap (always M = 3 here) */

/* mie (enable) and mip (pending) share the bit positions */
#define CIMVP_MIE_MSIE (1u << 3)  /* software interrupt (CLINT msip) */
#define CIMVP_MIE_MTIE (1u << 7)  /* timer interrupt (CLINT mtime >= mtimecmp) */
#define CIMVP_MIE_MEIE (1u << 11) /* external interrupt */
#define CIMVP_MIP_MSIP CIMVP_MIE_MSIE
#define CIMVP_MIP_MTIP CIMVP_MIE_MTIE
#define CIMVP_MIP_MEIP CIMVP_MIE_MEIE

/* mtvec mode, in its two low bits */
#define CIMVP_MTVEC_DIRECT 0u
#define CIMVP_MTVEC_VECTORED 1u /* interrupts jump to base + 4 * cause */

/* mcause: the top bit tells interrupts from exceptions */
#define CIMVP_MCAUSE_INTERRUPT (1u << 31)
#define CIMVP_MCAUSE_CODE(mcause) ((mcause) & ~CIMVP_MCAUSE_INTERRUPT)

#define CIMVP_EXC_INSN_MISALIGNED 0u
#define CIMVP_EXC_INSN_ACCESS_FAULT 1u
#define CIMVP_EXC_ILLEGAL_INSN 2u
#define CIMVP_EXC_BREAKPOINT 3u
#define CIMVP_EXC_LOAD_MISALIGNED 4u
#define CIMVP_EXC_LOAD_ACCESS_FAULT 5u
#define CIMVP_EXC_STORE_MISALIGNED 6u
#define CIMVP_EXC_STORE_ACCESS_FAULT 7u
#define CIMVP_EXC_ECALL_M 11u

#define CIMVP_IRQ_M_SOFTWARE 3u
#define CIMVP_IRQ_M_TIMER 7u
#define CIMVP_IRQ_M_EXTERNAL 11u

/* 64-bit counters read on RV32 with the hi/lo/hi loop, so a carry between the two halves
 * cannot produce a torn value. */
#define CIMVP_DEFINE_COUNTER64(function_name, lo_csr, hi_csr)                                      \
    static inline uint64_t function_name(void) {                                                   \
        uint32_t hi, lo, hi_again;                                                                 \
        do {                                                                                       \
            hi = CIMVP_CSR_READ(hi_csr);                                                           \
            lo = CIMVP_CSR_READ(lo_csr);                                                           \
            hi_again = CIMVP_CSR_READ(hi_csr);                                                     \
        } while (hi != hi_again);                                                                  \
        return ((uint64_t)hi << 32) | lo;                                                          \
    }

CIMVP_DEFINE_COUNTER64(cimvp_read_mcycle, mcycle, mcycleh)
CIMVP_DEFINE_COUNTER64(cimvp_read_minstret, minstret, minstreth)

static inline void cimvp_enable_interrupts(void) { CIMVP_CSR_SET(mstatus, CIMVP_MSTATUS_MIE); }
static inline void cimvp_disable_interrupts(void) { CIMVP_CSR_CLEAR(mstatus, CIMVP_MSTATUS_MIE); }
static inline void cimvp_wait_for_interrupt(void) { __asm__ volatile("wfi" ::: "memory"); }

#endif
