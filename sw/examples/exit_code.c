/* Shows how firmware reports a result through the process exit code: returns the number
 * given as first firmware argument (`cimvp exit_code.elf -- 42`), or 3 without one. */
#include <stdio.h>
#include <stdlib.h>

#include <cimvp/args.h>

int main(int argc, char** argv) {
    const char* code_text = cimvp_firmware_arg(argc, argv, 0, "3");
    int code = atoi(code_text);
    printf("exiting with %d\n", code);
    return code;
}
