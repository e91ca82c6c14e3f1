/* Firmware for FirmwareTest.SemihostingFileIo: reads the file named by the first firmware
 * argument with fopen/fread (semihosting SYS_OPEN/SYS_READ), prints its size and FNV-1a
 * checksum, checks seeking (SYS_SEEK, SYS_FLEN), writes the file named by the second argument
 * (SYS_WRITE), and shows that opening a missing file fails cleanly. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cimvp/args.h>
#include "tests/firmware/file_io_case.h"

static int read_and_checksum(const char* path) {
    FILE* file = fopen(path, "rb");
    if (file == NULL) {
        printf("cannot open %s\n", path);
        return 1;
    }
    uint32_t checksum = FNV1A_OFFSET_BASIS;
    unsigned long total = 0;
    unsigned char chunk[100]; /* smaller than the file: several reads */
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0) {
        checksum = fnv1a_update(checksum, chunk, got);
        total += got;
    }
    printf("read %lu bytes, fnv1a 0x%08lx\n", total, (unsigned long)checksum);

    fseek(file, 0, SEEK_END);
    printf("size by seek: %ld\n", ftell(file));
    fseek(file, FILE_IO_PROBE_OFFSET, SEEK_SET);
    unsigned char probe[4] = {0};
    size_t probe_size = fread(probe, 1, sizeof probe, file);
    printf("bytes at %d: %02x %02x %02x %02x (%lu)\n", FILE_IO_PROBE_OFFSET, probe[0], probe[1],
           probe[2], probe[3], (unsigned long)probe_size);
    fclose(file);
    return 0;
}

static int write_file(const char* path) {
    FILE* file = fopen(path, "wb");
    if (file == NULL) {
        printf("cannot create %s\n", path);
        return 1;
    }
    size_t written = fwrite(FILE_IO_WRITTEN_TEXT, 1, strlen(FILE_IO_WRITTEN_TEXT), file);
    int close_result = fclose(file);
    printf("wrote %lu bytes, fclose %d\n", (unsigned long)written, close_result);
    return 0;
}

int main(int argc, char** argv) {
    if (cimvp_firmware_arg_count(argc, argv) < 2) {
        printf("usage: fw_file_io INPUT OUTPUT\n");
        return 2;
    }
    const char* input = cimvp_firmware_arg(argc, argv, 0, "");
    const char* output = cimvp_firmware_arg(argc, argv, 1, "");
    int failures = read_and_checksum(input) + write_file(output);

    FILE* missing = fopen("this-file-does-not-exist.bin", "rb");
    printf("missing file: %s\n", missing == NULL ? "not opened" : "opened?!");
    if (missing != NULL) fclose(missing);
    return failures;
}
