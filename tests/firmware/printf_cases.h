/* The printf cases shared by fw_printf.c (which prints them with picolibc on the target)
 * and firmware_test.cpp (which formats the same values with the host's C library to get the
 * expected output independently of the firmware and of the VP). Only types of the same size
 * on RV32 and the x86-64 host: int, unsigned, long long, double, char, strings. */
#ifndef FIRMWARE_TEST_PRINTF_CASES_H
#define FIRMWARE_TEST_PRINTF_CASES_H

#include <limits.h>
#include <stdint.h>

/* X(format, value) for ints and unsigned ints */
#define PRINTF_INT_CASES(X)                                                                        \
    X("%d", 0)                                                                                     \
    X("%d", 42)                                                                                    \
    X("%d", -42)                                                                                   \
    X("%d", INT_MAX)                                                                               \
    X("%d", INT_MIN)                                                                               \
    X("%i", -1)                                                                                    \
    X("%u", 4294967295u)                                                                           \
    X("%u", 3000000000u)                                                                           \
    X("%x", 0xdeadbeefu)                                                                           \
    X("%X", 0xdeadbeefu)                                                                           \
    X("%#x", 255u)                                                                                 \
    X("%08x", 0xabcu)                                                                              \
    X("%o", 8u)                                                                                    \
    X("%#o", 8u)                                                                                   \
    X("[%6d]", -42)                                                                                \
    X("[%-6d]", -42)                                                                               \
    X("[%+d]", 7)                                                                                  \
    X("[% d]", 7)                                                                                  \
    X("[%.5d]", -17)                                                                               \
    X("[%08d]", -17)                                                                               \
    X("[%c]", 'A')

/* X(format, value) for long long and unsigned long long */
#define PRINTF_LLONG_CASES(X)                                                                      \
    X("%lld", 0LL)                                                                                 \
    X("%lld", 9223372036854775807LL)                                                               \
    X("%lld", (-9223372036854775807LL - 1))                                                        \
    X("%llu", 18446744073709551615ULL)                                                             \
    X("%llx", 0x0123456789abcdefULL)                                                               \
    X("%lld", -1234567890123LL)

/* X(format, value) for strings */
#define PRINTF_STRING_CASES(X)                                                                     \
    X("[%s]", "text")                                                                              \
    X("[%10s]", "right")                                                                           \
    X("[%-10s]", "left")                                                                           \
    X("[%.3s]", "truncated")

#endif
