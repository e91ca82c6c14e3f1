// MaxPool (2-D, NCHW). Padding never wins: padded positions are skipped, as ONNX specifies
// (they act as -inf).
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/op_registry.h"

#include <algorithm>
#include <limits>

namespace qonnx {
namespace {

int64_t pooled_size(int64_t in, int64_t k, int64_t s, int64_t pad, bool ceil_mode) {
    const int64_t span = in + pad - k;
    return (ceil_mode ? (span + s - 1) / s : span / s) + 1;
}

std::vector<Tensor> maxpool(const Node& node, const std::vector<const Tensor*>& in) {
    const Tensor& x = *in[0];
    if (x.rank() != 4)
        throw QonnxError("only 2-D pooling (4-D input) is supported, got " + shape_string(x.shape));
    const auto k = node.attr_ints("kernel_shape", {});
    if (k.size() != 2) throw QonnxError("kernel_shape must have 2 values");
    const auto s = node.attr_ints("strides", {1, 1});
    const auto pads = node.attr_ints("pads", {0, 0, 0, 0});
    const auto dil = node.attr_ints("dilations", {1, 1});
    if (s.size() != 2 || pads.size() != 4) throw QonnxError("strides/pads have the wrong length");
    if (dil != std::vector<int64_t>{1, 1}) throw QonnxError("dilated pooling is not supported");
    if (node.attr_string("auto_pad", "NOTSET") != "NOTSET")
        throw QonnxError("auto_pad is not supported");
    if (node.outputs.size() > 1) throw QonnxError("the Indices output is not supported");
    if (k[0] < 1 || k[1] < 1 || s[0] < 1 || s[1] < 1)
        throw QonnxError("kernel and strides must be >= 1");
    const bool ceil_mode = node.attr_int("ceil_mode", 0) != 0;
    const int64_t n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
    const int64_t oh = pooled_size(h, k[0], s[0], pads[0] + pads[2], ceil_mode);
    const int64_t ow = pooled_size(w, k[1], s[1], pads[1] + pads[3], ceil_mode);
    if (oh < 1 || ow < 1) throw QonnxError("pooling window larger than the input");
    Tensor out = Tensor::zeros({n, c, oh, ow});
    for (int64_t plane = 0; plane < n * c; ++plane) {
        const float* src = x.data.data() + plane * h * w;
        float* dst = out.data.data() + plane * oh * ow;
        for (int64_t oy = 0; oy < oh; ++oy)
            for (int64_t ox = 0; ox < ow; ++ox) {
                float best = -std::numeric_limits<float>::infinity();
                for (int64_t y = oy * s[0] - pads[0]; y < oy * s[0] - pads[0] + k[0]; ++y)
                    for (int64_t xx = ox * s[1] - pads[1]; xx < ox * s[1] - pads[1] + k[1]; ++xx)
                        if (y >= 0 && y < h && xx >= 0 && xx < w)
                            best = std::max(best, src[y * w + xx]);
                dst[oy * ow + ox] = best;
            }
    }
    return {out};
}

} // namespace

void register_pool_ops(std::map<std::string, OpInfo>& ops) { ops["MaxPool"] = {maxpool, 1, 1}; }

} // namespace qonnx
