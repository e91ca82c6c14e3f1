/* Timer interrupts in machine mode: programs the CLINT's mtimecmp for a periodic tick,
 * sleeps with wfi until the handler has counted enough ticks, and prints the count. */
#include <stdio.h>

#include <cimvp/clint.h>
#include <cimvp/csr.h>
#include <cimvp/trap.h>

#define TICK_PERIOD_US 1000u
#define TICKS_WANTED 5u

static volatile uint32_t tick_count;

static bool on_trap(cimvp_trap_frame* frame) {
    if (frame->mcause != (CIMVP_MCAUSE_INTERRUPT | CIMVP_IRQ_M_TIMER)) return false;
    ++tick_count;
    if (tick_count < TICKS_WANTED) {
        /* Next deadline relative to the previous one: no drift from handler latency. */
        cimvp_mtimecmp_write(cimvp_mtimecmp_read() + cimvp_mtime_from_us(TICK_PERIOD_US));
    } else {
        cimvp_mtimecmp_disarm(); /* writing mtimecmp also clears the pending interrupt */
    }
    return true;
}

int main(void) {
    cimvp_trap_install(on_trap);
    uint64_t start = cimvp_mtime_read();
    cimvp_mtimecmp_write(start + cimvp_mtime_from_us(TICK_PERIOD_US));
    CIMVP_CSR_SET(mie, CIMVP_MIE_MTIE);
    cimvp_enable_interrupts();
    while (tick_count < TICKS_WANTED) cimvp_wait_for_interrupt();
    cimvp_disable_interrupts();
    uint64_t elapsed = cimvp_mtime_read() - start;
    printf("%lu timer ticks, %lu us of mtime\n", (unsigned long)tick_count,
           (unsigned long)(elapsed / (CIMVP_MTIME_HZ / 1000000u)));
    return tick_count == TICKS_WANTED ? 0 : 1;
}
