// A dense tensor as the executor and the model I/O see it: a shape and row-major values.
// Values are held as float whatever the file's element type (ONNX FLOAT, DOUBLE, INT64, ...):
// binary/ternary networks only need small integers and float32 parameters, and floats hold
// integers exactly up to 2^24. The element type is kept so that a model round-trips unchanged.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qonnx {

// Element types we read and write; the numbers are ONNX's TensorProto::DataType values.
enum class ElemType : int { Float = 1, Int32 = 6, Int64 = 7, Double = 11 };

struct Tensor {
    std::vector<int64_t> shape;
    std::vector<float> data;
    ElemType type = ElemType::Float;

    Tensor() = default;
    Tensor(std::vector<int64_t> s, std::vector<float> d, ElemType t = ElemType::Float);
    // A zero-filled tensor of the given shape.
    static Tensor zeros(std::vector<int64_t> s);
    static Tensor scalar(float v) { return Tensor({}, {v}); }

    int64_t numel() const { return static_cast<int64_t>(data.size()); }
    int64_t rank() const { return static_cast<int64_t>(shape.size()); }
    int64_t dim(int64_t i) const { return shape.at(static_cast<size_t>(i)); }
};

// Product of the dimensions (1 for a scalar).
int64_t shape_numel(const std::vector<int64_t>& shape);
// "[1,28,28]" for messages.
std::string shape_string(const std::vector<int64_t>& shape);

} // namespace qonnx
