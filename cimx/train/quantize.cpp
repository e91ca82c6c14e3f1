#include "cimx/train/quantize.h"

#include "compiler/qonnx/quantizers.h"

#include <stdexcept>

namespace cimx::train {

QuantKind parse_quant_kind(const std::string& s) {
    if (s == "bnn" || s == "binary") return QuantKind::binary;
    if (s == "tnn" || s == "ternary") return QuantKind::ternary;
    throw std::invalid_argument("unknown quantization '" + s + "' (use bnn or tnn)");
}

std::string quant_kind_name(QuantKind k) { return k == QuantKind::binary ? "bnn" : "tnn"; }

float quantize(float x, QuantKind k) {
    static const qonnx::IntQuantSpec ternary = qonnx::ternary_spec();
    return k == QuantKind::binary ? qonnx::bipolar_quant(x, 1.0f)
                                  : qonnx::int_quant(x, 1.0f, 0.0f, ternary);
}

Mat quantize(const Mat& x, QuantKind k) {
    // Inline closed forms of the two quantizers (the hot path of training); the tests check
    // them against qonnx::bipolar_quant / qonnx::int_quant. Ternary: round-half-to-even of
    // clamp(x, -1, 1) is 0 on [-0.5, 0.5].
    if (k == QuantKind::binary)
        return x.unaryExpr([](float v) { return v >= 0.0f ? 1.0f : -1.0f; });
    return x.unaryExpr([](float v) { return v > 0.5f ? 1.0f : (v < -0.5f ? -1.0f : 0.0f); });
}

} // namespace cimx::train
