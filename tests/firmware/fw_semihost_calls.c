/* Firmware for the raw semihosting tests: calls made directly (semihost_call.S), with the
 * parameter blocks picolibc would build and some it never builds (closed and bogus handles,
 * wrong name lengths, every open mode). Each line prints a call's return value and the
 * semihosting errno after it (SYS_ERRNO, which keeps its value until a call fails), so the
 * test can compare every value with QEMU's. The first firmware argument names the scenario;
 * files are created in the working directory. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cimvp/args.h>
#include "tests/firmware/semihost_call.h"

static int32_t last_errno(void) { return (int32_t)semihost_call(SH_SYS_ERRNO, 0); }

static void show(const char* what, uint32_t result) {
    printf("%s -> %ld, errno %ld\n", what, (long)(int32_t)result, (long)last_errno());
}

static uint32_t open_named(const char* name, uint32_t mode, uint32_t length) {
    uint32_t block[3] = {(uint32_t)(uintptr_t)name, mode, length};
    return semihost_block(SH_SYS_OPEN, block);
}

static uint32_t open_file(const char* name, uint32_t mode) {
    return open_named(name, mode, strlen(name));
}

static uint32_t on_handle(uint32_t op, uint32_t handle) {
    uint32_t block[1] = {handle};
    return semihost_block(op, block);
}

static uint32_t transfer(uint32_t op, uint32_t handle, const void* buffer, uint32_t size) {
    uint32_t block[3] = {handle, (uint32_t)(uintptr_t)buffer, size};
    return semihost_block(op, block);
}

static uint32_t seek_to(uint32_t handle, uint32_t position) {
    uint32_t block[2] = {handle, position};
    return semihost_block(SH_SYS_SEEK, block);
}

static uint32_t remove_named(const char* name, uint32_t length) {
    uint32_t block[2] = {(uint32_t)(uintptr_t)name, length};
    return semihost_block(SH_SYS_REMOVE, block);
}

static uint32_t rename_named(const char* from, const char* to) {
    uint32_t block[4] = {(uint32_t)(uintptr_t)from, strlen(from), (uint32_t)(uintptr_t)to,
                         strlen(to)};
    return semihost_block(SH_SYS_RENAME, block);
}

/* Sets the semihosting errno to ENOENT with a failing open, so a later line shows whether a
 * call changed it. */
static void set_errno_enoent(void) { open_file("no-such-file", SH_MODE_R); }

/* Handles count from 1 and the lowest free one is reused. */
static int handles(void) {
    static const char* const names[] = {"h1.txt", "h2.txt", "h3.txt"};
    for (int i = 0; i < 3; ++i) show(names[i], open_file(names[i], SH_MODE_W));
    show("close 2", on_handle(SH_SYS_CLOSE, 2));
    show("reopen into the free handle", open_file("h4.txt", SH_MODE_W));
    show("close 1", on_handle(SH_SYS_CLOSE, 1));
    show("close 3", on_handle(SH_SYS_CLOSE, 3));
    show("lowest free handle", open_file("h5.txt", SH_MODE_W));
    show("next free handle", open_file("h6.txt", SH_MODE_W));
    show("past the end", open_file("h7.txt", SH_MODE_W));
    for (uint32_t handle = 1; handle <= 4; ++handle) on_handle(SH_SYS_CLOSE, handle);
    return 0;
}

/* A handle used after SYS_CLOSE, and handles that were never opened: each call fails with
 * EBADF (SYS_WRITE and SYS_READ return the full length and leave errno alone). */
