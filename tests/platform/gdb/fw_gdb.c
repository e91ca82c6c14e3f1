/* Firmware for tests/gdb: a known function called in a loop, an array to read, and a global
 * whose value is the exit code, so a debugger's write shows in how the run ends. Given the
 * argument "spin", it spins until a debugger clears `spinning` (the Ctrl-C test). */
#include <stdio.h>
#include <string.h>

volatile int exit_status = 7;
volatile unsigned int pattern[4] = {0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u};
volatile unsigned int calls;
volatile int spinning;

__attribute__((noinline)) unsigned int scale(unsigned int x) {
    calls += 1;
    return x * 3u + 1u;
}

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) /* picolibc's argv[1] is the firmware's path */
        if (strcmp(argv[i], "spin") == 0) spinning = 1;
    while (spinning) calls += 1;
    unsigned int sum = 0;
    for (unsigned int i = 0; i < 5; ++i) sum += scale(0x1000u + i);
    printf("sum %u calls %u pattern %x\n", sum, calls, pattern[3]);
    return exit_status;
}
