/* 64-bit integer cases shared by fw_int64.c (RV32: libgcc's __muldi3, __divdi3, __moddi3,
 * __udivdi3, __umoddi3 and 64-bit shifts) and firmware_test.cpp (the host's native 64-bit
 * arithmetic gives the expected output). The pairs are volatile so the firmware cannot fold
 * them at compile time. */
#ifndef FIRMWARE_TEST_INT64_CASES_H
#define FIRMWARE_TEST_INT64_CASES_H

#include <stdio.h>

#define INT64_PAIR_COUNT 9
static volatile const long long int64_pairs[INT64_PAIR_COUNT][2] = {
    {123456789012345LL, 1000003LL},
    {-7LL, 2LL},
    {7LL, -2LL},
    {-9223372036854775807LL - 1, 3LL},
    {9223372036854775807LL, -10LL},
    {1LL << 40, 12345LL},
    {-1LL, 1LL},
    {0x7fffffffLL, 0x7fffffffLL},
    {-123456789LL, 1000LL},
};

/* Formats one line of results for the pair (a, b) into line (at least 256 bytes). */
static inline void format_int64_case(char* line, unsigned long size, long long a, long long b) {
    unsigned long long ua = (unsigned long long)a, ub = (unsigned long long)b;
    unsigned shift = (unsigned)(ub & 63u);
    snprintf(line, size, "%lld %lld %lld %llu %llu %lld %llx %d %d", (long long)(ua * ub), a / b,
             a % b, ua / ub, ua % ub, a >> shift, ua << shift, a < b, ua < ub);
}

#endif
