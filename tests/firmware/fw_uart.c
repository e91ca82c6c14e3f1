/* Firmware for FirmwareTest.UartOutput: writes to the ns16550a UART's transmit register
 * (polling LSR.THRE), which QEMU -nographic and cimvp both send to stdout. */
#include <stdint.h>

#include "platform/memory_map.h"

#define UART_THR 0u /* transmit holding register */
#define UART_LSR 5u /* line status register */
#define UART_LSR_THRE 0x20u

static void uart_put(char c) {
    volatile uint8_t* uart = (volatile uint8_t*)(uintptr_t)CIMVP_UART_BASE;
    while ((uart[UART_LSR] & UART_LSR_THRE) == 0) {
    }
    uart[UART_THR] = (uint8_t)c;
}

int main(void) {
    for (const char* text = "uart: hello\n"; *text != '\0'; ++text) uart_put(*text);
    return 0;
}
