// The compiler's intermediate form of a binary/ternary network: a chain of layers, each a
// linear operator (MatMul/Gemm/Conv) with binary/ternary weights, followed by its epilogue
// (the elementwise float nodes up to a quantizer, pooling) - or, for the last layer, by the
// real-valued output arithmetic. The import fills the model-given parts; the passes fill in
// the rest (marked "pass:").
#pragma once

#include "compiler/qonnx/graph.h"
#include "compiler/qonnx/input_scale.h"
#include "compiler/qonnx/tensor.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cimc {

enum class Alphabet { real, binary, ternary };
const char* to_string(Alphabet a);

// A feature map [C, H, W] (spatial) or a feature vector [F] (c = F, h = w = 1). A flattened
// map stays [C, H, W] with `flattened` set: ONNX sees the vector in (c, y, x) order, the
// runtime keeps the map's HWC layout, and the next dense layer's weights are permuted.
struct FeatureShape {
    int64_t c = 0, h = 1, w = 1;
    bool spatial = false;
    bool flattened = false;
    int64_t size() const { return c * h * w; }
    std::string str() const;
};

// An elementwise node the compiler evaluates per channel with the executor's own kernel: the
// node, and the shape its data input has in the model with the batch axis as -1, the channels
// at their axis and 1 elsewhere ([-1, M] after a dense layer, [-1, M, 1, 1] after a Conv,
// [-1, 1, 1, M] in NHWC, [-1, M, 1] after an Unsqueeze), so that its constants broadcast as
// they do in the model. Values pass as rows x channels, row-major.
struct ChannelOp {
    qonnx::Node node;
    std::vector<int64_t> shape;
};

struct ConvGeometry {
    int64_t kh = 1, kw = 1, sh = 1, sw = 1, dh = 1, dw = 1;
    int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
};

struct PoolGeometry {
    int64_t kh = 1, kw = 1, sh = 1, sw = 1;
    int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
    bool ceil_mode = false;
};

struct Pool {
    std::string node; // "node 'pool1' (MaxPool)"
    PoolGeometry geom;
    // Where the model pools: before epilogue node i (i = the epilogue's size: on the final
    // activations; smaller: on values the nodes from i on still transform, e.g. pre-activations).
    int epilogue_index = -1;
    FeatureShape in, out;    // shape inference (at import)
    std::vector<int8_t> dir; // pass: fold_batchnorm: +1 max, -1 min per channel
};

// A block of a layer's weight matrix on one crossbar (nn_tile).
struct Tile {
    int64_t out0 = 0, outputs = 0, in0 = 0, inputs = 0;
    std::vector<int8_t> weights; // [outputs][inputs]
    int xbar = 0;                // pass: placement
    bool streamed = false;
    // pass: adc_calibration: the ADC range the firmware sets after programming the tile, in nA
    // (the SET_ADC_RANGE registers' unit); both 0: the device's automatic range.
    int32_t adc_lo_na = 0, adc_hi_na = 0;
};

enum class Engine { cpu, xbar, xbar_bitslice };

// Per-channel integer thresholds (nn_threshold in sw/nn/nn_model.h).
struct Threshold {
    int32_t lo = 0, hi = 0, dir = 1;
};

// One float operation of the output arithmetic (nn_float_op).
struct FloatOp {
    enum Kind { Mul = 0, Add = 1, Sub = 2, Div = 3, BatchNorm = 4 } kind = Mul;
    bool reversed = false; // constant - y, constant / y
    std::vector<float> c;  // per output
    std::vector<double> a, mean, beta;
};

struct Layer {
    std::string node;    // "node 'dense0' (MatMul)": the linear operator, for messages
    std::string name;    // "dense0"
    std::string op_type; // MatMul, Gemm, Conv
    bool conv = false;
    ConvGeometry geom;
    Alphabet input = Alphabet::real; // import guesses; the input stage / fold set it
    Alphabet weights = Alphabet::binary;
    int64_t outputs = 0;   // M
    int64_t fan_in = 0;    // K as the model orders it: (c, ky, kx) or the flat feature
    std::vector<int8_t> w; // [M][K], model order, in {-1, 0, +1}
    // The weights' magnitude per output: the model's weight of output o is w[o][k] * a[o]
    // (alpha * sign, a scaled binary/ternary weight); empty when every a[o] is 1.
    std::vector<float> weight_scale;
    std::string weight_annotation; // its finn_datatype annotation, if any ("BIPOLAR", ...)

    // Elementwise float nodes after the linear operator, in order: bias, batch norm, Mul/Add,
    // the quantizer and what follows it up to the next layer (hidden layers), or up to the
    // logits (last layer); their constants by name.
    std::vector<ChannelOp> epilogue;
    std::map<std::string, qonnx::Tensor> constants;
    bool has_quantizer = false;
    std::string quantizer;   // "node 'act0' (BipolarQuant)", for messages
    std::vector<Pool> pools; // in model order

