/* Firmware for FirmwareTest.DefaultTrapHandler: executes an illegal instruction without
 * installing a handler, so picolibc's crt0 trap vector prints "RISCV fault" with the
 * registers, mepc, mcause and mtval to stdout and exits with code 1. */
#include <stdio.h>

int main(void) {
    printf("before the fault\n");
    __asm__ volatile(".option push\n.option norvc\n.4byte 0x0000000b\n.option pop");
    printf("after the fault (must not be printed)\n");
    return 0;
}
