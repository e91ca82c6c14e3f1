#include "compiler/passes/shape_inference.h"

#include "compiler/ir/error.h"

namespace cimc {

FeatureShape input_shape(const qonnx::ValueInfo& input, const std::string& origin) {
    const auto& s = input.shape;
    for (size_t i = 1; i < s.size(); ++i)
        if (s[i] <= 0)
            throw CompileError(origin + ": graph input '" + input.name +
                               "' has an unknown dimension " + std::to_string(i) + " (" +
                               qonnx::shape_string(s) + ")");
    if (s.size() < 2)
        throw CompileError(origin + ": graph input '" + input.name + "' has shape " +
                           qonnx::shape_string(s) +
                           "; expected [N, ...] such as [N, C, H, W] or "
                           "[N, F]");
    if (s.size() == 4) return FeatureShape{s[1], s[2], s[3], true};
    int64_t n = 1;
    for (size_t i = 1; i < s.size(); ++i) n *= s[i];
    if (n > (int64_t(1) << 24))
        throw CompileError(origin + ": graph input '" + input.name + "' of shape " +
                           qonnx::shape_string(s) + " is too large for the firmware");
    return FeatureShape{n, 1, 1, false};
}

FeatureShape conv_output(const std::string& node, const FeatureShape& in, int64_t in_channels,
                         int64_t out_channels, const ConvGeometry& g) {
    if (!in.spatial || in.flattened)
        throw CompileError(node + ": input is a flat vector " + in.str() +
                           ", Conv needs a feature map");
    if (in_channels != in.c)
        throw CompileError(node + ": weights expect " + std::to_string(in_channels) +
                           " input channels, the input " + in.str() + " has " +
                           std::to_string(in.c));
    FeatureShape out{out_channels, 0, 0, true};
    out.h = (in.h + g.pad_top + g.pad_bottom - g.dh * (g.kh - 1) - 1) / g.sh + 1;
    out.w = (in.w + g.pad_left + g.pad_right - g.dw * (g.kw - 1) - 1) / g.sw + 1;
    if (out.h < 1 || out.w < 1)
        throw CompileError(node + ": kernel " + std::to_string(g.kh) + "x" + std::to_string(g.kw) +
                           " is larger than the padded input " + in.str());
    return out;
}

FeatureShape pool_output(const std::string& node, const FeatureShape& in, const PoolGeometry& g) {
    if (!in.spatial || in.flattened)
        throw CompileError(node + ": input is a flat vector " + in.str() + ", MaxPool needs a map");
    bool fits = true;
    auto size = [&](int64_t n, int64_t k, int64_t s, int64_t pad) {
        const int64_t span = n + pad - k;
        fits = fits && span >= 0;
        return (g.ceil_mode ? (span + s - 1) / s : span / s) + 1;
    };
    FeatureShape out{in.c, size(in.h, g.kh, g.sh, g.pad_top + g.pad_bottom),
                     size(in.w, g.kw, g.sw, g.pad_left + g.pad_right), true};
    if (!fits) throw CompileError(node + ": pooling window larger than the input " + in.str());
    return out;
}

FeatureShape flatten(const FeatureShape& in) {
    FeatureShape f = in;
    f.flattened = in.spatial;
    return f;
}

void check_dense_input(const std::string& node, const FeatureShape& in, int64_t fan_in) {
    if (in.spatial && !in.flattened)
        throw CompileError(node + ": input is a feature map " + in.str() + "; flatten it first");
    if (in.size() != fan_in)
        throw CompileError(node + ": input has " + std::to_string(in.size()) + " features " +
                           in.str() + ", weights expect " + std::to_string(fan_in));
}

} // namespace cimc
