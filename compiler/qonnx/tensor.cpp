#include "compiler/qonnx/tensor.h"

#include "compiler/qonnx/error.h"

namespace qonnx {

Tensor::Tensor(std::vector<int64_t> s, std::vector<float> d, ElemType t)
    : shape(std::move(s)), data(std::move(d)), type(t) {
    if (shape_numel(shape) != static_cast<int64_t>(data.size()))
        throw QonnxError("tensor of shape " + shape_string(shape) + " given " +
                         std::to_string(data.size()) + " values");
}

Tensor Tensor::zeros(std::vector<int64_t> s) {
    const int64_t n = shape_numel(s);
    return Tensor(std::move(s), std::vector<float>(static_cast<size_t>(n), 0.0f));
}

int64_t shape_numel(const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (int64_t d : shape) {
        if (d < 0) throw QonnxError("negative dimension in shape " + shape_string(shape));
        n *= d;
    }
    return n;
}

std::string shape_string(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
    return s + "]";
}

} // namespace qonnx
