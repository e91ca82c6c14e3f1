/* Firmware arguments (`cimvp FW.elf -- ARGS`, or QEMU's -semihosting-config arg=FW.elf,arg=..)
 * arrive through semihosting SYS_GET_CMDLINE, whose first word is the program. picolibc
 * 1.8's crt0 puts the fixed string "program-name" in argv[0] and the command line's words
 * after it, so the program is argv[1] and the first firmware argument argv[2]. These helpers
 * hide that, and keep working if a later crt0 uses the command line's first word as argv[0]. */
#ifndef CIMVP_ARGS_H
#define CIMVP_ARGS_H

#include <string.h>

static inline int cimvp_program_arg_index(int argc, char** argv) {
    return (argc >= 2 && strcmp(argv[0], "program-name") == 0) ? 1 : 0;
}

/* Number of firmware arguments after the program. */
static inline int cimvp_firmware_arg_count(int argc, char** argv) {
    int first = cimvp_program_arg_index(argc, argv) + 1;
    return argc > first ? argc - first : 0;
}

/* The index-th firmware argument (0-based), or fallback when there are fewer. */
static inline const char* cimvp_firmware_arg(int argc, char** argv, int index,
                                             const char* fallback) {
    int position = cimvp_program_arg_index(argc, argv) + 1 + index;
    return (index >= 0 && position < argc) ? argv[position] : fallback;
}

#endif
