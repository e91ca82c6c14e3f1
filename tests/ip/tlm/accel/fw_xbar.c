/* Drives the crossbar accelerator through the sw/ driver and checks every
 * result against y = W x computed on the CPU.
 *
 * Arguments (after the program name): wait mode "poll" | "irq" | "handler",
 * then optionally "tolerant" (count mismatches but do not fail: for analog
 * runs with non-idealities). Prints a checksum of all results so runs can be
 * compared; exits with the number of failed checks. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cimvp/csr.h>
#include <cimvp/trap.h>
#include <cimvp/xbar.h>

#define MAX_M 256
#define MAX_N 256
#define BATCH 8

static int8_t weights[MAX_M * MAX_N];
static int8_t inputs[BATCH * MAX_N];
static int32_t results[BATCH * MAX_M], expected[BATCH * MAX_M];
static uint32_t rng = 12345, failures, mismatches, checksum = 2166136261u, irqs;
static bool ternary, tolerant;
static cimx_xbar_info info;

static int8_t random_value(void) {
    rng = rng * 1664525u + 1013904223u;
    uint32_t r = rng >> 24;
    return ternary ? (int8_t)(r % 3) - 1 : (r & 1) ? 1 : -1;
}

static void check(bool ok, const char* what) {
    if (!ok) {
        printf("FAIL: %s\n", what);
        ++failures;
    }
}

static void expect_error(uint32_t got, uint32_t want, const char* what) {
    if (got != want)
        printf("FAIL: %s: error %lu (%s), want %lu\n", what, (unsigned long)got,
               cimx_xbar_error_name(got), (unsigned long)want);
    failures += got != want;
}

static void cpu_mvm(uint32_t m, uint32_t n, const int8_t* x, int32_t* y) {
    for (uint32_t o = 0; o < m; ++o) {
        int32_t s = 0;
        for (uint32_t i = 0; i < n; ++i) s += weights[o * n + i] * x[i];
        y[o] = s;
    }
}

static void compare(uint32_t count, const char* what) {
    uint32_t bad = 0;
    for (uint32_t k = 0; k < count; ++k) {
        bad += results[k] != expected[k];
        checksum = (checksum ^ (uint32_t)results[k]) * 16777619u;
    }
    mismatches += bad;
    if (bad && !tolerant)
        printf("FAIL: %s: %lu of %lu results differ\n", what, (unsigned long)bad,
               (unsigned long)count);
    failures += bad && !tolerant;
}

/* Programs an m x n tile on `xbar`, runs a batch, then the same batch accumulated. */
static void tile_roundtrip(uint32_t xbar, uint32_t m, uint32_t n, bool use_buffer) {
    for (uint32_t k = 0; k < m * n; ++k) weights[k] = random_value();
    for (uint32_t k = 0; k < BATCH * n; ++k) inputs[k] = random_value();
    expect_error(cimx_xbar_program(xbar, weights, m, n), CIMX_ERR_NONE, "program");
    for (uint32_t b = 0; b < BATCH; ++b) cpu_mvm(m, n, inputs + b * n, expected + b * m);

    const int8_t* x = inputs;
    int32_t* y = results;
    if (use_buffer) { /* stage through the on-chip buffer */
        int8_t* buf_x = (int8_t*)(uintptr_t)CIMX_XBAR_BUFFER;
        memcpy(buf_x, inputs, BATCH * n);
        x = buf_x;
        y = (int32_t*)(uintptr_t)(CIMX_XBAR_BUFFER + ((BATCH * n + 3) & ~3u));
    }
    expect_error(cimx_xbar_mvm(xbar, x, n, y, m, BATCH, 0), CIMX_ERR_NONE, "mvm");
    if (use_buffer) memcpy(results, y, BATCH * m * 4);
    compare(BATCH * m, "mvm");

    expect_error(cimx_xbar_mvm(xbar, x, n, y, m, BATCH, CIMX_FLAG_ACCUMULATE), CIMX_ERR_NONE,
                 "mvm accumulate");
    if (use_buffer) memcpy(results, y, BATCH * m * 4);
    for (uint32_t k = 0; k < BATCH * m; ++k) expected[k] *= 2;
    compare(BATCH * m, "mvm accumulate");
}

