// An image classification dataset as the trainer and `cimx eval` use it: N images and N
// integer labels, read from an image file and a label file, each IDX or NumPy .npy. The
// images hold model inputs: pixel x scale, one float multiplication (qonnx/input_scale.h),
// scale 1/255 unless the caller gives another (1 keeps the files' values).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cimx {

struct Dataset {
    int64_t count = 0, rows = 0, cols = 0; // rows x cols = values per image (see shape)
    std::vector<int64_t> shape;            // one image's dimensions as in the file: [28, 28]
    float scale = 1.0f / 255.0f;           // images = (float)pixel * scale
    std::vector<float> images;             // count * rows * cols, row-major
    std::vector<int> labels;               // count values
    int num_classes = 0;                   // max label + 1

    int64_t pixels() const { return rows * cols; }
    const float* image(int64_t i) const { return images.data() + i * pixels(); }
    // The first n examples (all if n <= 0 or n > count).
    Dataset head(int64_t n) const;
    // Examples begin .. end-1, in order (0 <= begin <= end <= count, else std::out_of_range).
    Dataset slice(int64_t begin, int64_t end) const;
};

// Loads an image file (IDX or .npy, [N, ...] of any rank >= 2: [N, rows, cols], [N, C, H, W],
// [N, features]) and a label file (IDX or .npy, 1-D [N]). rows x cols is the image's size
// (rows = 1 for [N, features]; for more dimensions cols is the last and rows the product of
// the others). Different counts, non-integer or negative labels throw DatasetError naming
// both files.
Dataset load_dataset(const std::string& images_path, const std::string& labels_path,
                     float scale = 1.0f / 255.0f);

// Debian's dataset-fashion-mnist location.
std::string default_dataset_dir();
// <dir>/<split>-images-idx3-ubyte[.gz] and <dir>/<split>-labels-idx1-ubyte[.gz] for split
// "train" or "t10k"; the .gz name is preferred when both exist.
std::string split_file(const std::string& dir, const std::string& split, const std::string& kind);
Dataset load_split(const std::string& dir, const std::string& split, float scale = 1.0f / 255.0f);

} // namespace cimx
