/* Firmware for FirmwareTest.ExitCode: ends with the code given as first firmware argument,
 * through main's return or exit() as the second argument says. Prints a line without a final
 * newline first: stdio must be flushed at exit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cimvp/args.h>

int main(int argc, char** argv) {
    int code = atoi(cimvp_firmware_arg(argc, argv, 0, "0"));
    const char* how = cimvp_firmware_arg(argc, argv, 1, "return");
    printf("leaving with %d by %s", code, how);
    if (strcmp(how, "exit") == 0) exit(code);
    return code;
}
