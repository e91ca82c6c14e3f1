/* Machine-mode trap handling in C: a trap entry (sw/runtime/trap_entry.S) saves every
 * register into a cimvp_trap_frame on the stack, calls the handler installed here, and
 * returns with mret to frame->mepc with the frame's registers, so a handler can resume after
 * an exception (cimvp_trap_skip_instruction) or acknowledge an interrupt and return.
 * Replaces the trap vector picolibc's crt0 installs (which prints a register dump and exits
 * with code 1). Link with the cimvp_runtime firmware library. */
#ifndef CIMVP_TRAP_H
#define CIMVP_TRAP_H

#include <stdbool.h>
#include <stdint.h>

#include <cimvp/csr.h>

typedef struct cimvp_trap_frame {
    uint32_t x[32]; /* x[i] at the trap; x[0] is 0, x[2] the interrupted code's sp */
    uint32_t mepc;  /* where mret resumes: the trapping instruction for exceptions */
    uint32_t mcause;
    uint32_t mtval;
    uint32_t mstatus; /* written back before mret (MPIE decides MIE after mret) */
} cimvp_trap_frame;

/* ABI names of the frame's registers */
enum {
    CIMVP_REG_RA = 1,
    CIMVP_REG_SP = 2,
    CIMVP_REG_GP = 3,
    CIMVP_REG_TP = 4,
    CIMVP_REG_A0 = 10,
    CIMVP_REG_A1 = 11,
    CIMVP_REG_A7 = 17,
};

/* Returns true when it handled the trap; false makes the runtime report it as unhandled. */
typedef bool (*cimvp_trap_handler)(cimvp_trap_frame* frame);

/* Installs handler for every trap, with mtvec in direct mode (all traps enter at one
 * address). Interrupts stay as they are: enable them with mie and cimvp_enable_interrupts. */
void cimvp_trap_install(cimvp_trap_handler handler);

/* Same, with mtvec in vectored mode: interrupts enter at base + 4 * cause (the runtime's
 * table sends them all to the same entry, so the handler sees the same frame). */
void cimvp_trap_install_vectored(cimvp_trap_handler handler);

/* 2 for a compressed instruction at pc, 4 otherwise. */
uint32_t cimvp_instruction_length(uint32_t pc);

/* Makes mret resume after the trapping instruction (for ecall, ebreak, emulated ones). */
static inline void cimvp_trap_skip_instruction(cimvp_trap_frame* frame) {
    frame->mepc += cimvp_instruction_length(frame->mepc);
}

static inline bool cimvp_trap_is_interrupt(const cimvp_trap_frame* frame) {
    return (frame->mcause & CIMVP_MCAUSE_INTERRUPT) != 0;
}

/* "illegal instruction", "machine timer interrupt", ... */
const char* cimvp_trap_cause_name(uint32_t mcause);

/* Exit code of firmware stopped by a trap no handler took (the same as picolibc's crt0). */
#define CIMVP_UNHANDLED_TRAP_EXIT_CODE 1

/* Prints the cause, mcause, mepc and mtval with fprintf(stderr) (which picolibc 1.8 sends to
 * the same console as stdout) and exits with CIMVP_UNHANDLED_TRAP_EXIT_CODE. */
void cimvp_trap_report_unhandled(const cimvp_trap_frame* frame) __attribute__((noreturn));

/* Sets the handler without touching mtvec, for firmware with its own vector table whose
 * slots end in a jump to cimvp_trap_entry. */
void cimvp_trap_set_handler(cimvp_trap_handler handler);

/* The entry points, for firmware that builds its own vector table. */
void cimvp_trap_entry(void);
void cimvp_trap_vector_table(void);

#endif
