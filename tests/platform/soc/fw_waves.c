/* Firmware for the waveform test (waves_test.cpp): every signal of `cimvp --vcd` moves.
 * A software and a timer interrupt, single PROGRAM and MVM commands waited for in wfi with
 * an interrupt handler, then a command list that programs two crossbars, runs MVMs on both
 * and thresholds the results (crossbars, the DMA and a periphery unit busy at once). The
 * results are checked against the CPU's; prints the interrupts its handler took and exits
 * with the number of failed checks. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cimvp/clint.h>
#include <cimvp/csr.h>
#include <cimvp/trap.h>
#include <cimvp/xbar.h>

#define M 16
#define N 32
#define BATCH 4

static int8_t weights[2][M * N];
static int8_t inputs[BATCH * N];
static int32_t results[2][BATCH * M], expected[2][BATCH * M];
static int8_t activations[BATCH * M];
static int32_t thresholds[M * 3];
static uint32_t descriptors[6 * CIMX_DESC_WORDS] __attribute__((aligned(4)));
static volatile uint32_t irqs[12];
static uint32_t failures, rng = 7;

static int8_t random_value(void) {
    rng = rng * 1664525u + 1013904223u;
    return (int8_t)((rng >> 30) & 1 ? 1 : -1);
}

static void check(int ok, const char* what) {
    if (ok) return;
    printf("FAILED: %s\n", what);
    ++failures;
}

static int on_trap_impl(uint32_t cause) {
    switch (cause) {
    case CIMVP_IRQ_M_SOFTWARE: cimvp_msip_write(0); break;
    case CIMVP_IRQ_M_TIMER: cimvp_mtimecmp_disarm(); break;
    case CIMVP_IRQ_M_EXTERNAL:
        cimx_xbar_write(CIMX_XBAR_IRQ_STATUS, CIMX_IRQ_DONE | CIMX_IRQ_ERROR);
        break;
    default: return 0;
    }
    ++irqs[cause];
    return 1;
}

static bool on_trap(cimvp_trap_frame* frame) {
    if (!cimvp_trap_is_interrupt(frame)) return false;
    return on_trap_impl(frame->mcause & ~CIMVP_MCAUSE_INTERRUPT);
}

static void cpu_mvm(const int8_t* w, int32_t* y) {
    for (uint32_t b = 0; b < BATCH; ++b)
        for (uint32_t o = 0; o < M; ++o) {
            int32_t s = 0;
            for (uint32_t i = 0; i < N; ++i) s += w[o * N + i] * inputs[b * N + i];
            y[b * M + o] = s;
        }
}

static uint32_t* descriptor(uint32_t k, uint32_t op, uint32_t xbar) {
    uint32_t* d = descriptors + k * CIMX_DESC_WORDS;
    memset(d, 0, CIMX_DESC_BYTES);
    d[0] = CIMX_DESC_WORD0(op, 0, xbar);
    return d;
}

static void command_list(void) {
    uint32_t* d = descriptor(0, CIMX_OP_PROGRAM, 0);
    d[1] = (uint32_t)(uintptr_t)weights[1], d[4] = M, d[5] = N;
    d = descriptor(1, CIMX_OP_PROGRAM, 1);
    d[1] = (uint32_t)(uintptr_t)weights[0], d[4] = M, d[5] = N;
    for (uint32_t x = 0; x < 2; ++x) {
        d = descriptor(2 + x, CIMX_OP_MVM, x);
        d[1] = (uint32_t)(uintptr_t)inputs, d[2] = (uint32_t)(uintptr_t)results[x];
        d[3] = BATCH, d[4] = M, d[5] = N;
    }
    d = descriptor(4, CIMX_OP_THRESHOLD, 0);
    d[1] = (uint32_t)(uintptr_t)results[0], d[2] = (uint32_t)(uintptr_t)activations;
    d[3] = BATCH, d[4] = M, d[5] = (uint32_t)(uintptr_t)thresholds;
    memset(results, 0, sizeof results);
    cimx_xbar_write(CIMX_XBAR_QUEUE_ADDR, (uint32_t)(uintptr_t)descriptors);
    cimx_xbar_write(CIMX_XBAR_QUEUE_LEN, 5);
    cimx_xbar_write(CIMX_XBAR_CMD, CIMX_CMD_RUN_QUEUE);
    check(cimx_xbar_wait() == 0, "command list");
    check(cimx_xbar_read(CIMX_XBAR_QUEUE_DONE) == 5, "descriptors done");
    /* Crossbar 0 now holds weights[1], crossbar 1 weights[0]. */
    check(memcmp(results[0], expected[1], sizeof results[0]) == 0, "list MVM on crossbar 0");
    check(memcmp(results[1], expected[0], sizeof results[1]) == 0, "list MVM on crossbar 1");
    for (uint32_t k = 0; k < BATCH * M; ++k)
        check(activations[k] == (expected[1][k] >= 0 ? 1 : -1), "threshold");
}

int main(void) {
    cimx_xbar_info info;
    if (cimx_xbar_probe(&info) != 0 || info.count < 2) return 99;
    for (uint32_t x = 0; x < 2; ++x)
        for (uint32_t k = 0; k < M * N; ++k) weights[x][k] = random_value();
    for (uint32_t k = 0; k < BATCH * N; ++k) inputs[k] = random_value();
    for (uint32_t o = 0; o < M; ++o) /* sign: d * s >= 0 -> +1, else -1 */
        thresholds[3 * o] = 0, thresholds[3 * o + 1] = 0, thresholds[3 * o + 2] = 1;
    cpu_mvm(weights[0], expected[0]);
    cpu_mvm(weights[1], expected[1]);

    cimvp_trap_install(on_trap);
    CIMVP_CSR_SET(mie, CIMVP_MIE_MSIE | CIMVP_MIE_MTIE);
    cimvp_enable_interrupts();
    cimvp_msip_write(1); /* a software interrupt, taken at once */
    cimvp_mtimecmp_write(cimvp_mtime_read() + cimvp_mtime_from_us(20));
    while (!irqs[CIMVP_IRQ_M_TIMER]) cimvp_wait_for_interrupt(); /* asleep until the timer */

    cimx_xbar_set_wait_mode(CIMX_WAIT_IRQ); /* each command: wfi, then the handler */
    for (uint32_t x = 0; x < 2; ++x) {
        check(cimx_xbar_program(x, weights[x], M, N) == 0, "program");
        check(cimx_xbar_mvm(x, inputs, N, results[x], M, BATCH, 0) == 0, "mvm");
        check(memcmp(results[x], expected[x], sizeof results[x]) == 0, "MVM results");
    }
    command_list();
    cimvp_disable_interrupts();
    printf("interrupts: software %lu, timer %lu, external %lu\n",
           (unsigned long)irqs[CIMVP_IRQ_M_SOFTWARE], (unsigned long)irqs[CIMVP_IRQ_M_TIMER],
           (unsigned long)irqs[CIMVP_IRQ_M_EXTERNAL]);
    check(irqs[CIMVP_IRQ_M_EXTERNAL] == 5, "one accelerator interrupt per command");
    printf("%s\n", failures ? "FAILED" : "ok");
    return (int)failures;
}
