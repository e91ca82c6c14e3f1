/* Firmware for the semihosting file tests: stdio calls that picolibc turns into SYS_OPEN,
 * SYS_CLOSE, SYS_WRITE, SYS_READ, SYS_SEEK, SYS_FLEN and SYS_REMOVE, and SYS_RENAME through
 * picolibc's sys_semihost_rename (picolibc 1.8 has no rename() for semihosting). The first
 * firmware argument names the scenario; files are created in the working directory, and the
 * test compares them and what this prints with QEMU's and with its own expectations. */
#include <errno.h>
#include <semihost.h>
#include <stdio.h>
#include <string.h>

#include <cimvp/args.h>
#include "tests/firmware/file_io_case.h"
#include "tests/firmware/file_ops_case.h"

static int cannot_open(const char* path, const char* mode) {
    printf("cannot open %s (%s): errno %d\n", path, mode, errno);
    return 1;
}

/* Creates `path` holding `text`; prints nothing unless that fails. */
static int create_text(const char* path, const char* text) {
    FILE* file = fopen(path, "w");
    if (file == NULL) return cannot_open(path, "w");
    fputs(text, file);
    return fclose(file) == 0 ? 0 : 1;
}

/* Prints `path`'s contents as "label: <text> (N bytes)". */
static int print_text(const char* label, const char* path) {
    FILE* file = fopen(path, "r");
    if (file == NULL) return cannot_open(path, "r");
    char text[256] = {0};
    size_t size = fread(text, 1, sizeof text - 1, file);
    fclose(file);
    printf("%s: <%s> (%u bytes)\n", label, text, (unsigned)size);
    return 0;
}

static void print_open_result(const char* what, FILE* file) {
    if (file != NULL) {
        printf("%s: opened\n", what);
        fclose(file);
    } else {
        printf("%s: not opened, errno %d\n", what, errno);
    }
}

/* Issue 8: write 1,000 bytes, fclose, reopen, read one byte at 500, size by seeking to the
 * end. Fails if SYS_CLOSE (or the write itself) does not reach the host file. */
static int reopen(void) {
    unsigned char bytes[FILE_OPS_REOPEN_SIZE];
    for (size_t i = 0; i < sizeof bytes; ++i) bytes[i] = file_ops_reopen_byte(i);
    FILE* out = fopen("out.bin", "wb");
    if (out == NULL) return cannot_open("out.bin", "wb");
    size_t written = fwrite(bytes, 1, sizeof bytes, out);
    int closed = fclose(out);
    printf("wrote %u, fclose %d\n", (unsigned)written, closed);

    FILE* in = fopen("out.bin", "rb");
    if (in == NULL) return cannot_open("out.bin", "rb");
    fseek(in, FILE_OPS_REOPEN_OFFSET, SEEK_SET);
    unsigned char byte = 0;
    size_t got = fread(&byte, 1, 1, in);
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    fclose(in);
    printf("byte %u, got %u, size %ld\n", byte, (unsigned)got, size);
    return 0;
}

static void print_bytes(const char* label, const unsigned char* bytes, size_t count) {
    printf("%s:", label);
    for (size_t i = 0; i < count; ++i) printf(" %02x", bytes[i]);
    printf(" (%u)\n", (unsigned)count);
}

/* Absolute and relative seeks, reading across the end, seeking past the end, size by
 * SEEK_END (SYS_FLEN). */
static int seek(void) {
    FILE* out = fopen("data.bin", "wb");
    if (out == NULL) return cannot_open("data.bin", "wb");
    for (size_t i = 0; i < FILE_OPS_SEEK_SIZE; ++i) fputc(file_io_case_byte(i), out);
    fclose(out);

    FILE* in = fopen("data.bin", "rb");
    if (in == NULL) return cannot_open("data.bin", "rb");
    unsigned char chunk[64];
    uint32_t checksum = FNV1A_OFFSET_BASIS;
    unsigned long total = 0;
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, in)) > 0) {
        checksum = fnv1a_update(checksum, chunk, got);
        total += got;
    }
    printf("read %lu bytes, fnv1a 0x%08lx, at end %ld\n", total, (unsigned long)checksum,
           ftell(in));

    unsigned char probe[16];
    printf("seek set: %d\n", fseek(in, FILE_OPS_SEEK_PROBE, SEEK_SET));
    print_bytes("at probe", probe, fread(probe, 1, 4, in));
    printf("seek cur: %d, position %ld\n", fseek(in, FILE_OPS_SEEK_SKIP, SEEK_CUR), ftell(in));
    print_bytes("after skip", probe, fread(probe, 1, 2, in));
    printf("seek end-10: %d, position %ld\n", fseek(in, -10, SEEK_END), ftell(in));
    got = fread(probe, 1, sizeof probe, in);
    print_bytes("tail", probe, got);
    printf("eof: %d\n", feof(in) != 0);
    printf("seek past end: %d, position %ld\n", fseek(in, FILE_OPS_SEEK_SIZE + 500, SEEK_SET),
           ftell(in));
    printf("read past end: %u\n", (unsigned)fread(probe, 1, 1, in));
    fseek(in, 0, SEEK_END);
    printf("size by seek: %ld\n", ftell(in));
    fclose(in);
    return 0;
}

/* "r+" overwrites in place (picolibc opens it with SYS_OPEN mode "a+", which QEMU opens
 * without O_APPEND), "w+" reads back what it wrote. */
