/* Driver for the crossbar accelerator at CIMVP_XBAR_BASE. Register offsets,
 * commands and error codes come from ip/tlm/xbar_regmap.h, the same table the
 * VP model uses, so the two cannot drift.
 *
 * Data layout: weights are int8 in {-1,+1} (BNN) or {-1,0,+1} (TNN), row-major
 * (weights[o * inputs + i] links input i to output o); input vectors are int8;
 * results are int32. The accelerator moves them by DMA from/to RAM or its
 * on-chip buffer (CIMX_XBAR_BUFFER).
 *
 * Waiting: polling STATUS, or (cimx_xbar_set_wait_mode(CIMX_WAIT_IRQ)) sleeping
 * in wfi until the accelerator's interrupt (mip.MEIP) arrives. The wait clears
 * mstatus.MIE while it checks and sleeps (wfi wakes on a pending enabled
 * interrupt even then, so no trap handler is needed) and restores it after,
 * so an installed handler runs once the wait is over, never in the window
 * between the check and wfi that would lose the wake-up. */
#ifndef CIMVP_XBAR_H
#define CIMVP_XBAR_H

#include <stdint.h>

#include "platform/memory_map.h"
#include "ip/tlm/xbar_regmap.h"

#define CIMX_XBAR_BUFFER (CIMVP_XBAR_BASE + CIMX_XBAR_BUFFER_OFFSET)

static inline volatile uint32_t* cimx_xbar_reg(uint32_t offset) {
    return (volatile uint32_t*)(uintptr_t)(CIMVP_XBAR_BASE + offset);
}
static inline uint32_t cimx_xbar_read(uint32_t offset) { return *cimx_xbar_reg(offset); }
/* A 64-bit counter from its _LO / _HI pair, consistent while it counts (HI re-read until stable).
 */
uint64_t cimx_xbar_read64(uint32_t lo_offset);
static inline void cimx_xbar_write(uint32_t offset, uint32_t v) { *cimx_xbar_reg(offset) = v; }

typedef struct {
    uint32_t rows, cols, count, mapping, max_inputs, max_outputs;
} cimx_xbar_info;

typedef enum { CIMX_WAIT_POLL, CIMX_WAIT_IRQ } cimx_wait_mode;

/* Reads the configuration registers; returns 0, or -1 if no accelerator answers. */
int cimx_xbar_probe(cimx_xbar_info* info);
void cimx_xbar_set_wait_mode(cimx_wait_mode mode);

/* Start a command and return at once (check cimx_xbar_wait's result). */
void cimx_xbar_start_program(uint32_t xbar, const int8_t* weights, uint32_t outputs,
                             uint32_t inputs);
void cimx_xbar_start_mvm(uint32_t xbar, const int8_t* x, uint32_t inputs, int32_t* y,
                         uint32_t outputs, uint32_t batch, uint32_t flags);

/* Waits until the accelerator is idle; returns the ERROR register (CIMX_ERR_*). */
uint32_t cimx_xbar_wait(void);

/* Blocking forms: start, wait, return the error code (0 = success). */
uint32_t cimx_xbar_program(uint32_t xbar, const int8_t* weights, uint32_t outputs, uint32_t inputs);
uint32_t cimx_xbar_mvm(uint32_t xbar, const int8_t* x, uint32_t inputs, int32_t* y,
                       uint32_t outputs, uint32_t batch, uint32_t flags);
uint32_t cimx_xbar_set_adc_range(uint32_t xbar, int32_t lo_na, int32_t hi_na);

/* Read disturb and refresh (docs/crossbar/registers.md). Read counts exist only with the VP
 * option xbar.read_disturb = on (0 otherwise). */
/* Reads of the most-read word-line of crossbar `xbar` since that row was last written. */
uint64_t cimx_xbar_max_reads(uint32_t xbar);
/* RD_THRESHOLD (reset value: the VP option xbar.rd_threshold; 0 = none). */
uint64_t cimx_xbar_rd_threshold(void);
void cimx_xbar_set_rd_threshold(uint64_t reads);
/* The lowest crossbar index with a row at or over RD_THRESHOLD, or CIMX_RD_NONE. */
static inline uint32_t cimx_xbar_over_threshold(void) {
    return cimx_xbar_read(CIMX_XBAR_RD_OVER_XBAR);
}
/* Re-programs `rows` word-lines (0 = to the end) of crossbar `xbar`'s tile from `first_row` on
 * with the weights they hold; blocking, returns the error code. */
uint32_t cimx_xbar_refresh(uint32_t xbar, uint32_t first_row, uint32_t rows);
/* Refresh policy against read disturb ("software" refresh of analog-cim-sim): re-programs the
 * whole tile of every crossbar that has a row at or over RD_THRESHOLD, lowest index first, until
 * none is over; adds the crossbars refreshed to *refreshed (may be null). Returns the first error
 * code or 0. Costs one register read when no crossbar is over. */
uint32_t cimx_xbar_refresh_over_threshold(uint32_t* refreshed);

/* "tile too large", ... for CIMX_ERR_* codes. */
const char* cimx_xbar_error_name(uint32_t code);

#endif
