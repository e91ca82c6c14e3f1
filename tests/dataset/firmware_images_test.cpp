// The firmware's 8-bit pixels: integers 0..255 pass, anything else is one clear error.
#include "dataset/firmware_images.h"
#include "tests/dataset/expect_dataset_error.h"

#include <gtest/gtest.h>

using datasettest::expect_dataset_error;

namespace {

TEST(FirmwareImages, OnlyIntegersZeroTo255) {
    const std::vector<float> v = {0, 255, 17, 3, 2.5f, 1};
    EXPECT_EQ(cimx::firmware_pixels(v, 0, 2, 2, "f"), (std::vector<uint8_t>{0, 255, 17, 3}));
    expect_dataset_error(
        [&] { cimx::firmware_pixels(v, 1, 2, 2, "f.npy"); },
        {"f.npy: image 2, value 0 is 2.5, not an integer in 0..255", "--input-scale"});
    expect_dataset_error([] { cimx::firmware_pixels({-1}, 0, 1, 1, "n"); },
                         {"image 0, value 0 is -1"});
    expect_dataset_error([] { cimx::firmware_pixels({256}, 0, 1, 1, "n"); }, {"is 256"});
}

} // namespace
