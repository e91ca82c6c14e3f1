#include "dataset/image_shape.h"

#include "dataset/idx_reader.h"

namespace cimx {
namespace {

std::vector<int64_t> without_ones(const std::vector<int64_t>& d) {
    std::vector<int64_t> out;
    for (int64_t v : d)
        if (v != 1) out.push_back(v);
    return out;
}

int64_t count(const std::vector<int64_t>& d) {
    int64_t n = 1;
    for (int64_t v : d) n *= v;
    return n;
}

bool fits(const std::vector<int64_t>& image, const std::vector<int64_t>& model) {
    const auto a = without_ones(image), b = without_ones(model);
    bool symbolic = false;
    for (int64_t v : b) symbolic = symbolic || v < 0;
    if (a.size() == b.size()) {
        bool same = true;
        for (size_t i = 0; i < a.size(); ++i) same = same && (b[i] < 0 || a[i] == b[i]);
        if (same) return true;
    }
    if (symbolic) return false;
    return (a.size() <= 1 || b.size() <= 1) && count(a) == count(b);
}

} // namespace

std::string dims_string(const std::vector<int64_t>& dims) {
    std::string s = "[";
    for (size_t i = 0; i < dims.size(); ++i)
        s += (i ? "," : "") + (dims[i] < 0 ? std::string("?") : std::to_string(dims[i]));
    return s + "]";
}

void check_image_shape(const std::vector<int64_t>& image, const std::vector<int64_t>& model,
                       const std::string& images_path, const std::string& model_path) {
    if (fits(image, model)) return;
    throw DatasetError(images_path + ": images of shape " + dims_string(image) + " do not fit " +
                       model_path + ", whose input takes " + dims_string(model) + " per image");
}

} // namespace cimx
