#include "compiler/import/weights.h"

#include "compiler/ir/error.h"
#include "util/number_text.h"

#include <cmath>

namespace cimc {
namespace {

const char* const kFix = "quantize them with BipolarQuant, a 1-bit Quant or a 2-bit signed "
                         "narrow Quant (scale per output at most)";

// The annotation's allowed values, or "" when it allows the crossbar's alphabets.
std::string annotation_problem(const std::string& a, bool zero, float magnitude) {
    if (a.empty() || a == "FLOAT32" || a.rfind("SCALEDINT", 0) == 0) return "";
    if (a == "BINARY") return "finn_datatype BINARY means 0/1 weights; the crossbar stores -1/+1";
    const bool unit = magnitude == 1.0f;
    if (a == "BIPOLAR" && (zero || !unit)) return "annotated BIPOLAR but not all -1/+1";
    if (a == "TERNARY" && !unit) return "annotated TERNARY but not all in {-1, 0, +1}";
    if (a.rfind("UINT", 0) == 0) return "annotated " + a + " (unsigned): no -1 weights fit it";
    return "";
}

} // namespace

WeightMatrix binary_ternary_weights(const qonnx::Tensor& t, int64_t outputs, int64_t fan_in,
                                    int64_t out_stride, int64_t in_stride,
                                    const std::string& annotation, const std::string& where) {
    WeightMatrix m;
    m.w.resize(size_t(outputs * fan_in));
    std::vector<float> scale(size_t(outputs), 1.0f);
    bool zero = false, scaled = false;
    for (int64_t o = 0; o < outputs; ++o) {
        float a = 0;
        for (int64_t k = 0; k < fan_in; ++k) {
            const float v = t.data[size_t(o * out_stride + k * in_stride)];
            if (!std::isfinite(v))
                throw CompileError(where + ": weight " + cimvp::short_number(v) + " of output " +
                                   std::to_string(o) + " is not finite");
            if (v == 0) {
                zero = true;
                continue;
            }
            if (a == 0) a = std::fabs(v);
            if (std::fabs(v) != a)
                throw CompileError(
                    where + ": weights are not binary/ternary (output " + std::to_string(o) +
                    " has the magnitudes " + cimvp::short_number(a) + " and " +
                    cimvp::short_number(std::fabs(v)) +
                    "; the crossbar stores -1/+1 or -1/0/+1 times one scale per output): " + kFix);
            m.w[size_t(o * fan_in + k)] = v > 0 ? 1 : -1;
        }
        if (a != 0) scale[size_t(o)] = a;
        scaled = scaled || (a != 0 && a != 1.0f);
    }
    const std::string why = annotation_problem(annotation, zero, scaled ? 2.0f : 1.0f);
    if (!why.empty()) throw CompileError(where + ": weights " + why);
    if (scaled) m.scale = scale;
    m.alphabet = zero ? Alphabet::ternary : Alphabet::binary;
    return m;
}

} // namespace cimc
