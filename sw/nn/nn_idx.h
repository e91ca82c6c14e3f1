/* The header of an IDX file of unsigned bytes (MNIST / Fashion-MNIST container, not gzipped):
 * 0x00 0x00 0x08 ndims, then ndims big-endian uint32 dimensions, then the bytes row-major. */
#ifndef CIMC_NN_IDX_H
#define CIMC_NN_IDX_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint32_t count;      /* first dimension: images */
    uint32_t item_bytes; /* product of the other dimensions: pixels per image */
    uint32_t header_bytes;
} nn_idx_info;

/* Parses the header in `bytes` (at least 4 + 4 * 4 bytes, or `len`); returns 0 on success, or
 * a message saying what is wrong. */
const char* nn_idx_parse(const uint8_t* bytes, uint32_t len, nn_idx_info* info);

#ifdef __cplusplus
}
#endif

#endif
