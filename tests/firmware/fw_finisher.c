/* Firmware for FirmwareTest.TestFinisher: ends the simulation through the sifive_test
 * finisher instead of semihosting: code 0 writes PASS (0x5555), any other code writes
 * (code << 16) | FAIL (0x3333). The process exit code must be the code. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cimvp/args.h>
#include "platform/memory_map.h"

int main(int argc, char** argv) {
    uint32_t code = (uint32_t)atoi(cimvp_firmware_arg(argc, argv, 0, "0"));
    printf("finishing with %lu\n", (unsigned long)code);
    volatile uint32_t* finisher = (volatile uint32_t*)(uintptr_t)CIMVP_FINISHER_BASE;
    *finisher = code == 0 ? CIMVP_FINISHER_PASS : (code << 16) | CIMVP_FINISHER_FAIL;
    for (;;) {
    }
}
