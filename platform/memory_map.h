/* The platform's memory map: one source for the VP (C++), the firmware (C)
 * and docs/memory-map.md (checked by tests/platform/memory_map_doc_test).
 * QEMU `virt` compatible for everything but the crossbar accelerator, so
 * CPU-only firmware runs unmodified on qemu-system-riscv32 -M virt. */
#ifndef CIMVP_MEMORY_MAP_H
#define CIMVP_MEMORY_MAP_H

#define CIMVP_FINISHER_BASE 0x00100000u /* sifive_test: 0x5555 pass, (code<<16)|0x3333 fail */
#define CIMVP_FINISHER_SIZE 0x00001000u
#define CIMVP_CLINT_BASE 0x02000000u
#define CIMVP_CLINT_SIZE 0x00010000u
#define CIMVP_CLINT_MSIP 0x0000u     /* offset: software interrupt pending (bit 0) */
#define CIMVP_CLINT_MTIMECMP 0x4000u /* offset: 64-bit timer compare */
#define CIMVP_CLINT_MTIME 0xbff8u    /* offset: 64-bit timer */
/* offset: 64-bit, read-only: mtime's frequency in Hz (--clint.timebase_mhz). A cimvp
 * extension, so that firmware converts mtime ticks with the VP's timebase; QEMU virt has
 * nothing there (an access fault). */
#define CIMVP_CLINT_TIMEBASE_HZ 0xc000u
#define CIMVP_STATS_BASE 0x00102000u /* statistics regions (platform/stats_regions.h) */
#define CIMVP_STATS_SIZE 0x00001000u
#define CIMVP_STATS_BEGIN 0x0u /* offset: write a region id: the region begins */
#define CIMVP_STATS_END 0x4u   /* offset: write a region id: the region ends */
#define CIMVP_STATS_LAYER 0x8u /* offset: write a layer tag (0: none): the CPU works on it */
#define CIMVP_STATS_REGIONS 16u
#define CIMVP_UART_BASE 0x10000000u
#define CIMVP_UART_SIZE 0x00000100u
#define CIMVP_XBAR_BASE 0x60000000u /* crossbar accelerator: registers, then buffers */
#define CIMVP_XBAR_SIZE 0x01000000u
#define CIMVP_RAM_BASE 0x80000000u

#define CIMVP_FINISHER_PASS 0x5555u
#define CIMVP_FINISHER_FAIL 0x3333u
#define CIMVP_FINISHER_RESET 0x7777u

#endif
