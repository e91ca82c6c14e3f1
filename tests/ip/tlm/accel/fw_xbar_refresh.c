/* Read disturb and refresh through the sw/ driver (tests/accel/refresh_test.cpp).
 *
 * Programs a 16 x 64 BNN tile on crossbar 0 and runs ROUNDS single-vector MVMs of random
 * inputs, checking each result against y = W x computed on the CPU, and after each MVM, with
 * argument "policy", applies the driver's refresh policy (cimx_xbar_refresh_over_threshold).
 * Before that it checks the read counts the accelerator reports against the rows the firmware
 * drove (BNN I drives the rows of the inputs equal to +1), and the threshold registers.
 * Prints "mismatches N", "refreshes N", "refreshed_rows N"; exits with the number of failed
 * checks (mismatches are results, not failures). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cimvp/args.h>
#include <cimvp/xbar.h>

#define M 16
#define N 64
#define ROUNDS 12

static int8_t weights[M * N], x[N];
static int32_t y[M];
static uint32_t rng = 2024, failures;

static int8_t pm1(void) {
    rng = rng * 1664525u + 1013904223u;
    return (rng >> 31) ? 1 : -1;
}

static void check(int ok, const char* what) {
    if (!ok) {
        printf("FAIL: %s\n", what);
        ++failures;
    }
}

static uint32_t mismatches_of_one_mvm(void) {
    for (int i = 0; i < N; ++i) x[i] = pm1();
    check(cimx_xbar_mvm(0, x, N, y, M, 1, 0) == CIMX_ERR_NONE, "mvm");
    uint32_t bad = 0;
    for (int o = 0; o < M; ++o) {
        int32_t s = 0;
        for (int i = 0; i < N; ++i) s += weights[o * N + i] * x[i];
        bad += s != y[o];
    }
    return bad;
}

/* The counts the accelerator reports are those of the rows this firmware drove. */
static void check_counts(void) {
    static uint32_t driven[N];
    uint32_t most = 0;
    for (int round = 0; round < 3; ++round) {
        mismatches_of_one_mvm();
        for (int i = 0; i < N; ++i) driven[i] += x[i] == 1;
    }
    for (int i = 0; i < N; ++i) most = driven[i] > most ? driven[i] : most;
    check(cimx_xbar_max_reads(0) == most, "RD_MAX_READS is the most-driven row's count");
    check(cimx_xbar_max_reads(1) == 0, "RD_MAX_READS of an empty crossbar is 0");
    const uint64_t threshold = cimx_xbar_rd_threshold();
    cimx_xbar_set_rd_threshold(most + 1);
    check(cimx_xbar_over_threshold() == CIMX_RD_NONE, "below the threshold");
    cimx_xbar_set_rd_threshold(most);
    check(cimx_xbar_over_threshold() == 0, "at the threshold");
    check(cimx_xbar_refresh(0, 0, 0) == CIMX_ERR_NONE, "refresh");
    check(cimx_xbar_max_reads(0) == 0, "a refresh restarts the counts");
    check(cimx_xbar_refresh(0, N, 1) == CIMX_ERR_BAD_REFRESH_ROWS, "refresh outside the tile");
    cimx_xbar_set_rd_threshold(threshold);
}

int main(int argc, char** argv) {
    const int policy = strcmp(cimvp_firmware_arg(argc, argv, 0, ""), "policy") == 0;
    const int counts = strcmp(cimvp_firmware_arg(argc, argv, 1, ""), "counts") == 0;
    cimx_xbar_info info;
    if (cimx_xbar_probe(&info) != 0) return 100;
    for (int k = 0; k < M * N; ++k) weights[k] = pm1();
    check(cimx_xbar_program(0, weights, M, N) == CIMX_ERR_NONE, "program");
    if (counts) check_counts();
    uint32_t mismatches = 0, refreshes = 0;
    for (int round = 0; round < ROUNDS; ++round) {
        mismatches += mismatches_of_one_mvm();
        if (policy) check(cimx_xbar_refresh_over_threshold(&refreshes) == 0, "policy");
    }
    uint32_t hi, lo;
    do {
        hi = cimx_xbar_read(CIMX_XBAR_REFRESHED_ROWS_HI);
        lo = cimx_xbar_read(CIMX_XBAR_REFRESHED_ROWS_LO);
    } while (hi != cimx_xbar_read(CIMX_XBAR_REFRESHED_ROWS_HI));
    printf("rd_threshold %lu\nmismatches %lu\nrefreshes %lu\nrefreshed_rows %lu\n",
           (unsigned long)cimx_xbar_rd_threshold(), (unsigned long)mismatches,
           (unsigned long)refreshes, (unsigned long)lo);
    return (int)failures;
}
