/* Firmware for FirmwareTest.StderrIsNotStdout: writes to stdout and stderr (semihosting
 * ":tt" opened for writing and for appending). cimvp must keep stderr out of its stdout;
 * QEMU 7.2 sends both to its one semihosting console. */
#include <stdio.h>

int main(void) {
    printf("first stdout line\n");
    fflush(stdout);
    fprintf(stderr, "the stderr line\n");
    printf("second stdout line\n");
    return 0;
}
