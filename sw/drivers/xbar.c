/* Crossbar accelerator driver (see cimvp/xbar.h). */
#include <cimvp/xbar.h>

#include <cimvp/csr.h>

static cimx_wait_mode wait_mode = CIMX_WAIT_POLL;

int cimx_xbar_probe(cimx_xbar_info* info) {
    if (cimx_xbar_read(CIMX_XBAR_ID) != CIMX_ID_VALUE) return -1;
    info->rows = cimx_xbar_read(CIMX_XBAR_ROWS);
    info->cols = cimx_xbar_read(CIMX_XBAR_COLS);
    info->count = cimx_xbar_read(CIMX_XBAR_COUNT);
    info->mapping = cimx_xbar_read(CIMX_XBAR_MAPPING);
    info->max_inputs = cimx_xbar_read(CIMX_XBAR_MAX_INPUTS);
    info->max_outputs = cimx_xbar_read(CIMX_XBAR_MAX_OUTPUTS);
    return 0;
}

void cimx_xbar_set_wait_mode(cimx_wait_mode mode) {
    wait_mode = mode;
    if (mode == CIMX_WAIT_IRQ) {
        cimx_xbar_write(CIMX_XBAR_IRQ_ENABLE, CIMX_IRQ_DONE | CIMX_IRQ_ERROR);
        CIMVP_CSR_SET(mie, CIMVP_MIE_MEIE);
    } else {
        cimx_xbar_write(CIMX_XBAR_IRQ_ENABLE, 0);
        CIMVP_CSR_CLEAR(mie, CIMVP_MIE_MEIE);
    }
}

static void start(uint32_t cmd) {
    cimx_xbar_write(CIMX_XBAR_IRQ_STATUS, CIMX_IRQ_DONE | CIMX_IRQ_ERROR); /* stale events */
    cimx_xbar_write(CIMX_XBAR_CMD, cmd);
}

void cimx_xbar_start_program(uint32_t xbar, const int8_t* weights, uint32_t outputs,
                             uint32_t inputs) {
    cimx_xbar_write(CIMX_XBAR_XBAR, xbar);
    cimx_xbar_write(CIMX_XBAR_OUTPUTS, outputs);
    cimx_xbar_write(CIMX_XBAR_INPUTS, inputs);
    cimx_xbar_write(CIMX_XBAR_SRC, (uint32_t)(uintptr_t)weights);
    start(CIMX_CMD_PROGRAM);
}

void cimx_xbar_start_mvm(uint32_t xbar, const int8_t* x, uint32_t inputs, int32_t* y,
                         uint32_t outputs, uint32_t batch, uint32_t flags) {
    cimx_xbar_write(CIMX_XBAR_XBAR, xbar);
    cimx_xbar_write(CIMX_XBAR_OUTPUTS, outputs);
    cimx_xbar_write(CIMX_XBAR_INPUTS, inputs);
    cimx_xbar_write(CIMX_XBAR_SRC, (uint32_t)(uintptr_t)x);
    cimx_xbar_write(CIMX_XBAR_DST, (uint32_t)(uintptr_t)y);
    cimx_xbar_write(CIMX_XBAR_BATCH, batch);
    cimx_xbar_write(CIMX_XBAR_FLAGS, flags);
    cimx_xbar_write(CIMX_XBAR_SRC_STRIDE, 0);
    cimx_xbar_write(CIMX_XBAR_DST_STRIDE, 0);
    start(CIMX_CMD_MVM);
}

