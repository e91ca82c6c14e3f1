/* Firmware for FirmwareTest.UnhandledTrapInRuntime: a cimvp/trap.h handler that declines an
 * illegal instruction, so the runtime reports it and exits with code 1. */
#include <stdio.h>

#include <cimvp/trap.h>

static bool decline_everything(cimvp_trap_frame* frame) {
    (void)frame;
    return false;
}

int main(void) {
    cimvp_trap_install(decline_everything);
    printf("before the trap\n");
    __asm__ volatile(".option push\n.option norvc\n.4byte 0x0000000b\n.option pop");
    printf("after the trap (must not be printed)\n");
    return 0;
}
