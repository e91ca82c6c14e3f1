/* Firmware for FirmwareTest.Int64Arithmetic: 64-bit multiply, divide, remainder and shifts on
 * RV32 (through libgcc), and the RV32M edge cases the ISA defines (division by zero and
 * INT_MIN / -1 do not trap; they return fixed values). */
#include <stdint.h>
#include <stdio.h>

#include "tests/firmware/int64_cases.h"

#define RV32M_OP(name, a, b)                                                                       \
    ({                                                                                             \
        uint32_t result_;                                                                          \
        __asm__ volatile(name " %0, %1, %2" : "=r"(result_) : "r"(a), "r"(b));                     \
        result_;                                                                                   \
    })

int main(void) {
    char line[256];
    for (int i = 0; i < INT64_PAIR_COUNT; ++i) {
        format_int64_case(line, sizeof line, int64_pairs[i][0], int64_pairs[i][1]);
        printf("%s\n", line);
    }
    volatile uint32_t int_min = 0x80000000u, minus_one = 0xffffffffu, zero = 0, seven = 7;
    volatile uint32_t big = 0x87654321u;
    printf("div by zero: %08lx %08lx %08lx %08lx\n", (unsigned long)RV32M_OP("div", seven, zero),
           (unsigned long)RV32M_OP("divu", seven, zero),
           (unsigned long)RV32M_OP("rem", seven, zero),
           (unsigned long)RV32M_OP("remu", seven, zero));
    printf("overflow: %08lx %08lx\n", (unsigned long)RV32M_OP("div", int_min, minus_one),
           (unsigned long)RV32M_OP("rem", int_min, minus_one));
    printf("mulh: %08lx %08lx %08lx %08lx\n", (unsigned long)RV32M_OP("mul", big, big),
           (unsigned long)RV32M_OP("mulh", big, big), (unsigned long)RV32M_OP("mulhu", big, big),
           (unsigned long)RV32M_OP("mulhsu", big, big));
    return 0;
}
