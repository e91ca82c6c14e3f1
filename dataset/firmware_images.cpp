#include "dataset/firmware_images.h"

#include "dataset/idx_reader.h"

#include <cmath>
#include <cstdio>
#include <fstream>

namespace cimx {

std::vector<uint8_t> firmware_pixels(const std::vector<float>& values, int64_t first, int64_t n,
                                     int64_t per_image, const std::string& origin) {
    std::vector<uint8_t> out(size_t(n * per_image));
    const size_t base = size_t(first * per_image);
    for (size_t i = 0; i < out.size(); ++i) {
        const float v = values.at(base + i);
        if (!(v >= 0.0f && v <= 255.0f && v == std::floor(v))) {
            char buf[48];
            std::snprintf(buf, sizeof buf, "%.9g", double(v));
            throw DatasetError(
                origin + ": image " + std::to_string(first + int64_t(i) / per_image) + ", value " +
                std::to_string(int64_t(i) % per_image) + " is " + buf +
                ", not an integer in 0..255: the VP's firmware reads 8-bit pixels (store the "
                "images as integers 0..255, e.g. uint8, and give the model's scale with "
                "--input-scale)");
        }
        out[i] = uint8_t(v);
    }
    return out;
}

void write_firmware_images(const std::vector<uint8_t>& pixels, int64_t n, int64_t per_image,
                           int64_t rows, int64_t cols, const std::string& path) {
    std::vector<uint32_t> dims = {uint32_t(n)};
    if (rows > 0)
        dims.push_back(uint32_t(rows)), dims.push_back(uint32_t(cols));
    else
        dims.push_back(uint32_t(per_image));
    std::string out = {0, 0, 8, char(dims.size())};
    for (uint32_t d : dims)
        for (int shift = 24; shift >= 0; shift -= 8) out += char((d >> shift) & 0xff);
    out.append(reinterpret_cast<const char*>(pixels.data()), pixels.size());
    std::ofstream f(path, std::ios::binary);
    f << out;
    if (!f.flush()) throw DatasetError(path + ": cannot write");
}

} // namespace cimx