    // Where the layer's input features sit in the runtime's buffer. Dense: the buffer offset
    // of the model's input feature k (empty: offset k). Conv: the strides of channel, row and
    // column (the image as its file stores it; all 0: HWC activations, 1, W*C, C).
    std::vector<int32_t> feature_offsets;
    int64_t stride_c = 0, stride_y = 0, stride_x = 0;

    // pass: shape inference
    FeatureShape
        in; // input as the layer sees it (a map for conv, flattened map or vector for dense)
    FeatureShape out;       // the linear operator's output (before pooling)
    FeatureShape final_out; // after pooling

    // The input values: binary/ternary inputs are +-input_level (0); a real-valued first layer
    // reads pixel codes 0..max_code (pixels, or an input quantizer's codes; input stage).
    float input_level = 1.0f;
    int32_t max_code = 255;
    int32_t pixel_pad = 0; // the code a padded pixel position reads (the model pads with 0)
    // pass: fold_batchnorm: the float value the model's linear operator yields for the integer
    // pre-activation s of output o is (float)(pre_scale[o] * ((double)s + pre_offset[o]))
    // (exactly for binary/ternary products with power-of-two scales, see docs/compiler.md).
    std::vector<double> pre_scale, pre_offset;
    // pass: fold_batchnorm: the activation's alphabet and magnitude (+-level, 0)
    Alphabet activation = Alphabet::real;
    float activation_level = 1.0f;

    // pass: fold_batchnorm / output arithmetic
    std::vector<Threshold> thresholds;
    std::vector<FloatOp> output_ops;
    // pass: partition
    Engine engine = Engine::xbar;
    // pass: im2col (patch layout; weights in patch column order)
    int64_t positions = 1, taps = 1, run = 0, patch_len = 0;
    std::vector<int32_t> gather; // [positions][taps] run offsets, -1 = padding; empty: dense
    int32_t pad_value = 0;
    std::vector<int8_t> patch_w; // [M][patch_len]
    std::vector<uint32_t> pad_pos;
    std::vector<int32_t> pad_corr; // [pad_pos.size()][M]
    std::vector<int32_t> weight_sums;
    // pass: cpu_weights
    std::vector<uint16_t> cpu_offsets;
    std::vector<uint32_t> cpu_ranges;
    std::vector<int8_t> cpu_total_coef;
    int32_t cpu_scale = 1;
    // pass: tiling, placement
    std::vector<Tile> tiles;
};

// What the program is compiled for; the firmware checks it against the device.
struct Target {
    int mapping = 0;
    bool ternary = false; // the mapping's alphabet includes 0
    int max_inputs = 0, max_outputs = 0, crossbars = 0;
    int crossbars_used = 0, streamed_tiles = 0;
    uint32_t batch = 32;
    bool first_layer_xbar = false;
    bool postprocess_xbar = true;
};

// From the image's pixels to the first layer's input: the model input is pixel x S (one float
// multiplication, qonnx/input_scale.h), then the model's own elementwise nodes before its
// first linear operator (Div by 255, Sub/Mul for [-1, 1], an input quantizer...). The input
// stage pass folds them into one of three forms the runtime executes exactly:
//  - Affine: no quantizer; x = alpha * pixel + beta[c]; the first layer sums pixels.
//  - Codes:  a quantizer with more than three levels; x = code_scale * (code + code_min),
//            code = lut[c][pixel] in 0..255; the first layer sums codes.
//  - Levels: a quantizer to +-level (binary) or {-level, 0, +level} (ternary); the codes are
//            the alphabet's -1/0/+1 and the first layer runs on the crossbars.
// Channel c is the input's index along the one axis the nodes' constants vary on (stride
// `lut_stride` in the image, `channels` values), or 0 when they are scalars.
struct InputStage {
    qonnx::InputScale scale;
    std::vector<ChannelOp> ops;
    std::map<std::string, qonnx::Tensor> constants;
    std::string quantizer;            // "node 'q0' (Quant)" when the chain has one
    std::string tail_after_quantizer; // first elementwise node after the quantizer, if any
    int64_t channels = 1, lut_stride = 1;
    // pass: input stage
    bool folded = false;
    enum class Kind { affine, codes, levels } kind = Kind::affine;
    double alpha = 1.0;
    std::vector<double> beta; // per channel
    double code_scale = 1.0;  // Codes
    int32_t code_min = 0;     // Codes: x = code_scale * (code + code_min)
    std::vector<uint8_t> lut; // Codes/Levels: [channels][256]; Levels: int8 -1/0/+1 as bytes
    Alphabet levels = Alphabet::real;
    float level = 1.0f;
};

struct Network {
    std::string model_path;
    std::string name;
    FeatureShape input;              // image: [C, H, W] spatial, or [F]
    std::vector<int64_t> input_dims; // the graph input's declared dimensions after N
    InputStage input_stage;
    std::vector<Layer> layers;
    int64_t classes = 0;
    std::string class_output; // "node 'top' (TopK)" when the model ends in ArgMax/TopK
    Target target;
};

} // namespace cimc