uint32_t cimx_xbar_wait(void) {
    if (wait_mode == CIMX_WAIT_IRQ) {
        /* Check-then-sleep must not race with the interrupt: were a handler to run
         * between the check and wfi (and clear the event), wfi would sleep forever.
         * So MIE is off while waiting; wfi still wakes on the pending MEIP, and a
         * handler, if any, runs when MIE is restored. */
        uint32_t mstatus = CIMVP_CSR_READ(mstatus);
        CIMVP_CSR_CLEAR(mstatus, CIMVP_MSTATUS_MIE);
        while (cimx_xbar_read(CIMX_XBAR_STATUS) & CIMX_STATUS_BUSY)
            if (!(cimx_xbar_read(CIMX_XBAR_IRQ_STATUS) & (CIMX_IRQ_DONE | CIMX_IRQ_ERROR)))
                __asm__ volatile("wfi");
        if (mstatus & CIMVP_MSTATUS_MIE) CIMVP_CSR_SET(mstatus, CIMVP_MSTATUS_MIE);
    } else {
        while (cimx_xbar_read(CIMX_XBAR_STATUS) & CIMX_STATUS_BUSY) {
        }
    }
    cimx_xbar_write(CIMX_XBAR_IRQ_STATUS, CIMX_IRQ_DONE | CIMX_IRQ_ERROR);
    return cimx_xbar_read(CIMX_XBAR_ERROR);
}

uint32_t cimx_xbar_program(uint32_t xbar, const int8_t* weights, uint32_t outputs,
                           uint32_t inputs) {
    cimx_xbar_start_program(xbar, weights, outputs, inputs);
    return cimx_xbar_wait();
}

uint32_t cimx_xbar_mvm(uint32_t xbar, const int8_t* x, uint32_t inputs, int32_t* y,
                       uint32_t outputs, uint32_t batch, uint32_t flags) {
    cimx_xbar_start_mvm(xbar, x, inputs, y, outputs, batch, flags);
    return cimx_xbar_wait();
}

uint32_t cimx_xbar_set_adc_range(uint32_t xbar, int32_t lo_na, int32_t hi_na) {
    cimx_xbar_write(CIMX_XBAR_XBAR, xbar);
    cimx_xbar_write(CIMX_XBAR_ADC_LO, (uint32_t)lo_na);
    cimx_xbar_write(CIMX_XBAR_ADC_HI, (uint32_t)hi_na);
    start(CIMX_CMD_SET_ADC_RANGE);
    return cimx_xbar_wait();
}

uint64_t cimx_xbar_read64(uint32_t lo_offset) {
    uint32_t hi, lo;
    do {
        hi = cimx_xbar_read(lo_offset + 4);
        lo = cimx_xbar_read(lo_offset);
    } while (hi != cimx_xbar_read(lo_offset + 4));
    return (uint64_t)hi << 32 | lo;
}

uint64_t cimx_xbar_max_reads(uint32_t xbar) {
    cimx_xbar_write(CIMX_XBAR_XBAR, xbar);
    return cimx_xbar_read64(CIMX_XBAR_RD_MAX_READS_LO);
}

uint64_t cimx_xbar_rd_threshold(void) { return cimx_xbar_read64(CIMX_XBAR_RD_THRESHOLD_LO); }

void cimx_xbar_set_rd_threshold(uint64_t reads) {
    cimx_xbar_write(CIMX_XBAR_RD_THRESHOLD_LO, (uint32_t)reads);
    cimx_xbar_write(CIMX_XBAR_RD_THRESHOLD_HI, (uint32_t)(reads >> 32));
}

uint32_t cimx_xbar_refresh(uint32_t xbar, uint32_t first_row, uint32_t rows) {
    cimx_xbar_write(CIMX_XBAR_XBAR, xbar);
    cimx_xbar_write(CIMX_XBAR_REFRESH_FIRST, first_row);
    cimx_xbar_write(CIMX_XBAR_REFRESH_ROWS, rows);
    start(CIMX_CMD_REFRESH);
    return cimx_xbar_wait();
}

uint32_t cimx_xbar_refresh_over_threshold(uint32_t* refreshed) {
    for (uint32_t x; (x = cimx_xbar_over_threshold()) != CIMX_RD_NONE;) {
        const uint32_t err = cimx_xbar_refresh(x, 0, 0);
        if (err) return err;
        if (refreshed) ++*refreshed;
    }
    return 0;
}

const char* cimx_xbar_error_name(uint32_t code) {
#define CIMX_ERR_CASE(name, value, meaning)                                                        \
    case value: return meaning;
    switch (code) { CIMX_XBAR_ERRORS(CIMX_ERR_CASE) }
#undef CIMX_ERR_CASE
    return "unknown error";
}
