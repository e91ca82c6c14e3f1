#include "compiler/qonnx/input_scale.h"

#include "compiler/qonnx/error.h"
#include "util/number_parse.h"

#include <cctype>
#include <cmath>
#include <optional>

namespace qonnx {
namespace {

// A whole-string number (util/number_parse.h; no leading blank either); false on anything else.
bool parse_number(const std::string& s, double& v) {
    if (s.empty() || std::isspace(static_cast<unsigned char>(s[0]))) return false;
    const std::optional<double> parsed = cimvp::parse_real(s);
    if (parsed) v = *parsed;
    return parsed.has_value();
}

} // namespace

float parse_input_scale(const std::string& text, const std::string& what) {
    double v = 0;
    const size_t slash = text.find('/');
    bool ok = false;
    if (slash == std::string::npos) {
        ok = parse_number(text, v);
    } else {
        double num = 0, den = 0;
        ok = parse_number(text.substr(0, slash), num) &&
             parse_number(text.substr(slash + 1), den) && den != 0;
        if (ok) v = num / den;
    }
    const float f = static_cast<float>(v);
    if (!ok || !std::isfinite(v) || !std::isfinite(f) || !(f > 0))
        throw QonnxError(what + ": input scale '" + text +
                         "' is not a positive number (e.g. 1/255, 1 or 0.5)");
    return f;
}

InputScale resolve_input_scale(const Graph& model, const std::string& option,
                               const std::string& model_path) {
    InputScale s;
    if (!option.empty()) {
        s.value = parse_input_scale(option, "--input-scale");
        s.text = option;
        s.source = "--input-scale";
        return s;
    }
    auto it = model.metadata.find(kInputScaleKey);
    if (it != model.metadata.end()) {
        s.value = parse_input_scale(it->second, model_path + ": metadata " + kInputScaleKey);
        s.text = it->second;
        s.source = "model metadata";
        return s;
    }
    s.value = parse_input_scale(kDefaultInputScale, "default");
    return s;
}

} // namespace qonnx
