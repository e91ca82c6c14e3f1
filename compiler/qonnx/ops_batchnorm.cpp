// BatchNormalization in inference mode: y = scale * (x - mean) / sqrt(var + epsilon) + B,
// per channel (axis 1). Computed in double so that folded thresholds the compiler derives
// from the same parameters agree with this reference at the decision boundary.
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/op_registry.h"

#include <cmath>

namespace qonnx {
namespace {

std::vector<Tensor> batchnorm(const Node& node, const std::vector<const Tensor*>& in) {
    const Tensor& x = *in[0];
    if (x.rank() < 2)
        throw QonnxError("input must have a channel axis, got " + shape_string(x.shape));
    if (node.attr_int("training_mode", 0) != 0)
        throw QonnxError("training_mode=1 is not supported");
    const int64_t c = x.dim(1);
    for (size_t i = 1; i < 5; ++i)
        if (in[i]->numel() != c)
            throw QonnxError("parameter " + std::to_string(i) + " has " +
                             std::to_string(in[i]->numel()) + " values for " + std::to_string(c) +
                             " channels");
    const double eps = node.attr_float("epsilon", 1e-5f);
    const int64_t inner = x.numel() / (x.dim(0) * c == 0 ? 1 : x.dim(0) * c);
    Tensor out = x;
    for (int64_t ch = 0; ch < c; ++ch) {
        const size_t k = static_cast<size_t>(ch);
        const double a = in[1]->data[k] / std::sqrt(double(in[4]->data[k]) + eps);
        const double mean = in[3]->data[k], beta = in[2]->data[k];
        for (int64_t n = 0; n < x.dim(0); ++n) {
            float* p = out.data.data() + (n * c + ch) * inner;
            for (int64_t j = 0; j < inner; ++j) p[j] = static_cast<float>(a * (p[j] - mean) + beta);
        }
    }
    return {out};
}

} // namespace

void register_batchnorm_ops(std::map<std::string, OpInfo>& ops) {
    ops["BatchNormalization"] = {batchnorm, 5, 5};
}

} // namespace qonnx
