/* CPU-bound benchmark firmware for bench/mips.py: a loop of loads, stores, multiplies and
 * data-dependent branches over a 4 KiB array, run ROUNDS times (first firmware argument,
 * default 25000: about 300 million instructions). Prints a checksum of the result, so the
 * work cannot be optimized away, and so that two simulators can be compared. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cimvp/args.h>

#define ARRAY_SIZE 1024
#define DEFAULT_ROUNDS 25000

static uint32_t data[ARRAY_SIZE];

static uint32_t run_rounds(uint32_t rounds) {
    uint32_t accumulator = 1;
    for (uint32_t round = 0; round < rounds; ++round) {
        for (uint32_t i = 0; i < ARRAY_SIZE; ++i) {
            uint32_t value = data[i] * 2654435761u + accumulator; /* load, multiply */
            if (value & 0x100u) {                                 /* unpredictable branch */
                accumulator += value >> 3;
            } else {
                accumulator ^= value;
            }
            data[i] = value; /* store */
        }
    }
    return accumulator;
}

int main(int argc, char** argv) {
    uint32_t rounds = (uint32_t)strtoul(cimvp_firmware_arg(argc, argv, 0, ""), NULL, 10);
    if (rounds == 0) rounds = DEFAULT_ROUNDS;
    for (uint32_t i = 0; i < ARRAY_SIZE; ++i) data[i] = i * 7u + 3u;
    uint32_t accumulator = run_rounds(rounds);
    uint32_t checksum = accumulator;
    for (uint32_t i = 0; i < ARRAY_SIZE; ++i) checksum = checksum * 31u + data[i];
    printf("mips_loop: %lu rounds of %d elements, checksum 0x%08lx\n", (unsigned long)rounds,
           ARRAY_SIZE, (unsigned long)checksum);
    return 0;
}