static int update(void) {
    if (create_text("data.txt", "0123456789abcdefghij")) return 1;
    FILE* file = fopen("data.txt", "r+");
    if (file == NULL) return cannot_open("data.txt", "r+");
    fseek(file, 5, SEEK_SET);
    fwrite("XYZ", 1, 3, file);
    fseek(file, 0, SEEK_SET);
    char head[8] = {0};
    printf("r+ read back %u: %s\n", (unsigned)fread(head, 1, 4, file), head);
    fclose(file);
    if (print_text("after r+", "data.txt")) return 1;

    file = fopen("fresh.txt", "w+");
    if (file == NULL) return cannot_open("fresh.txt", "w+");
    fputs("written by w+", file);
    rewind(file);
    char back[32] = {0};
    printf("w+ read back %u: %s\n", (unsigned)fread(back, 1, sizeof back - 1, file), back);
    fclose(file);
    return 0;
}

/* "a" and "a+" through stdio, which seeks to the end before writing. */
static int append(void) {
    if (create_text("log.txt", "first\n")) return 1;
    FILE* file = fopen("log.txt", "a");
    if (file == NULL) return cannot_open("log.txt", "a");
    fputs("second\n", file);
    printf("position after append: %ld\n", ftell(file));
    fclose(file);
    file = fopen("log.txt", "a+");
    if (file == NULL) return cannot_open("log.txt", "a+");
    fputs("third\n", file);
    fclose(file);
    return print_text("log", "log.txt");
}

static void print_rename(const char* what, const char* from, const char* to) {
    int result = sys_semihost_rename(from, to);
    printf("%s: %d", what, result);
    if (result != 0) printf(", errno %d", sys_semihost_errno());
    printf("\n");
}

static int remove_rename(void) {
    if (create_text("a.txt", "alpha\n") || create_text("c.txt", "charlie\n")) return 1;
    print_rename("rename a -> b", "a.txt", "b.txt");
    print_open_result("open a.txt", fopen("a.txt", "r"));
    if (print_text("b.txt", "b.txt")) return 1;
    print_rename("rename b -> existing c", "b.txt", "c.txt");
    if (print_text("c.txt", "c.txt")) return 1;
    printf("remove c: %d\n", remove("c.txt"));
    errno = 0;
    int result = remove("c.txt");
    printf("remove c again: %d, errno %d\n", result, errno);
    print_rename("rename missing", "missing.txt", "x.txt");
    return create_text("kept.txt", "kept\n");
}

/* Several files open at once, written in turns (flushed after each line so the host sees the
 * writes interleaved), closed in another order, then read back in turns. */
static int interleaved(void) {
    FILE* files[FILE_OPS_STREAMS];
    char name[32];
    for (int k = 0; k < FILE_OPS_STREAMS; ++k) {
        snprintf(name, sizeof name, "part%d.txt", k);
        files[k] = fopen(name, "w");
        if (files[k] == NULL) return cannot_open(name, "w");
    }
    for (int round = 0; round < FILE_OPS_ROUNDS; ++round) {
        for (int k = 0; k < FILE_OPS_STREAMS; ++k) {
            fprintf(files[k], "file %d line %d\n", k, round);
            fflush(files[k]);
        }
    }
    const int close_order[FILE_OPS_STREAMS] = {2, 0, 3, 1};
    for (int i = 0; i < FILE_OPS_STREAMS; ++i) {
        printf("fclose part%d: %d\n", close_order[i], fclose(files[close_order[i]]));
    }
    for (int k = 0; k < FILE_OPS_STREAMS; ++k) {
        snprintf(name, sizeof name, "part%d.txt", k);
        files[k] = fopen(name, "r");
        if (files[k] == NULL) return cannot_open(name, "r");
    }
    char line[64];
    for (int round = 0; round < FILE_OPS_ROUNDS + 1; ++round) {
        for (int k = 0; k < FILE_OPS_STREAMS; ++k) {
            if (fgets(line, sizeof line, files[k]) != NULL) {
                printf("read %d: %s", k, line);
            } else {
                printf("read %d: end\n", k);
            }
        }
    }
    for (int k = 0; k < FILE_OPS_STREAMS; ++k) fclose(files[k]);
    return 0;
}

/* Opening what cannot be opened, and what QEMU creates: picolibc opens "r+" with SYS_OPEN
 * mode "a+", which creates a missing file. */
static int open_errors(void) {
    print_open_result("missing rb", fopen("missing.bin", "rb"));
    print_open_result("missing in missing directory wb", fopen("no-dir/x.bin", "wb"));
    print_open_result("directory wb", fopen(".", "wb"));
    print_open_result("missing r+", fopen("created-by-r-plus.bin", "r+"));
    return 0;
}

int main(int argc, char** argv) {
    const char* scenario = cimvp_firmware_arg(argc, argv, 0, "");
    if (strcmp(scenario, "reopen") == 0) return reopen();
    if (strcmp(scenario, "seek") == 0) return seek();
    if (strcmp(scenario, "update") == 0) return update();
    if (strcmp(scenario, "append") == 0) return append();
    if (strcmp(scenario, "remove-rename") == 0) return remove_rename();
    if (strcmp(scenario, "interleaved") == 0) return interleaved();
    if (strcmp(scenario, "open-errors") == 0) return open_errors();
    printf("usage: fw_file_ops reopen|seek|update|append|remove-rename|interleaved|open-errors\n");
    return 2;
}
