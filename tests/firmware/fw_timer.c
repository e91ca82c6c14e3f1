/* Firmware for FirmwareTest.TimerInterrupt: the CLINT timer and software interrupts.
 * - no timer interrupt before mtimecmp is reached;
 * - wfi with interrupts enabled: the handler runs, and mtime read in the handler is not
 *   below the programmed mtimecmp (the interrupt did not arrive early);
 * - wfi with mstatus.MIE clear: wfi still wakes up on the pending interrupt, without a trap;
 *   the trap follows as soon as MIE is set;
 * - vectored mtvec: the timer interrupt enters at slot 7, the software interrupt at slot 3.
 * Only platform-independent facts are printed; with the firmware argument "verbose" the times
 * go to stderr. */
#include <stdio.h>
#include <string.h>

#include <cimvp/args.h>
#include <cimvp/clint.h>
#include <cimvp/csr.h>
#include <cimvp/trap.h>

#define NO_SLOT 99u
#define TIMEOUT_TICKS (CIMVP_MTIME_HZ * 5u) /* 5 s of mtime: something is broken */

struct interrupt_record {
    uint32_t count;
    uint32_t mcause;
    uint32_t slot; /* vector slot entered, from mscratch; NO_SLOT in direct mode */
    uint64_t mtime_at_entry;
};

static volatile struct interrupt_record last_interrupt;
static bool verbose;

static bool on_trap(cimvp_trap_frame* frame) {
    if (!cimvp_trap_is_interrupt(frame)) return false;
    last_interrupt.mtime_at_entry = cimvp_mtime_read();
    last_interrupt.mcause = frame->mcause;
    last_interrupt.slot = CIMVP_CSR_SWAP(mscratch, NO_SLOT);
    last_interrupt.count = last_interrupt.count + 1;
    uint32_t code = CIMVP_MCAUSE_CODE(frame->mcause);
    if (code == CIMVP_IRQ_M_TIMER) {
        cimvp_mtimecmp_disarm(); /* clears the pending timer interrupt */
    } else if (code == CIMVP_IRQ_M_SOFTWARE) {
        cimvp_msip_write(0);
    } else {
        return false;
    }
    return true;
}

/* Waits with wfi until an interrupt was counted, or gives up after TIMEOUT_TICKS. The check
 * and the wfi run with MIE clear, so an interrupt arriving between them stays pending and
 * wakes the wfi (instead of being handled before it, leaving wfi asleep); the handler runs
 * when MIE is set again. */
static bool wait_for_interrupt_count(uint32_t count) {
    uint64_t give_up = cimvp_mtime_read() + TIMEOUT_TICKS;
    bool arrived = false;
    for (;;) {
        cimvp_disable_interrupts();
        arrived = last_interrupt.count >= count;
        if (arrived || cimvp_mtime_read() > give_up) break;
        cimvp_wait_for_interrupt();
        cimvp_enable_interrupts();
    }
    cimvp_enable_interrupts();
    return arrived;
}

static void check_no_early_interrupt(void) {
    uint32_t before = last_interrupt.count;
    uint64_t now = cimvp_mtime_read();
    /* 2 s away: far enough that a host stalling QEMU (whose mtime is wall-clock time) cannot
     * make it fire during the 200 us wait */
    cimvp_mtimecmp_write(now + cimvp_mtime_from_us(2000000));
    uint64_t until = now + cimvp_mtime_from_us(200);
    while (cimvp_mtime_read() < until) {
    }
    printf("no interrupt before mtimecmp: %s\n", last_interrupt.count == before ? "yes" : "no");
    cimvp_mtimecmp_disarm();
}

static void check_timer_interrupt_after_wfi(const char* mode, uint32_t expected_slot) {
    uint32_t before = last_interrupt.count;
    uint64_t deadline = cimvp_mtime_read() + cimvp_mtime_from_us(300);
    cimvp_mtimecmp_write(deadline);
    bool arrived = wait_for_interrupt_count(before + 1);
    bool not_early = last_interrupt.mtime_at_entry >= deadline;
    printf("%s timer interrupt: arrived=%s count=%lu cause=0x%08lx not_early=%s slot=%s\n", mode,
           arrived ? "yes" : "no", (unsigned long)(last_interrupt.count - before),
           (unsigned long)last_interrupt.mcause, not_early ? "yes" : "no",
           last_interrupt.slot == expected_slot ? "ok" : "wrong");
    if (verbose)
        fprintf(stderr, "%s: deadline %llu, handler entered at mtime %llu\n", mode,
                (unsigned long long)deadline, (unsigned long long)last_interrupt.mtime_at_entry);
}

static void check_wfi_wakes_with_interrupts_disabled(void) {
    cimvp_disable_interrupts();
    uint32_t before = last_interrupt.count;
    uint64_t deadline = cimvp_mtime_read() + cimvp_mtime_from_us(300);
    cimvp_mtimecmp_write(deadline);
    uint64_t give_up = deadline + TIMEOUT_TICKS;
    while ((CIMVP_CSR_READ(mip) & CIMVP_MIP_MTIP) == 0 && cimvp_mtime_read() < give_up) {
        cimvp_wait_for_interrupt();
    }
    bool pending = (CIMVP_CSR_READ(mip) & CIMVP_MIP_MTIP) != 0;
    bool no_trap_yet = last_interrupt.count == before;
    cimvp_enable_interrupts(); /* the pending interrupt is taken here */
    __asm__ volatile("nop");
    bool taken = last_interrupt.count == before + 1;
    printf("wfi with MIE clear: woke=%s trap while disabled=%s taken after enable=%s\n",
           pending ? "yes" : "no", no_trap_yet ? "no" : "yes", taken ? "yes" : "no");
}

static void check_software_interrupt(void) {
    uint32_t before = last_interrupt.count;
    CIMVP_CSR_SET(mie, CIMVP_MIE_MSIE);
    cimvp_msip_write(1);
    bool arrived = wait_for_interrupt_count(before + 1);
    printf("vectored software interrupt: arrived=%s cause=0x%08lx slot=%s msip=%lu\n",
           arrived ? "yes" : "no", (unsigned long)last_interrupt.mcause,
           last_interrupt.slot == CIMVP_IRQ_M_SOFTWARE ? "ok" : "wrong",
           (unsigned long)cimvp_msip_read());
    CIMVP_CSR_CLEAR(mie, CIMVP_MIE_MSIE);
}

extern void timer_test_vector_table(void);

int main(int argc, char** argv) {
    verbose = strcmp(cimvp_firmware_arg(argc, argv, 0, ""), "verbose") == 0;
    CIMVP_CSR_WRITE(mscratch, NO_SLOT);
    cimvp_mtimecmp_disarm();
    cimvp_trap_install(on_trap);
    CIMVP_CSR_SET(mie, CIMVP_MIE_MTIE);
    cimvp_enable_interrupts();

    check_no_early_interrupt();
    check_timer_interrupt_after_wfi("direct", NO_SLOT);
    check_wfi_wakes_with_interrupts_disabled();

    cimvp_trap_set_handler(on_trap);
    CIMVP_CSR_WRITE(mtvec, (uint32_t)(uintptr_t)&timer_test_vector_table | CIMVP_MTVEC_VECTORED);
    printf("mtvec mode readback: %lu\n", (unsigned long)(CIMVP_CSR_READ(mtvec) & 3u));
    check_timer_interrupt_after_wfi("vectored", CIMVP_IRQ_M_TIMER);
    check_software_interrupt();

    cimvp_disable_interrupts();
    printf("interrupts: %lu\n", (unsigned long)last_interrupt.count);
    return 0;
}
