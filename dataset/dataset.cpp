#include "dataset/dataset.h"

#include "dataset/idx_reader.h"
#include "dataset/npy_reader.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>

namespace cimx {

Dataset Dataset::head(int64_t n) const {
    if (n <= 0 || n >= count) return *this;
    Dataset d = *this;
    d.count = n;
    d.images.resize(static_cast<size_t>(n * pixels()));
    d.labels.resize(static_cast<size_t>(n));
    return d;
}

Dataset Dataset::slice(int64_t begin, int64_t end) const {
    if (begin < 0 || begin > end || end > count)
        throw std::out_of_range("examples " + std::to_string(begin) + ".." + std::to_string(end) +
                                " are not a range of a dataset of " + std::to_string(count));
    Dataset d;
    d.count = end - begin;
    d.rows = rows;
    d.cols = cols;
    d.shape = shape;
    d.scale = scale;
    d.num_classes = num_classes;
    d.images.assign(images.begin() + begin * pixels(), images.begin() + end * pixels());
    d.labels.assign(labels.begin() + begin, labels.begin() + end);
    return d;
}

namespace {

std::vector<int> to_labels(const IdxArray& a, const std::string& path) {
    if (a.dims.size() != 1)
        throw DatasetError(path + ": label file must be 1-D, has " + std::to_string(a.dims.size()) +
                           " dimensions");
    std::vector<int> labels;
    labels.reserve(a.values.size());
    for (float v : a.values) {
        if (v < 0 || v != std::floor(v) || v > 1e6f)
            throw DatasetError(path + ": label " + std::to_string(v) + " is not a class index");
        labels.push_back(static_cast<int>(v));
    }
    return labels;
}

} // namespace

Dataset load_dataset(const std::string& images_path, const std::string& labels_path, float scale) {
    const IdxArray img = read_array(images_path);
    const IdxArray lab = read_array(labels_path);
    if (img.dims.size() < 2)
        throw DatasetError(images_path +
                           ": image file must have at least 2 dimensions [N, ...], "
                           "has " +
                           std::to_string(img.dims.size()));
    Dataset d;
    d.count = img.dims[0];
    d.shape.assign(img.dims.begin() + 1, img.dims.end());
    d.cols = img.dims.back();
    d.rows = 1;
    for (size_t i = 1; i + 1 < img.dims.size(); ++i) d.rows *= img.dims[i];
    d.labels = to_labels(lab, labels_path);
    if (static_cast<int64_t>(d.labels.size()) != d.count)
        throw DatasetError(images_path + " has " + std::to_string(d.count) + " images but " +
                           labels_path + " has " + std::to_string(d.labels.size()) + " labels");
    d.scale = scale;
    d.images.resize(img.values.size());
    std::transform(img.values.begin(), img.values.end(), d.images.begin(),
                   [scale](float v) { return v * scale; });
    d.num_classes = d.labels.empty() ? 0 : *std::max_element(d.labels.begin(), d.labels.end()) + 1;
    return d;
}

std::string default_dataset_dir() { return "/usr/share/datasets/fashion-mnist"; }

std::string split_file(const std::string& dir, const std::string& split, const std::string& kind) {
    const std::string base =
        dir + "/" + split + "-" + kind + (kind == "images" ? "-idx3-ubyte" : "-idx1-ubyte");
    if (std::ifstream(base + ".gz").good()) return base + ".gz";
    if (std::ifstream(base).good()) return base;
    return base + ".gz"; // let the reader report the missing file by its usual name
}

Dataset load_split(const std::string& dir, const std::string& split, float scale) {
    return load_dataset(split_file(dir, split, "images"), split_file(dir, split, "labels"), scale);
}

} // namespace cimx
