/* Firmware for FirmwareTest.SoftFloatPrintf: prints each case of float_cases.h on its own
 * line; the test formats the same cases on the host. */
#include <stdio.h>

#include "tests/firmware/float_cases.h"

#define PRINT_RESULT(name, value) printf("%s: %016llx %.6g\n", name, double_bits(value), value);
#define PRINT_CASE(format, value) printf(format "\n", value);

int main(void) {
    FLOAT_RESULT_CASES(PRINT_RESULT)
    FLOAT_FORMAT_CASES(PRINT_CASE)
    FLOAT_CONVERSION_CASES(PRINT_CASE)
    return 0;
}
