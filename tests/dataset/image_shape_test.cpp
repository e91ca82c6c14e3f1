// Image shape checks: a dataset's images against a model's input, without size-1 axes or flat.
#include "dataset/idx_reader.h"
#include "dataset/image_shape.h"
#include "tests/dataset/expect_dataset_error.h"

#include <gtest/gtest.h>

using cimx::DatasetError;
using datasettest::expect_dataset_error;

namespace {

TEST(ImageShape, FitsWithoutSizeOneAxesOrWhenFlat) {
    auto fits = [](std::vector<int64_t> image, std::vector<int64_t> model) {
        try {
            cimx::check_image_shape(image, model, "i.npy", "m.onnx");
            return true;
        } catch (const DatasetError&) {
            return false;
        }
    };
    EXPECT_TRUE(fits({28, 28}, {1, 28, 28}));
    EXPECT_TRUE(fits({28, 28, 1}, {1, 28, 28}));
    EXPECT_TRUE(fits({784}, {1, 28, 28}));
    EXPECT_TRUE(fits({1, 28, 28}, {784}));
    EXPECT_TRUE(fits({3, 32, 32}, {3, 32, 32}));
    EXPECT_TRUE(fits({3, 32, 32}, {3, -1, -1}));
    EXPECT_FALSE(fits({32, 32, 3}, {3, 32, 32}));
    EXPECT_FALSE(fits({28, 28}, {1, 32, 32}));
    EXPECT_FALSE(fits({784}, {3, 28, 28}));
    expect_dataset_error(
        [] {
            cimx::check_image_shape({32, 32, 3}, {3, 32, 32}, "i.npy", "m.onnx");
        },
        {"i.npy: images of shape [32,32,3] do not fit m.onnx, whose input takes "
         "[3,32,32] per image"});
}

} // namespace
