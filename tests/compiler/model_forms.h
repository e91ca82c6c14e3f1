// Models in the forms other tools write (docs/compiler.md, "Bringing your own model"):
//  - brevitas_form / finn_form rewrite a model of cimx train's MLP form (models/bnn-mlp.onnx,
//    tnn-mlp.onnx, or make_model's MLPs) the way a Brevitas export and a FINN streamlining
//    would write it, computing exactly the same predictions;
//  - hand_built_forms are small random models, each in several of the accepted forms.
// All are built with qonnx::GraphBuilder; nothing is downloaded.
#pragma once

#include "compiler/qonnx/graph.h"
#include "tests/compiler/test_models.h"

#include <string>
#include <vector>

namespace compilertest {

// Brevitas export (batch 1): Reshape to [1, -1], an 8-bit input Quant whose codes are the
// pixels, float "latent" weights through BipolarQuant / 2-bit Quant with per-output
// power-of-two scale tensors and a Transpose, Unsqueeze/Squeeze around the first batch norm,
// BipolarQuant and 1-bit Quant activations, domain onnx.brevitas. Input scale: 1/255.
qonnx::Graph brevitas_form(const qonnx::Graph& ours, uint64_t seed);
// FINN, streamlined (batch 1): raw pixels (input annotated UINT8: input scale 1), a Transpose
// pair, Div by 255, literal +-1 / {-1,0,+1} weights annotated BIPOLAR / TERNARY, batch norm +
// quantizer as MultiThreshold (finn.custom_op.general) with out_scale/out_bias, or with Mul/Add
// to bipolar after it, an Identity, and TopK (k = 1) giving the class.
qonnx::Graph finn_form(const qonnx::Graph& ours);

struct FormModel {
    std::string name;
    std::string forms; // what the model shows, for messages
    qonnx::Graph graph;
    std::string input_scale;         // --input-scale ("" = the model's metadata / default)
    std::vector<int64_t> image_dims; // of the dataset's images
    bool ternary = false;            // needs a TNN mapping
};
// The hand-built models' names, and one of them (built on demand: a model's batch norm
// statistics come from sample images).
std::vector<std::string> hand_built_form_names();
FormModel hand_built_form(const std::string& name);

// Images for a form: Fashion-MNIST test images for 28x28 inputs, three-channel 16x16 images
// made from them ((p, 255 - p, 3p mod 256) of the centre crop) for [3, 16, 16] inputs.
Images form_images(const FormModel& m, uint32_t n);
// What `cimx eval` predicts: cimx::evaluate_model with the model's input scale.
std::vector<uint16_t> eval_predictions(const qonnx::Graph& g, const Images& images,
                                       const std::string& input_scale);
// Writes images as a NumPy .npy of uint8 [n, dims...].
void write_npy(const Images& images, const std::string& path);

} // namespace compilertest
