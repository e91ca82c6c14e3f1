// An image classification dataset as the trainer and `cimx eval` use it: N images of
// rows x cols pixels scaled to [0, 1] (pixel / 255) and N integer labels, read from an IDX
// image file and an IDX label file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cimx {

struct Dataset {
    int64_t count = 0, rows = 0, cols = 0;
    std::vector<float> images; // count * rows * cols, row-major, in [0, 1]
    std::vector<int> labels;   // count values
    int num_classes = 0;       // max label + 1

    int64_t pixels() const { return rows * cols; }
    const float* image(int64_t i) const { return images.data() + i * pixels(); }
    // The first n examples (all if n <= 0 or n > count).
    Dataset head(int64_t n) const;
    // Examples begin .. end-1, in order (0 <= begin <= end <= count, else std::out_of_range).
    Dataset slice(int64_t begin, int64_t end) const;
};

// Loads an image file (IDX, 3-D [N, rows, cols] or 2-D [N, features]) and a label file
// (IDX, 1-D [N]). Different counts, non-integer or negative labels throw DatasetError naming
// both files.
Dataset load_dataset(const std::string& images_path, const std::string& labels_path);

// Debian's dataset-fashion-mnist location.
std::string default_dataset_dir();
// <dir>/<split>-images-idx3-ubyte[.gz] and <dir>/<split>-labels-idx1-ubyte[.gz] for split
// "train" or "t10k"; the .gz name is preferred when both exist.
std::string split_file(const std::string& dir, const std::string& split, const std::string& kind);
Dataset load_split(const std::string& dir, const std::string& split);

} // namespace cimx
