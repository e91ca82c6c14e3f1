/* The smallest firmware: prints through semihosting and returns 0, which crt0 passes to
 * semihosting exit, so the VP (or QEMU) exits with status 0. */
#include <stdio.h>

int main(void) {
    printf("Hello from RISC-V firmware\n");
    return 0;
}
