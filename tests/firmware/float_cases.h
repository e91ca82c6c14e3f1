/* Floating-point cases shared by fw_float.c (RV32IMC has no FPU: libgcc's soft-float and
 * picolibc's printf) and firmware_test.cpp (the host's hardware floating point and C library
 * give the expected output). Only correctly rounded operations (+ - * / sqrt, conversions),
 * so every IEEE 754 implementation must agree bit for bit. The counts are volatile so the firmware
 * computes at run time. */
#ifndef FIRMWARE_TEST_FLOAT_CASES_H
#define FIRMWARE_TEST_FLOAT_CASES_H

#include <math.h>
#include <string.h>

static volatile int float_case_count = 1000;
static volatile double float_case_zero = 0.0;
static volatile double float_case_big = 1e15;

static inline double harmonic_double(void) {
    double sum = 0.0;
    for (int i = 1; i <= float_case_count; ++i) sum += 1.0 / i;
    return sum;
}

static inline float harmonic_float(void) {
    float sum = 0.0f;
    for (int i = 1; i <= float_case_count; ++i) sum += 1.0f / (float)i;
    return sum;
}

static inline double alternating_products(void) {
    double value = 1.0;
    for (int i = 1; i <= float_case_count; ++i) value = value * (1.0 + 1.0 / (i * 7.0)) - 1e-4;
    return value;
}

static inline double sqrt_two(void) { return sqrt(2.0 + float_case_zero); }
static inline float sqrtf_three(void) { return sqrtf(3.0f + (float)float_case_zero); }
static inline double one_third(void) { return 1.0 / (3.0 + float_case_zero); }
static inline double positive_infinity(void) { return 1.0 / float_case_zero; }
static inline double negative_zero(void) { return -1.0 * float_case_zero; }
static inline long long double_to_int64(void) { return (long long)(float_case_big * 9.5 + 0.75); }
static inline double int64_to_double(void) {
    return (double)((long long)float_case_big * 9007 + 1);
}
static inline int double_to_int(void) { return (int)(-3.75 + float_case_zero); }
static inline unsigned double_to_unsigned(void) { return (unsigned)(3.9e9 + float_case_zero); }
static inline float float_product(void) { return 0.1f * (float)(3 + float_case_count - 1000); }

/* The bits of a double, to compare results exactly (printf is not used for that: with a
 * precision above the shortest round-trip length picolibc prints the shortest digits, glibc
 * the exact decimal expansion, e.g. "%.17g" of 1/3 is 0.3333333333333333 vs
 * 0.33333333333333331). */
static inline unsigned long long double_bits(double value) {
    unsigned long long bits;
    memcpy(&bits, &value, sizeof bits);
    return bits;
}

/* X(name, double expression): printed as "name: bits %.6g" */
#define FLOAT_RESULT_CASES(X)                                                                      \
    X("harmonic double", harmonic_double())                                                        \
    X("harmonic float", (double)harmonic_float())                                                  \
    X("products", alternating_products())                                                          \
    X("sqrt(2)", sqrt_two())                                                                       \
    X("sqrtf(3)", (double)sqrtf_three())                                                           \
    X("1/3", one_third())                                                                          \
    X("0.1f*3", (double)float_product())                                                           \
    X("int64 to double", int64_to_double())

/* X(format, double value): printf's formatting of doubles */
#define FLOAT_FORMAT_CASES(X)                                                                      \
    X("%f", 3.14159265358979)                                                                      \
    X("%f", -2.5)                                                                                  \
    X("%.3f", 1234.56789)                                                                          \
    X("[%10.4f]", 3.14159265358979)                                                                \
    X("%e", 6.02214076e23)                                                                         \
    X("%.3e", -0.000123456)                                                                        \
    X("[%-12.2e]", 299792458.0)                                                                    \
    X("%g", 0.0001234)                                                                             \
    X("%g", 0.00001234)                                                                            \
    X("%g", 123456789.0)                                                                           \
    X("%g", 100000.0)                                                                              \
    X("%g", 1000000.0)                                                                             \
    X("%g", 0.1 + 0.2)                                                                             \
    X("%.17g", 0.1 + 0.2)                                                                          \
    X("%f", positive_infinity())                                                                   \
    X("%f", negative_zero())                                                                       \
    X("%g", __builtin_nan(""))

/* X(format, integer expression) for conversions from floating point */
#define FLOAT_CONVERSION_CASES(X)                                                                  \
    X("%lld", double_to_int64())                                                                   \
    X("%d", double_to_int())                                                                       \
    X("%u", double_to_unsigned())

#endif