static void misuse(bool handler_mode) {
    weights[0] = 1;
    expect_error(cimx_xbar_program(info.count, weights, 1, 1), CIMX_ERR_BAD_XBAR, "bad crossbar");
    expect_error(cimx_xbar_program(0, weights, info.max_outputs + 1, 1), CIMX_ERR_TILE_TOO_LARGE,
                 "tile too large");
    expect_error(cimx_xbar_program(0, weights, 1, 0), CIMX_ERR_TILE_TOO_LARGE, "empty tile");
    weights[0] = 2;
    expect_error(cimx_xbar_program(0, weights, 1, 1), CIMX_ERR_BAD_VALUE,
                 "weight outside alphabet");
    weights[0] = 1;
    expect_error(cimx_xbar_program(0, (const int8_t*)0x40000000, 1, 1), CIMX_ERR_DMA_RANGE,
                 "weights outside RAM");
    if (info.count > 3) /* crossbars 0..2 hold tiles */
        expect_error(cimx_xbar_mvm(info.count - 1, inputs, 1, results, 1, 1, 0),
                     CIMX_ERR_NOT_PROGRAMMED, "mvm on empty crossbar");
    expect_error(cimx_xbar_program(0, weights, 1, 1), CIMX_ERR_NONE, "program 1x1");
    expect_error(cimx_xbar_mvm(0, inputs, 2, results, 1, 1, 0), CIMX_ERR_BAD_SHAPE, "wrong shape");
    expect_error(cimx_xbar_mvm(0, inputs, 1, results, 1, 0, 0), CIMX_ERR_BAD_SHAPE, "empty batch");
    inputs[0] = 5;
    expect_error(cimx_xbar_mvm(0, inputs, 1, results, 1, 1, 0), CIMX_ERR_BAD_VALUE,
                 "input outside alphabet");
    inputs[0] = 1;
    expect_error(cimx_xbar_mvm(0, inputs, 1, (int32_t*)0x20000000, 1, 1, 0), CIMX_ERR_DMA_RANGE,
                 "results outside RAM");
    expect_error(cimx_xbar_set_adc_range(0, 10, 10), CIMX_ERR_BAD_ADC_RANGE, "empty ADC range");
    cimx_xbar_write(CIMX_XBAR_CMD, 99);
    expect_error(cimx_xbar_wait(), CIMX_ERR_BAD_COMMAND, "unknown command");

    /* A second command while the first (a batch on the largest tile, crossbar 1)
     * runs is refused; the first completes unharmed. */
    uint32_t m = info.max_outputs < MAX_M ? info.max_outputs : MAX_M;
    uint32_t n = info.max_inputs < MAX_N ? info.max_inputs : MAX_N;
    for (uint32_t k = 0; k < BATCH * n; ++k) inputs[k] = 1;
    cimx_xbar_start_mvm(1 % info.count, inputs, n, results, m, BATCH, 0);
    cimx_xbar_write(CIMX_XBAR_CMD, CIMX_CMD_MVM);
    check(cimx_xbar_read(CIMX_XBAR_ERROR) == CIMX_ERR_BUSY, "busy error");
    /* (An error interrupt handler may run long enough for the first command to finish.) */
    check(handler_mode || (cimx_xbar_read(CIMX_XBAR_STATUS) & CIMX_STATUS_BUSY),
          "first command still running");
    while (cimx_xbar_read(CIMX_XBAR_STATUS) & CIMX_STATUS_BUSY) {
    }
    check(cimx_xbar_read(CIMX_XBAR_STATUS) & CIMX_STATUS_DONE, "first command done");
}

static bool on_trap(cimvp_trap_frame* frame) {
    if (frame->mcause != (CIMVP_MCAUSE_INTERRUPT | 11)) return false;
    ++irqs;
    cimx_xbar_write(CIMX_XBAR_IRQ_STATUS, CIMX_IRQ_DONE | CIMX_IRQ_ERROR); /* lowers MEIP */
    return true;
}

int main(int argc, char** argv) {
    const char* mode = argc > 2 ? argv[2] : "poll";
    tolerant = argc > 3 && strcmp(argv[3], "tolerant") == 0;
    if (cimx_xbar_probe(&info) != 0) {
        printf("no accelerator\n");
        return 99;
    }
    ternary = info.mapping >= 6;
    printf("xbar: %lux%lu x%lu, mapping %lu, tile up to %lux%lu, wait %s\n",
           (unsigned long)info.rows, (unsigned long)info.cols, (unsigned long)info.count,
           (unsigned long)info.mapping, (unsigned long)info.max_outputs,
           (unsigned long)info.max_inputs, mode);
    if (strcmp(mode, "poll") != 0) cimx_xbar_set_wait_mode(CIMX_WAIT_IRQ);
    if (strcmp(mode, "handler") == 0) {
        cimvp_trap_install(on_trap);
        CIMVP_CSR_SET(mstatus, CIMVP_MSTATUS_MIE);
    }
    uint32_t m = info.max_outputs < MAX_M ? info.max_outputs : MAX_M;
    uint32_t n = info.max_inputs < MAX_N ? info.max_inputs : MAX_N;
    tile_roundtrip(1 % info.count, m, n, false);
    tile_roundtrip(0, 37 < m ? 37 : m, 61 < n ? 61 : n, true);
    tile_roundtrip(2 % info.count, 1, 1, false);
    uint32_t mvms = cimx_xbar_read(CIMX_XBAR_MVMS_LO);
    check(mvms == 3 * 2 * BATCH, "MVM counter");
    if (!tolerant) misuse(strcmp(mode, "handler") == 0);
    if (strcmp(mode, "handler") == 0) check(irqs > 0, "interrupts taken");
    printf("mvms: %lu, cells: %lu, energy: %lu fJ, busy: %lu ns\n", (unsigned long)mvms,
           (unsigned long)cimx_xbar_read(CIMX_XBAR_CELLS_LO),
           (unsigned long)cimx_xbar_read(CIMX_XBAR_ENERGY_FJ_LO),
           (unsigned long)cimx_xbar_read(CIMX_XBAR_BUSY_NS_LO));
    printf("mismatches: %lu, checksum: %08lx\n", (unsigned long)mismatches,
           (unsigned long)checksum);
    printf("%s\n", failures ? "FAILED" : "ok");
    return (int)failures;
}
