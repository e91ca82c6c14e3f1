// The host reference executor of a compiled program: the same sw/nn runtime and tables as
// the firmware, built for the host with an exact crossbar backend (integer W x). In digital
// mode and in ideal analog mode the VP's predictions equal these.
#pragma once

#include "sw/nn/nn_model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cimc {

struct ImageSet {
    uint32_t count = 0, pixels = 0;
    std::vector<int64_t> dims; // one image's dimensions as the file has them
    std::vector<uint8_t> data; // count * pixels
};

// An IDX or .npy file (plain or gzip-compressed), [N, ...], of any element type whose values
// are all integers 0..255 (the firmware's 8-bit pixels; dataset/firmware_images.h).
ImageSet read_images(const std::string& path);
// Writes images [first, first + count) as an uncompressed IDX [count, rows, cols] (or
// [count, pixels] when rows is 0), the form the firmware reads.
void write_images(const ImageSet& images, uint32_t first, uint32_t count, uint32_t rows,
                  uint32_t cols, const std::string& path);

// Predictions for images [first, first + count) in batches of m.batch.
std::vector<uint16_t> run_reference(const nn_model& m, const ImageSet& images, uint32_t first,
                                    uint32_t count);

} // namespace cimc
