#include "train/quantize.h"

#include "qonnx/quantizers.h"

#include <stdexcept>

namespace cimx::train {

QuantKind parse_quant_kind(const std::string& s) {
    if (s == "bnn" || s == "binary") return QuantKind::Binary;
    if (s == "tnn" || s == "ternary") return QuantKind::Ternary;
    throw std::invalid_argument("unknown quantization '" + s + "' (use bnn or tnn)");
}

std::string quant_kind_name(QuantKind k) { return k == QuantKind::Binary ? "bnn" : "tnn"; }

float quantize(float x, QuantKind k) {
    static const qonnx::IntQuantSpec ternary = qonnx::ternary_spec();
    return k == QuantKind::Binary ? qonnx::bipolar_quant(x, 1.0f) : qonnx::int_quant(x, 1.0f, 0.0f, ternary);
}

Mat quantize(const Mat& x, QuantKind k) {
    return x.unaryExpr([k](float v) { return quantize(v, k); });
}

} // namespace cimx::train
