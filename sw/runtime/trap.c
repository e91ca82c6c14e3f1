/* C side of the trap helper (sw/include/cimvp/trap.h): installs the entry in mtvec and
 * dispatches each trap to the handler the firmware registered. */
#include <cimvp/trap.h>

#include <stdio.h>
#include <unistd.h>

static cimvp_trap_handler installed_handler;

void cimvp_trap_dispatch(cimvp_trap_frame* frame);

void cimvp_trap_dispatch(cimvp_trap_frame* frame) {
    if (installed_handler != NULL && installed_handler(frame)) return;
    cimvp_trap_report_unhandled(frame);
}

void cimvp_trap_set_handler(cimvp_trap_handler handler) { installed_handler = handler; }

void cimvp_trap_install(cimvp_trap_handler handler) {
    installed_handler = handler;
    CIMVP_CSR_WRITE(mtvec, (uint32_t)(uintptr_t)&cimvp_trap_entry | CIMVP_MTVEC_DIRECT);
}

void cimvp_trap_install_vectored(cimvp_trap_handler handler) {
    installed_handler = handler;
    CIMVP_CSR_WRITE(mtvec, (uint32_t)(uintptr_t)&cimvp_trap_vector_table | CIMVP_MTVEC_VECTORED);
}

uint32_t cimvp_instruction_length(uint32_t pc) {
    /* Instructions are 2-byte aligned with the C extension: a halfword load never traps. */
    uint16_t low_half = *(const volatile uint16_t*)(uintptr_t)pc;
    return (low_half & 3u) == 3u ? 4u : 2u;
}

const char* cimvp_trap_cause_name(uint32_t mcause) {
    uint32_t code = CIMVP_MCAUSE_CODE(mcause);
    if (mcause & CIMVP_MCAUSE_INTERRUPT) {
        switch (code) {
        case CIMVP_IRQ_M_SOFTWARE: return "machine software interrupt";
        case CIMVP_IRQ_M_TIMER: return "machine timer interrupt";
        case CIMVP_IRQ_M_EXTERNAL: return "machine external interrupt";
        default: return "unknown interrupt";
        }
    }
    switch (code) {
    case CIMVP_EXC_INSN_MISALIGNED: return "instruction address misaligned";
    case CIMVP_EXC_INSN_ACCESS_FAULT: return "instruction access fault";
    case CIMVP_EXC_ILLEGAL_INSN: return "illegal instruction";
    case CIMVP_EXC_BREAKPOINT: return "breakpoint";
    case CIMVP_EXC_LOAD_MISALIGNED: return "load address misaligned";
    case CIMVP_EXC_LOAD_ACCESS_FAULT: return "load access fault";
    case CIMVP_EXC_STORE_MISALIGNED: return "store address misaligned";
    case CIMVP_EXC_STORE_ACCESS_FAULT: return "store access fault";
    case CIMVP_EXC_ECALL_M: return "environment call from M-mode";
    default: return "unknown exception";
    }
}

void cimvp_trap_report_unhandled(const cimvp_trap_frame* frame) {
    fprintf(stderr, "unhandled trap: %s (mcause=0x%08lx) mepc=0x%08lx mtval=0x%08lx\n",
            cimvp_trap_cause_name(frame->mcause), (unsigned long)frame->mcause,
            (unsigned long)frame->mepc, (unsigned long)frame->mtval);
    _exit(CIMVP_UNHANDLED_TRAP_EXIT_CODE);
}
