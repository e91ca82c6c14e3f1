// The scale between a dataset's pixels and a model's input: model input = pixel x S, computed
// as one IEEE single multiplication, (float)pixel * (float)S, as numpy's
// `x.astype(np.float32) * np.float32(S)` does. Models differ: cimx train's (and torchvision's
// ToTensor) take pixel / 255; FINN's examples take raw pixels and divide inside the graph.
// Every tool takes --input-scale S; without it the model's metadata_props entry
// kInputScaleKey decides (cimx train writes it), and without that, 1/255.
#pragma once

#include "compiler/qonnx/graph.h"

#include <string>

namespace qonnx {

inline const char* const kInputScaleKey = "cimvp.input_scale";
inline const char* const kDefaultInputScale = "1/255";

struct InputScale {
    float value = 1.0f / 255.0f;
    std::string text = kDefaultInputScale; // as given: "1/255", "1", "0.5"
    std::string source = "default";        // "--input-scale", "model metadata", "default"
};

// Parses "A/B" or a decimal number ("1/255", "1", "0.00392156862745098"); the result must be
// finite and > 0 as a float. Throws QonnxError naming `what` (the option or the file).
float parse_input_scale(const std::string& text, const std::string& what);
// The option's value when given (non-empty), else the model's metadata, else 1/255.
InputScale resolve_input_scale(const Graph& model, const std::string& option,
                               const std::string& model_path);

} // namespace qonnx
