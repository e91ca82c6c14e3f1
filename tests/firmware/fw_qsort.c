/* Firmware for FirmwareTest.Qsort: sorts integers and strings with picolibc's qsort and
 * prints the sorted array's checksum and a few elements, and the sorted words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/firmware/qsort_case.h"

static int compare_ints(const void* left, const void* right) {
    int32_t a = *(const int32_t*)left, b = *(const int32_t*)right;
    return (a > b) - (a < b);
}

static int compare_strings(const void* left, const void* right) {
    return strcmp(*(const char* const*)left, *(const char* const*)right);
}

static int32_t values[QSORT_COUNT];

int main(void) {
    qsort_case_fill(values);
    qsort(values, QSORT_COUNT, sizeof values[0], compare_ints);
    int sorted = 1;
    for (int i = 1; i < QSORT_COUNT; ++i) sorted &= values[i - 1] <= values[i];
    printf("sorted=%d checksum=%lu min=%ld median=%ld max=%ld\n", sorted,
           (unsigned long)qsort_case_checksum(values), (long)values[0],
           (long)values[QSORT_COUNT / 2], (long)values[QSORT_COUNT - 1]);

    const char* words[] = {"tile", "adc", "crossbar", "riscv", "dac", "rram", "bnn", "tnn"};
    const int word_count = (int)(sizeof words / sizeof words[0]);
    qsort(words, word_count, sizeof words[0], compare_strings);
    for (int i = 0; i < word_count; ++i) printf("%s%c", words[i], i + 1 < word_count ? ' ' : '\n');
    return 0;
}
