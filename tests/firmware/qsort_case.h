/* The qsort case shared by fw_qsort.c and firmware_test.cpp: a pseudo-random array with
 * negative values and duplicates, and the checksum both sides compute over the sorted array. */
#ifndef FIRMWARE_TEST_QSORT_CASE_H
#define FIRMWARE_TEST_QSORT_CASE_H

#include <stdint.h>

#define QSORT_COUNT 2000

/* Numerical Recipes' 32-bit linear congruential generator, values in [-5000, 5000]. */
static inline int32_t qsort_case_value(uint32_t* state) {
    *state = *state * 1664525u + 1013904223u;
    return (int32_t)((*state >> 8) % 10001u) - 5000;
}

static inline void qsort_case_fill(int32_t* values) {
    uint32_t state = 12345u;
    for (int i = 0; i < QSORT_COUNT; ++i) values[i] = qsort_case_value(&state);
}

/* Position-weighted sum: differs for any order other than the sorted one. */
static inline uint32_t qsort_case_checksum(const int32_t* values) {
    uint32_t sum = 0;
    for (int i = 0; i < QSORT_COUNT; ++i) sum += (uint32_t)values[i] * (uint32_t)(i + 1);
    return sum;
}

#endif