static int after_close(void) {
    uint32_t handle = open_file("closed.txt", SH_MODE_W);
    show("open", handle);
    show("write 3", transfer(SH_SYS_WRITE, handle, "abc", 3));
    show("close", on_handle(SH_SYS_CLOSE, handle));
    const uint32_t bogus[] = {handle, 0, 7, 1000, 0x7fffffffu, 0xffffffffu};
    for (size_t i = 0; i < sizeof bogus / sizeof bogus[0]; ++i) {
        char buffer[8];
        printf("handle %ld:\n", (long)(int32_t)bogus[i]);
        set_errno_enoent();
        show("  write", transfer(SH_SYS_WRITE, bogus[i], "xyz", 3));
        show("  read", transfer(SH_SYS_READ, bogus[i], buffer, sizeof buffer));
        show("  seek", seek_to(bogus[i], 1));
        show("  flen", on_handle(SH_SYS_FLEN, bogus[i]));
        set_errno_enoent();
        show("  istty", on_handle(SH_SYS_ISTTY, bogus[i]));
        set_errno_enoent();
        show("  close", on_handle(SH_SYS_CLOSE, bogus[i]));
    }
    handle = open_file("closed.txt", SH_MODE_R);
    show("reopen gets the closed handle", handle);
    char buffer[8] = {0};
    show("read 8 (5 not read)", transfer(SH_SYS_READ, handle, buffer, sizeof buffer));
    printf("contents: %s\n", buffer);
    return 0;
}

/* SYS_WRITE and SYS_READ return the bytes not transferred; SYS_SEEK is absolute; SYS_FLEN is
 * the host file's size; mode "a" opens without truncating and (as QEMU) without O_APPEND. */
static int files(void) {
    uint32_t handle = open_file("f.bin", SH_MODE_W_PLUS);
    show("open w+", handle);
    show("write 10", transfer(SH_SYS_WRITE, handle, "0123456789", 10));
    show("write 0", transfer(SH_SYS_WRITE, handle, "", 0));
    show("flen", on_handle(SH_SYS_FLEN, handle));
    show("seek 4", seek_to(handle, 4));
    char buffer[16] = {0};
    show("read 3", transfer(SH_SYS_READ, handle, buffer, 3));
    printf("read: %s\n", buffer);
    show("read 16 at 7", transfer(SH_SYS_READ, handle, buffer, 16));
    show("read at end", transfer(SH_SYS_READ, handle, buffer, 4));
    show("seek 20 (past the end)", seek_to(handle, 20));
    show("write 1 at 20", transfer(SH_SYS_WRITE, handle, "Z", 1));
    show("flen", on_handle(SH_SYS_FLEN, handle));
    show("seek 0xffffffff", seek_to(handle, 0xffffffffu));
    show("istty", on_handle(SH_SYS_ISTTY, handle));
    show("close", on_handle(SH_SYS_CLOSE, handle));

    handle = open_file("f.bin", SH_MODE_R);
    show("open r", handle);
    show("write to read-only", transfer(SH_SYS_WRITE, handle, "x", 1));
    show("close", on_handle(SH_SYS_CLOSE, handle));
    handle = open_file("f.bin", SH_MODE_W);
    show("open w truncates", handle);
    show("flen", on_handle(SH_SYS_FLEN, handle));
    show("read from write-only", transfer(SH_SYS_READ, handle, buffer, 4));
    show("write 5", transfer(SH_SYS_WRITE, handle, "12345", 5));
    show("close", on_handle(SH_SYS_CLOSE, handle));

    handle = open_file("f.bin", SH_MODE_A);
    show("open a", handle);
    show("flen", on_handle(SH_SYS_FLEN, handle));
    show("write 2", transfer(SH_SYS_WRITE, handle, "ab", 2));
    show("close", on_handle(SH_SYS_CLOSE, handle));
    handle = open_file("f.bin", SH_MODE_A_PLUS);
    show("open a+", handle);
    memset(buffer, 0, sizeof buffer);
    show("read 3", transfer(SH_SYS_READ, handle, buffer, 3));
    show("write 1", transfer(SH_SYS_WRITE, handle, "c", 1));
    show("seek 0", seek_to(handle, 0));
    memset(buffer, 0, sizeof buffer);
    show("read 16", transfer(SH_SYS_READ, handle, buffer, 16));
    printf("contents: %s\n", buffer);
    show("close", on_handle(SH_SYS_CLOSE, handle));
    handle = open_file("new-by-r-plus.bin", SH_MODE_R_PLUS);
    show("open missing r+", handle);
    handle = open_file("new-by-a.bin", SH_MODE_A);
    show("open missing a", handle);
    show("close", on_handle(SH_SYS_CLOSE, handle));
    return 0;
}

