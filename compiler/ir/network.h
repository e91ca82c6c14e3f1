// The compiler's intermediate form of a binary/ternary network: a chain of layers, each a
// linear operator (MatMul/Gemm/Conv) with binary/ternary weights, followed by its epilogue
// (the elementwise float nodes up to a quantizer, pooling) - or, for the last layer, by the
// real-valued output arithmetic. The import fills the model-given parts; the passes fill in
// the rest (marked "pass:").
#pragma once

#include "compiler/qonnx/graph.h"
#include "compiler/qonnx/tensor.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cimc {

enum class Alphabet { Real, Binary, Ternary };
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
    // Where the model pools: after the quantizer (-1), or before epilogue node i (on
    // pre-activations; the pass then needs the direction of the nodes from i on).
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

enum class Engine { Cpu, Xbar, XbarBitslice };

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
    std::string op_type; // MatMul, Gemm, Conv
    bool conv = false;
    ConvGeometry geom;
    Alphabet input = Alphabet::Real;
    Alphabet weights = Alphabet::Binary;
    int64_t outputs = 0;   // M
    int64_t fan_in = 0;    // K as the model orders it: (c, ky, kx) or the flat feature
    std::vector<int8_t> w; // [M][K], model order

    // Elementwise float nodes after the linear operator, in order, ending in the quantizer
    // (hidden layers) or at the graph output (last layer); constants by name.
    std::vector<qonnx::Node> epilogue;
    std::map<std::string, qonnx::Tensor> constants;
    bool has_quantizer = false;
    Alphabet activation = Alphabet::Real; // the quantizer's alphabet
    std::vector<Pool> pools;              // in model order

    // pass: shape inference
    FeatureShape
        in; // input as the layer sees it (a map for conv, flattened map or vector for dense)
    FeatureShape out;       // the linear operator's output (before pooling)
    FeatureShape final_out; // after pooling

    // pass: fold_batchnorm / output arithmetic
    std::vector<Threshold> thresholds;
    std::vector<FloatOp> output_ops;
    // pass: partition
    Engine engine = Engine::Xbar;
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

struct Network {
    std::string model_path;
    std::string name;
    FeatureShape input; // image: [1, H, W] spatial, or [F]
    std::vector<Layer> layers;
    int64_t classes = 0;
    Target target;
};

// The input scale: the model's graph input is pixel / 255, as `cimx eval` feeds it.
constexpr int kPixelDivisor = 255;

} // namespace cimc
