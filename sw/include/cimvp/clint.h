/* The core-local interruptor (CLINT) at CIMVP_CLINT_BASE, as on QEMU virt: 64-bit mtime
 * counting at CIMVP_MTIME_HZ, mtimecmp raising the machine timer interrupt while
 * mtime >= mtimecmp, and msip raising the machine software interrupt.
 *
 * CIMVP_MTIME_HZ is the default timebase (QEMU virt's and cimvp's); cimvp's
 * --clint.timebase_mhz changes it. Firmware that converts ticks to time on cimvp reads the
 * actual frequency with cimvp_timebase_hz() (a cimvp register; an access fault on QEMU). */
#ifndef CIMVP_CLINT_H
#define CIMVP_CLINT_H

#include <stdint.h>

#include "platform/memory_map.h"

#ifndef CIMVP_MTIME_HZ
#define CIMVP_MTIME_HZ 10000000u /* 10 MHz timebase, like QEMU virt */
#endif

#define CIMVP_CLINT_REG32(offset) (*(volatile uint32_t*)(uintptr_t)(CIMVP_CLINT_BASE + (offset)))

/* Reads the 64-bit mtime with two 32-bit loads: hi, lo, hi again until hi did not change,
 * so a carry from lo into hi between the loads is never seen as a torn value. */
static inline uint64_t cimvp_mtime_read(void) {
    uint32_t hi, lo, hi_again;
    do {
        hi = CIMVP_CLINT_REG32(CIMVP_CLINT_MTIME + 4);
        lo = CIMVP_CLINT_REG32(CIMVP_CLINT_MTIME);
        hi_again = CIMVP_CLINT_REG32(CIMVP_CLINT_MTIME + 4);
    } while (hi != hi_again);
    return ((uint64_t)hi << 32) | lo;
}

/* mtime's frequency in Hz, from the VP (CLINT + CIMVP_CLINT_TIMEBASE_HZ, cimvp only). */
static inline uint64_t cimvp_timebase_hz(void) {
    uint32_t lo = CIMVP_CLINT_REG32(CIMVP_CLINT_TIMEBASE_HZ);
    uint32_t hi = CIMVP_CLINT_REG32(CIMVP_CLINT_TIMEBASE_HZ + 4);
    return ((uint64_t)hi << 32) | lo;
}

/* Nanoseconds in `ticks` of mtime at `hz`, without overflow for any tick count below 2^64 / 1e9
 * times the frequency. */
static inline uint64_t cimvp_mtime_ticks_to_ns(uint64_t ticks, uint64_t hz) {
    return ticks / hz * 1000000000u + ticks % hz * 1000000000u / hz;
}

/* Writes the 64-bit mtimecmp without a spurious interrupt: lo is set to all ones first, so
 * the intermediate value (new hi, old lo) is never below the old and the new deadline. */
static inline void cimvp_mtimecmp_write(uint64_t deadline) {
    CIMVP_CLINT_REG32(CIMVP_CLINT_MTIMECMP) = UINT32_MAX;
    CIMVP_CLINT_REG32(CIMVP_CLINT_MTIMECMP + 4) = (uint32_t)(deadline >> 32);
    CIMVP_CLINT_REG32(CIMVP_CLINT_MTIMECMP) = (uint32_t)deadline;
}

static inline uint64_t cimvp_mtimecmp_read(void) {
    uint32_t lo = CIMVP_CLINT_REG32(CIMVP_CLINT_MTIMECMP);
    uint32_t hi = CIMVP_CLINT_REG32(CIMVP_CLINT_MTIMECMP + 4);
    return ((uint64_t)hi << 32) | lo;
}

/* Stops timer interrupts by moving the deadline beyond any reachable time. */
static inline void cimvp_mtimecmp_disarm(void) { cimvp_mtimecmp_write(UINT64_MAX); }

static inline uint64_t cimvp_mtime_from_us(uint64_t microseconds) {
    return microseconds * (CIMVP_MTIME_HZ / 1000000u);
}

/* Raises (1) or clears (0) the machine software interrupt of hart 0. */
static inline void cimvp_msip_write(uint32_t pending) {
    CIMVP_CLINT_REG32(CIMVP_CLINT_MSIP) = pending & 1u;
}

static inline uint32_t cimvp_msip_read(void) { return CIMVP_CLINT_REG32(CIMVP_CLINT_MSIP) & 1u; }

#endif