/* Failing calls and the host errno SYS_ERRNO reports. */
static int errors(void) {
    show("open mode 12", open_file("e.txt", SH_MODE_COUNT));
    show("open missing", open_file("missing.txt", SH_MODE_R));
    show("open in missing directory", open_file("no-dir/e.txt", SH_MODE_W));
    show("open directory for writing", open_file(".", SH_MODE_W));
    uint32_t handle = open_file(".", SH_MODE_R);
    show("open directory for reading", handle);
    char buffer[8];
    show("  read", transfer(SH_SYS_READ, handle, buffer, sizeof buffer));
    show("  close", on_handle(SH_SYS_CLOSE, handle));
    show("open with a length short of the name", open_named("e.txt", SH_MODE_W, 3));
    show("open with a length past the name", open_named("e.txt\0x", SH_MODE_W, 6));
    show("open a name with a zero inside", open_named("e.txt\0xy", SH_MODE_W, 8));
    show("  close (errno kept from the last failure)", on_handle(SH_SYS_CLOSE, 1));
    show("remove missing", remove_named("missing.txt", 11));
    show("remove with a wrong length", remove_named("e.txt", 4));
    show("remove", remove_named("e.txt", 5));
    show("rename missing", rename_named("missing.txt", "x.txt"));
    char line[4];
    uint32_t cmdline_block[2] = {(uint32_t)(uintptr_t)line, sizeof line};
    show("get_cmdline into 4 bytes", semihost_block(SH_SYS_GET_CMDLINE, cmdline_block));
    int32_t values[] = {-1, 0, 0x7fffffff, (int32_t)0x80000000u};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; ++i) {
        char what[32];
        snprintf(what, sizeof what, "iserror %ld", (long)values[i]);
        show(what, semihost_block(SH_SYS_ISERROR, &values[i]));
    }
    return 0;
}

/* ":tt" is the console: read -> stdin, write -> stdout, append -> stderr. The test runs both
 * platforms with stdin from /dev/null and stdout and stderr into pipes. */
static int console(void) {
    uint32_t in = open_file(":tt", SH_MODE_R);
    uint32_t out = open_file(":tt", SH_MODE_W);
    uint32_t err = open_file(":tt", SH_MODE_A);
    show("open :tt r", in);
    show("open :tt w", out);
    show("open :tt a", err);
    show("write to :tt w", transfer(SH_SYS_WRITE, out, "console line\n", 13));
    show("write to :tt a", transfer(SH_SYS_WRITE, err, "error line\n", 11));
    char buffer[4];
    show("read from :tt r", transfer(SH_SYS_READ, in, buffer, sizeof buffer));
    show("istty :tt r", on_handle(SH_SYS_ISTTY, in));
    show("istty :tt w", on_handle(SH_SYS_ISTTY, out));
    show("flen :tt w", on_handle(SH_SYS_FLEN, out));
    show("seek :tt w", seek_to(out, 0));
    show("close :tt w", on_handle(SH_SYS_CLOSE, out));
    show("close :tt w again", on_handle(SH_SYS_CLOSE, out));
    show("write to the closed :tt w", transfer(SH_SYS_WRITE, out, "lost\n", 5));
    show("close :tt r", on_handle(SH_SYS_CLOSE, in));
    show("close :tt a", on_handle(SH_SYS_CLOSE, err));
    uint32_t again = open_file(":tt", SH_MODE_W);
    show("open :tt w again", again);
    show("write", transfer(SH_SYS_WRITE, again, "still the console\n", 18));
    uint32_t result = semihost_call(SH_SYS_WRITEC, (uint32_t)(uintptr_t) "!");
    printf("\nwritec -> 0x%08lx\n", (unsigned long)result);
    result = semihost_call(SH_SYS_WRITE0, (uint32_t)(uintptr_t) "write0 text\n");
    printf("write0 -> 0x%08lx\n", (unsigned long)result);
    return 0;
}

