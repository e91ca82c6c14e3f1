/* Raw semihosting calls for firmware tests (semihost_call.S), with the operation numbers of
 * the RISC-V/ARM semihosting specification. */
#ifndef FIRMWARE_TEST_SEMIHOST_CALL_H
#define FIRMWARE_TEST_SEMIHOST_CALL_H

#include <stdint.h>

enum {
    SH_SYS_OPEN = 0x01,
    SH_SYS_CLOSE = 0x02,
    SH_SYS_WRITEC = 0x03,
    SH_SYS_WRITE0 = 0x04,
    SH_SYS_WRITE = 0x05,
    SH_SYS_READ = 0x06,
    SH_SYS_ISERROR = 0x08,
    SH_SYS_ISTTY = 0x09,
    SH_SYS_SEEK = 0x0a,
    SH_SYS_FLEN = 0x0c,
    SH_SYS_TMPNAM = 0x0d,
    SH_SYS_REMOVE = 0x0e,
    SH_SYS_RENAME = 0x0f,
    SH_SYS_CLOCK = 0x10,
    SH_SYS_TIME = 0x11,
    SH_SYS_ERRNO = 0x13,
    SH_SYS_GET_CMDLINE = 0x15,
    SH_SYS_ELAPSED = 0x30,
    SH_SYS_TICKFREQ = 0x31,
};

/* SYS_OPEN modes: the index of the fopen mode string r, rb, r+, r+b, w, wb, w+, w+b, a, ab,
 * a+, a+b. */
enum {
    SH_MODE_R = 0,
    SH_MODE_RB = 1,
    SH_MODE_R_PLUS = 2,
    SH_MODE_W = 4,
    SH_MODE_W_PLUS = 6,
    SH_MODE_A = 8,
    SH_MODE_A_PLUS = 10,
    SH_MODE_COUNT = 12,
};

uint32_t semihost_call(uint32_t op, uint32_t parameter);

static inline uint32_t semihost_block(uint32_t op, const void* block) {
    return semihost_call(op, (uint32_t)(uintptr_t)block);
}

#endif
