/* Firmware for FirmwareTest.StartupAndArguments: what crt0 and the ELF loader must get right
 * before main: initialized data (loaded at its load address and copied by crt0), zeroed
 * bss, constructors, a heap in RAM, firmware arguments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cimvp/args.h>

static int initialized_data[5] = {3, 1, 4, 1, 5};
static const char initialized_text[] = "initialized text";
static int zeroed_bss[1000];
static int constructor_ran;

__attribute__((constructor)) static void mark_constructor(void) { constructor_ran = 1; }

static int heap_works(void) {
    const size_t size = 4u << 20; /* 4 MiB */
    unsigned char* block = malloc(size);
    if (block == NULL) return 0;
    for (size_t i = 0; i < size; i += 4096) block[i] = (unsigned char)(i >> 12);
    int ok = 1;
    for (size_t i = 0; i < size; i += 4096) ok &= block[i] == (unsigned char)(i >> 12);
    free(block);
    return ok;
}

int main(int argc, char** argv) {
    int data_ok = initialized_data[0] == 3 && initialized_data[2] == 4 &&
                  initialized_data[4] == 5 && strcmp(initialized_text, "initialized text") == 0;
    int bss_ok = 1;
    for (int i = 0; i < 1000; ++i) bss_ok &= zeroed_bss[i] == 0;
    printf("data: %s\n", data_ok ? "ok" : "wrong");
    printf("bss: %s\n", bss_ok ? "ok" : "wrong");
    printf("constructor: %s\n", constructor_ran ? "ran" : "missing");
    printf("heap: %s\n", heap_works() ? "ok" : "wrong");
    int count = cimvp_firmware_arg_count(argc, argv);
    printf("firmware arguments: %d\n", count);
    for (int i = 0; i < count; ++i)
        printf("argument %d: <%s>\n", i, cimvp_firmware_arg(argc, argv, i, ""));
    printf("done\n");
    return 0;
}