/* The ":semihosting-features" file: "SHFB" and one feature byte, read-only. */
static int features(void) {
    show("open for writing", open_file(":semihosting-features", SH_MODE_W));
    uint32_t handle = open_file(":semihosting-features", SH_MODE_RB);
    show("open rb", handle);
    show("flen", on_handle(SH_SYS_FLEN, handle));
    show("istty", on_handle(SH_SYS_ISTTY, handle));
    unsigned char bytes[8] = {0};
    show("read 8", transfer(SH_SYS_READ, handle, bytes, sizeof bytes));
    printf("bytes: %c%c%c%c 0x%02x\n", bytes[0], bytes[1], bytes[2], bytes[3], bytes[4]);
    show("read at end", transfer(SH_SYS_READ, handle, bytes, 1));
    show("seek 6", seek_to(handle, 6));
    show("seek 4", seek_to(handle, 4));
    show("read 1", transfer(SH_SYS_READ, handle, bytes, 1));
    show("write", transfer(SH_SYS_WRITE, handle, "x", 1));
    show("close", on_handle(SH_SYS_CLOSE, handle));
    return 0;
}

/* Time calls print properties, not values: the platforms' clocks differ (host time on QEMU,
 * simulated time on cimvp). The tick frequency is the same: nanoseconds. */
static int time_calls(void) {
    printf("tickfreq: %lu\n", (unsigned long)semihost_call(SH_SYS_TICKFREQ, 0));
    uint32_t first[2], second[2];
    uint32_t result = semihost_block(SH_SYS_ELAPSED, first);
    for (volatile int i = 0; i < 1000; ++i) continue;
    result |= semihost_block(SH_SYS_ELAPSED, second);
    uint64_t t0 = ((uint64_t)first[1] << 32) | first[0];
    uint64_t t1 = ((uint64_t)second[1] << 32) | second[0];
    printf("elapsed: result %lu, advances %d\n", (unsigned long)result, t1 > t0);
    uint32_t clock0 = semihost_call(SH_SYS_CLOCK, 0);
    uint32_t clock1 = semihost_call(SH_SYS_CLOCK, 0);
    printf("clock: not negative %d, not decreasing %d\n", (int32_t)clock0 >= 0, clock1 >= clock0);
    uint32_t now = semihost_call(SH_SYS_TIME, 0);
    printf("time: after 2023 %d\n", now > 1672531200u);

    char name7[64] = {0}, name8[64] = {0};
    uint32_t block[3] = {(uint32_t)(uintptr_t)name7, 7, sizeof name7};
    show("tmpnam 7", semihost_block(SH_SYS_TMPNAM, block));
    block[0] = (uint32_t)(uintptr_t)name8, block[1] = 8;
    show("tmpnam 8", semihost_block(SH_SYS_TMPNAM, block));
    size_t length = strlen(name7);
    printf("tmpnam: in /tmp %d, ends in the id %d, names differ only there %d\n",
           strncmp(name7, "/tmp/", 5) == 0, length > 2 && strcmp(name7 + length - 2, "07") == 0,
           strlen(name8) == length && strncmp(name7, name8, length - 2) == 0);
    block[2] = length; /* no room for the terminating zero */
    show("tmpnam into a short buffer", semihost_block(SH_SYS_TMPNAM, block));
    return 0;
}

int main(int argc, char** argv) {
    const char* scenario = cimvp_firmware_arg(argc, argv, 0, "");
    if (strcmp(scenario, "handles") == 0) return handles();
    if (strcmp(scenario, "after-close") == 0) return after_close();
    if (strcmp(scenario, "files") == 0) return files();
    if (strcmp(scenario, "errors") == 0) return errors();
    if (strcmp(scenario, "console") == 0) return console();
    if (strcmp(scenario, "features") == 0) return features();
    if (strcmp(scenario, "time") == 0) return time_calls();
    printf("usage: fw_semihost_calls handles|after-close|files|errors|console|features|time\n");
    return 2;
}
