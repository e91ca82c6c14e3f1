// Hand-made QONNX models with random weights for the compiler tests, in the graph form
// `cimx train` exports (docs: cimx/train/architectures.h), plus variants that exercise the
// other accepted patterns: Gemm with transB and bias, MultiThreshold activations, padded
// hidden convolutions, pooling before batch norm, batch norm with gamma < 0 and gamma = 0.
// Batch-norm statistics are drawn so that the activations are balanced on real images.
#pragma once

#include "compiler/qonnx/graph.h"

#include <cstdint>
#include <string>
#include <vector>

namespace compilertest {

struct ModelSpec {
    bool ternary = false;
    bool cnn = false;
    std::vector<int64_t> hidden = {64, 48}; // mlp widths
    std::vector<int64_t> channels = {6, 8}; // cnn conv channels (3x3; the first padded)
    int64_t image = 28;
    uint64_t seed = 1;
    bool variants = false; // Gemm/MultiThreshold/padded hidden conv/pool before BN
};

qonnx::Graph make_model(const ModelSpec& spec);

// Test images: the first n of Fashion-MNIST's t10k set when installed, else random ones.
struct Images {
    uint32_t count = 0, rows = 28, cols = 28;
    std::vector<uint8_t> pixels;
    std::vector<int64_t> dims; // one image's dimensions when not [rows, cols] ([3, 16, 16])
};
Images test_images(uint32_t n);
// Calibration images: the last n of Fashion-MNIST's training set when installed (where cimc
// takes them from), else random ones different from test_images'.
Images training_images(uint32_t n);
// The installed training file (Debian's dataset-fashion-mnist), or "" when it is missing.
std::string training_file();
// Writes them as an uncompressed IDX [n, rows, cols].
void write_idx(const Images& images, const std::string& path);

// qonnx::Executor's predictions (first maximum) on pixel / 255 inputs, as `cimx eval` feeds.
std::vector<uint16_t> executor_predictions(const qonnx::Graph& g, const Images& images);

} // namespace compilertest
