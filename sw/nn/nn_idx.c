#include "sw/nn/nn_idx.h"

const char* nn_idx_parse(const uint8_t* b, uint32_t len, nn_idx_info* info) {
    if (len < 4 || b[0] != 0 || b[1] != 0) return "not an IDX file (bad magic)";
    if (b[2] != 0x08) return "not an IDX file of unsigned bytes (type 0x08)";
    const uint32_t ndims = b[3];
    if (ndims < 2 || ndims > 4) return "IDX file must have 2 to 4 dimensions";
    if (len < 4 + 4 * ndims) return "IDX header truncated";
    uint32_t dims[4];
    for (uint32_t i = 0; i < ndims; ++i) {
        const uint8_t* d = b + 4 + 4 * i;
        dims[i] = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
    }
    uint64_t item = 1;
    for (uint32_t i = 1; i < ndims; ++i) item *= dims[i];
    if (item == 0 || item > 0x1000000u) return "IDX image size out of range";
    info->count = dims[0];
    info->item_bytes = (uint32_t)item;
    info->header_bytes = 4 + 4 * ndims;
    return 0;
}
