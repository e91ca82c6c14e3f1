/* Firmware for FirmwareTest.StderrThroughTtAppend. picolibc 1.8's semihosting stdio has one
 * FILE for stdin, stdout and stderr, writing each character with SYS_WRITEC, so
 * fprintf(stderr) prints to the console's stdout. A separate error stream needs the
 * SH_EXT_STDOUT_STDERR convention: ":tt" opened for appending, which cimvp and QEMU map to
 * their stderr. */
#include <stdio.h>

int main(void) {
    printf("first stdout line\n");
    fprintf(stderr, "stderr through picolibc\n");
    FILE* error_stream = fopen(":tt", "a");
    if (error_stream == NULL) {
        printf("cannot open :tt for appending\n");
        return 1;
    }
    fputs("stderr through :tt opened for appending\n", error_stream);
    fclose(error_stream);
    printf("second stdout line\n");
    return 0;
}
