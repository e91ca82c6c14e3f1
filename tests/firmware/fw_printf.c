/* Firmware for FirmwareTest.PrintfIntegers: prints every case of printf_cases.h on its own
 * line, so the test can compare with the host C library's formatting of the same values. */
#include <stdio.h>

#include "tests/firmware/printf_cases.h"

#define PRINT_CASE(format, value) printf(format "\n", value);

int main(void) {
    PRINTF_INT_CASES(PRINT_CASE)
    PRINTF_LLONG_CASES(PRINT_CASE)
    PRINTF_STRING_CASES(PRINT_CASE)
    printf("100%%\n");
    return 0;
}
