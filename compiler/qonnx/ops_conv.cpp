// Conv (2-D, NCHW, group 1) by im2col + one matrix product per image: simple, and fast
// enough for evaluating small CNNs on a whole test set.
#include "qonnx/eigen_blocking.h"
#include "qonnx/error.h"
#include "qonnx/op_registry.h"

#include <Eigen/Core>

namespace qonnx {
namespace {

using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct ConvGeometry {
    int64_t n, c, h, w;     // input
    int64_t m, kh, kw;      // output channels, kernel
    int64_t sh, sw, dh, dw; // strides, dilations
    int64_t pt, pl, pb, pr; // pads: top, left, bottom, right
    int64_t oh, ow;         // output
};

ConvGeometry geometry(const Node& node, const Tensor& x, const Tensor& w) {
    if (x.rank() != 4 || w.rank() != 4)
        throw QonnxError("only 2-D convolutions (4-D X and W) are supported, got X " +
                         shape_string(x.shape) + ", W " + shape_string(w.shape));
    if (node.attr_int("group", 1) != 1) throw QonnxError("grouped convolutions are not supported");
    const std::string auto_pad = node.attr_string("auto_pad", "NOTSET");
    if (auto_pad != "NOTSET" && auto_pad != "VALID")
        throw QonnxError("auto_pad=" + auto_pad + " is not supported (use explicit pads)");
    ConvGeometry g{};
    g.n = x.dim(0), g.c = x.dim(1), g.h = x.dim(2), g.w = x.dim(3);
    g.m = w.dim(0), g.kh = w.dim(2), g.kw = w.dim(3);
    if (w.dim(1) != g.c)
        throw QonnxError("W has " + std::to_string(w.dim(1)) + " input channels, X has " +
                         std::to_string(g.c));
    const auto strides = node.attr_ints("strides", {1, 1});
    const auto dil = node.attr_ints("dilations", {1, 1});
    const auto pads = node.attr_ints("pads", {0, 0, 0, 0});
    if (strides.size() != 2 || dil.size() != 2 || pads.size() != 4)
        throw QonnxError("strides/dilations/pads have the wrong length for a 2-D convolution");
    g.sh = strides[0], g.sw = strides[1], g.dh = dil[0], g.dw = dil[1];
    g.pt = pads[0], g.pl = pads[1], g.pb = pads[2], g.pr = pads[3];
    if (g.sh < 1 || g.sw < 1 || g.dh < 1 || g.dw < 1 || g.pt < 0 || g.pl < 0 || g.pb < 0 ||
        g.pr < 0)
        throw QonnxError("strides and dilations must be >= 1 and pads >= 0");
    g.oh = (g.h + g.pt + g.pb - g.dh * (g.kh - 1) - 1) / g.sh + 1;
    g.ow = (g.w + g.pl + g.pr - g.dw * (g.kw - 1) - 1) / g.sw + 1;
    if (g.oh < 1 || g.ow < 1) throw QonnxError("kernel larger than the padded input");
    return g;
}

// Columns of one image: rows (c, ky, kx) matching W's [M, C, kH, kW] layout, one column per
// output position; padding reads as 0 (ONNX Conv pads with zeros).
RowMat im2col(const ConvGeometry& g, const float* img) {
    RowMat cols = RowMat::Zero(g.c * g.kh * g.kw, g.oh * g.ow);
    for (int64_t c = 0; c < g.c; ++c)
        for (int64_t ky = 0; ky < g.kh; ++ky)
            for (int64_t kx = 0; kx < g.kw; ++kx) {
                const int64_t row = (c * g.kh + ky) * g.kw + kx;
                for (int64_t oy = 0; oy < g.oh; ++oy) {
                    const int64_t iy = oy * g.sh - g.pt + ky * g.dh;
                    if (iy < 0 || iy >= g.h) continue;
                    for (int64_t ox = 0; ox < g.ow; ++ox) {
                        const int64_t ix = ox * g.sw - g.pl + kx * g.dw;
                        if (ix >= 0 && ix < g.w)
                            cols(row, oy * g.ow + ox) = img[(c * g.h + iy) * g.w + ix];
                    }
                }
            }
    return cols;
}

std::vector<Tensor> conv(const Node& node, const std::vector<const Tensor*>& in) {
    const Tensor& x = *in[0];
    const Tensor& w = *in[1];
    const ConvGeometry g = geometry(node, x, w);
    const Tensor* bias = in.size() > 2 ? in[2] : nullptr;
    if (bias && bias->numel() != g.m)
        throw QonnxError("bias has " + std::to_string(bias->numel()) + " values for " +
                         std::to_string(g.m) + " output channels");
    Eigen::Map<const RowMat> wm(w.data.data(), g.m, g.c * g.kh * g.kw);
    Tensor out = Tensor::zeros({g.n, g.m, g.oh, g.ow});
    const int64_t in_size = g.c * g.h * g.w, out_size = g.m * g.oh * g.ow;
    use_fixed_eigen_blocking();
    for (int64_t i = 0; i < g.n; ++i) {
        Eigen::Map<RowMat> y(out.data.data() + i * out_size, g.m, g.oh * g.ow);
        y.noalias() = wm * im2col(g, x.data.data() + i * in_size);
        if (bias)
            for (int64_t m = 0; m < g.m; ++m)
                y.row(m).array() += bias->data[static_cast<size_t>(m)];
    }
    return {out};
}

} // namespace

void register_conv_ops(std::map<std::string, OpInfo>& ops) { ops["Conv"] = {conv, 2, 3}; }

} // namespace qonnx
