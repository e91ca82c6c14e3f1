/* The file contents and checksum shared by fw_file_io.c and firmware_test.cpp: the test
 * writes a file of file_io_case_byte() bytes, the firmware reads it back through semihosting
 * and prints the FNV-1a checksum that the test computes on its own copy. */
#ifndef FIRMWARE_TEST_FILE_IO_CASE_H
#define FIRMWARE_TEST_FILE_IO_CASE_H

#include <stddef.h>
#include <stdint.h>

#define FILE_IO_SIZE 10007 /* not a multiple of any read size */
#define FILE_IO_PROBE_OFFSET 5000
#define FILE_IO_WRITTEN_TEXT "written by firmware\nsecond line\n"

#define FNV1A_OFFSET_BASIS 0x811c9dc5u

static inline uint32_t fnv1a_update(uint32_t hash, const unsigned char* bytes, size_t size) {
    for (size_t i = 0; i < size; ++i) hash = (hash ^ bytes[i]) * 0x01000193u;
    return hash;
}

/* Byte i of the input file: every value 0..255 occurs, including 0, '\n', 0x1a and 0xff. */
static inline unsigned char file_io_case_byte(size_t i) {
    return (unsigned char)((i * 131u + (i >> 8)) & 0xffu);
}

#endif
