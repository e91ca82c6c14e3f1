// The QONNX custom ops: BipolarQuant, Quant/IntQuant and MultiThreshold (semantics in
// quantizers.h). Scale and zero point broadcast against the input, as in QONNX.
#include "compiler/qonnx/broadcast.h"
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/op_registry.h"
#include "compiler/qonnx/quantizers.h"

#include <cmath>

namespace qonnx {
namespace {

// Values of `p` broadcast to x's shape (p must broadcast to it without growing it).
std::vector<float> expand_to(const Tensor& p, const Tensor& x, const char* what) {
    if (broadcast_shape(p.shape, x.shape) != x.shape)
        throw QonnxError(std::string(what) + " of shape " + shape_string(p.shape) +
                         " does not broadcast to the input shape " + shape_string(x.shape));
    if (p.numel() == 1) return std::vector<float>(x.data.size(), p.data[0]);
    std::vector<float> out(x.data.size());
    const auto idx = broadcast_index(p.shape, x.shape);
    for (size_t i = 0; i < out.size(); ++i) out[i] = p.data[static_cast<size_t>(idx[i])];
    return out;
}

std::vector<Tensor> bipolar(const Node&, const std::vector<const Tensor*>& in) {
    const Tensor& x = *in[0];
    const std::vector<float> scale = expand_to(*in[1], x, "scale");
    Tensor out = x;
    out.type = ElemType::Float;
    for (size_t i = 0; i < out.data.size(); ++i) out.data[i] = bipolar_quant(x.data[i], scale[i]);
    return {out};
}

IntQuantSpec quant_spec(const Node& node, const Tensor& bitwidth) {
    if (bitwidth.numel() != 1) throw QonnxError("bitwidth must be a scalar");
    const float bits = bitwidth.data[0];
    if (bits != std::floor(bits) || bits < 1 || bits > 24)
        throw QonnxError("bitwidth must be an integer in [1, 24], got " + std::to_string(bits));
    IntQuantSpec s;
    s.bits = static_cast<int>(bits);
    s.is_signed = node.attr_int("signed", 1) != 0;
    s.narrow = node.attr_int("narrow", 0) != 0;
    s.mode = parse_rounding_mode(node.attr_string("rounding_mode", "ROUND"));
    return s;
}

std::vector<Tensor> quant(const Node& node, const std::vector<const Tensor*>& in) {
    const Tensor& x = *in[0];
    const IntQuantSpec spec = quant_spec(node, *in[3]);
    const std::vector<float> scale = expand_to(*in[1], x, "scale");
    const std::vector<float> zeropt = expand_to(*in[2], x, "zeropt");
    Tensor out = x;
    out.type = ElemType::Float;
    for (size_t i = 0; i < out.data.size(); ++i)
        out.data[i] = int_quant(x.data[i], scale[i], zeropt[i], spec);
    return {out};
}

// Thresholds are [C, T] (or [1, T] shared by all channels). The channel axis, as in QONNX's
// MultiThreshold.execute_node: axis 1 for 2-D and 4-D inputs with data_layout NCHW (the
// default), the last axis for 4-D NHWC and for every other rank.
std::vector<Tensor> multithreshold(const Node& node, const std::vector<const Tensor*>& in) {
    const Tensor& x = *in[0];
    const Tensor& t = *in[1];
    if (x.rank() < 2) throw QonnxError("input must be at least 2-D, got " + shape_string(x.shape));
    if (t.rank() != 2)
        throw QonnxError("thresholds must be 2-D [C, T], got " + shape_string(t.shape));
    const std::string layout = node.attr_string("data_layout", "NCHW");
    if (layout != "NCHW" && layout != "NHWC")
        throw QonnxError("data_layout '" + layout + "' is neither NCHW nor NHWC");
    const bool channel_last =
        (x.rank() != 2 && x.rank() != 4) || (x.rank() == 4 && layout == "NHWC");
    const int64_t axis = channel_last ? x.rank() - 1 : 1;
    const int64_t c = x.dim(axis), steps = t.dim(1);
    if (t.dim(0) != c && t.dim(0) != 1)
        throw QonnxError("thresholds have " + std::to_string(t.dim(0)) + " rows for " +
                         std::to_string(c) + " channels");
    int64_t inner = 1;
    for (int64_t i = axis + 1; i < x.rank(); ++i) inner *= x.dim(i);
    const float out_scale = node.attr_float("out_scale", 1.0f),
                out_bias = node.attr_float("out_bias", 0.0f);
    Tensor out = x;
    out.type = ElemType::Float;
    for (size_t i = 0; i < out.data.size(); ++i) {
        const int64_t ch = (static_cast<int64_t>(i) / inner) % c;
        const float* row = t.data.data() + (t.dim(0) == 1 ? 0 : ch) * steps;
        out.data[i] =
            out_scale * static_cast<float>(multithreshold_count(x.data[i], row, steps)) + out_bias;
    }
    return {out};
}

} // namespace

void register_quant_ops(std::map<std::string, OpInfo>& ops) {
    ops["BipolarQuant"] = {bipolar, 2, 2};
    ops["Quant"] = {quant, 4, 4};
    ops["IntQuant"] = {quant, 4, 4};
    ops["MultiThreshold"] = {multithreshold, 2, 2};
}

} // namespace qonnx
