// The images as the compiled firmware reads them: 8-bit unsigned pixels in an uncompressed
// IDX file. The firmware's first layer works on the integer pixel p and the compiler folds
// the model's input scale into it (docs/compiler.md, "Bringing your own model"), so a dataset
// can run on the VP only when every value it holds is an integer in 0..255, whatever the
// file's element type. Anything else is one DatasetError naming the file, the image and the
// value, and saying what would make it fit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cimx {

// Values [first * per_image, (first + n) * per_image) of `values` (a file's values, unscaled)
// as bytes; throws on the first value that is not an integer in 0..255.
std::vector<uint8_t> firmware_pixels(const std::vector<float>& values, int64_t first, int64_t n,
                                     int64_t per_image, const std::string& origin);
// Writes n images of per_image bytes as an uncompressed IDX of unsigned bytes,
// [n, rows, cols] when rows > 0, else [n, per_image].
void write_firmware_images(const std::vector<uint8_t>& pixels, int64_t n, int64_t per_image,
                           int64_t rows, int64_t cols, const std::string& path);

} // namespace cimx
