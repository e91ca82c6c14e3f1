/* Constants shared by fw_file_ops.c and firmware_test.cpp. */
#ifndef FIRMWARE_TEST_FILE_OPS_CASE_H
#define FIRMWARE_TEST_FILE_OPS_CASE_H

#include <stddef.h>

/* Issue 8's report: write 1,000 bytes, close, reopen, read the byte at 500. */
#define FILE_OPS_REOPEN_SIZE 1000
#define FILE_OPS_REOPEN_OFFSET 500

/* Byte i of the reopened file; byte 500 is 172 (0x1f4 + 184 = 0x2ac -> 0xac), the value in
 * the QEMU output. */
static inline unsigned char file_ops_reopen_byte(size_t i) { return (unsigned char)(i + 184); }

/* The seek scenario's file: file_io_case_byte(i) for i < FILE_OPS_SEEK_SIZE. */
#define FILE_OPS_SEEK_SIZE 3001
#define FILE_OPS_SEEK_PROBE 1234
#define FILE_OPS_SEEK_SKIP 100

#define FILE_OPS_STREAMS 4
#define FILE_OPS_ROUNDS 5

#endif
