// Does a dataset's image shape fit a model's input? Both are compared without their
// dimensions of size 1 ([28, 28] fits [1, 28, 28]; [28, 28, 1] too), and a flat vector fits
// any shape with as many values ([784] fits [1, 28, 28]: the file does not say its layout).
// Anything else ([32, 32, 3] images for a [3, 32, 32] input) is one DatasetError naming both
// shapes and both files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cimx {

// `image` is one image's dimensions (without N), `model` the model input's (without the
// batch dimension); a model dimension < 0 (symbolic) matches any size.
void check_image_shape(const std::vector<int64_t>& image, const std::vector<int64_t>& model,
                       const std::string& images_path, const std::string& model_path);
// "[1,28,28]"
std::string dims_string(const std::vector<int64_t>& dims);

} // namespace cimx
