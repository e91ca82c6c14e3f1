#include "tests/compiler/test_models.h"

#include "dataset/idx_reader.h"
#include "compiler/qonnx/executor.h"
#include "compiler/qonnx/graph_builder.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>

namespace compilertest {
namespace {

using qonnx::Attribute;
using qonnx::Tensor;

class Builder {
  public:
    Builder(const ModelSpec& s) : s_(s), b_(s.cnn ? "test_cnn" : "test_mlp"), rng_(s.seed) {}

    qonnx::Graph build() {
        x_ = b_.input("input", {-1, 1, s_.image, s_.image});
        return s_.cnn ? cnn() : mlp();
    }

  private:
    float uniform(float lo, float hi) {
        return std::uniform_real_distribution<float>(lo, hi)(rng_);
    }

    std::string quant(const std::string& x, const std::string& name) {
        const std::string one = b_.initializer("one", Tensor::scalar(1.0f));
        if (!s_.ternary) return b_.node("BipolarQuant", {x, one}, {}, qonnx::kQonnxDomain, name);
        const std::string zero = b_.initializer("zero", Tensor::scalar(0.0f));
        const std::string two = b_.initializer("two", Tensor::scalar(2.0f));
        return b_.node("Quant", {x, one, zero, two},
                       {{"signed", Attribute::of_int(1)},
                        {"narrow", Attribute::of_int(1)},
                        {"rounding_mode", Attribute::of_string("ROUND")}},
                       qonnx::kQonnxDomain, name);
    }

    std::string weights(const std::string& name, std::vector<int64_t> shape) {
        Tensor w = Tensor::zeros(shape);
        for (float& v : w.data) v = uniform(-1.0f, 1.0f);
        return quant(b_.initializer(name, w), name + "_q");
    }

    // Statistics that centre the pre-activation (std `sd`) around the threshold; channel 0
    // gets gamma = 0, about a quarter gamma < 0.
    std::string batchnorm(const std::string& x, int64_t c, float sd, const std::string& name) {
        Tensor g = Tensor::zeros({c}), beta = g, mean = g, var = g;
        for (size_t i = 0; i < size_t(c); ++i) {
            g.data[i] = i == 0 ? 0.0f : uniform(-0.5f, 1.5f);
            beta.data[i] = i == 0 ? 0.3f : uniform(-0.4f, 0.4f);
            mean.data[i] = uniform(-0.5f, 0.5f) * sd;
            const float s = sd * uniform(0.5f, 1.5f);
            var.data[i] = s * s;
        }
        return b_.node("BatchNormalization",
                       {x, b_.initializer(name + "_g", g), b_.initializer(name + "_b", beta),
                        b_.initializer(name + "_m", mean), b_.initializer(name + "_v", var)},
                       {{"epsilon", Attribute::of_float(1e-4f)}}, "", name);
    }

    // A ternary MultiThreshold with thresholds at +-0.5 (what Quant does), or a binary one at 0.
    std::string multithreshold(const std::string& x, int64_t c, const std::string& name) {
        const int64_t steps = s_.ternary ? 2 : 1;
        Tensor t = Tensor::zeros({c, steps});
        for (size_t i = 0; i < size_t(c); ++i) {
            if (s_.ternary) t.data[2 * i] = -0.5f, t.data[2 * i + 1] = 0.5f;
        }
        return b_.node("MultiThreshold", {x, b_.initializer(name + "_t", t)},
                       {{"out_scale", Attribute::of_float(s_.ternary ? 1.0f : 2.0f)},
                        {"out_bias", Attribute::of_float(-1.0f)}},
                       qonnx::kQonnxDomain, name);
    }

    std::string activation(const std::string& x, int64_t c, const std::string& name, bool variant) {
        return variant ? multithreshold(x, c, name) : quant(x, name);
    }

    float sd(int64_t fan_in, bool first) const {
        return first ? std::sqrt(float(fan_in) * 0.15f)
                     : std::sqrt(float(fan_in) * (s_.ternary ? 0.6f : 1.0f));
    }

    // Last layer: dense to 10 classes, then a real per-class scale and bias.
    std::string output(const std::string& x, int64_t in) {
        std::string y;
        if (s_.variants) {
            Tensor w = Tensor::zeros({10, in}), c = Tensor::zeros({10});
            for (float& v : w.data) v = uniform(-1.0f, 1.0f);
            for (float& v : c.data) v = uniform(-2.0f, 2.0f);
            y = b_.node(
                "Gemm",
                {x, quant(b_.initializer("out_w", w), "out_wq"), b_.initializer("out_c", c)},
                {{"transB", Attribute::of_int(1)}, {"beta", Attribute::of_float(0.75f)}}, "",
                "out");
        } else {
            y = b_.node("MatMul", {x, weights("out_w", {in, 10})}, {}, "", "out");
        }
        Tensor a = Tensor::zeros({10}), bias = a;
        for (size_t i = 0; i < 10; ++i)
            a.data[i] = uniform(0.01f, 0.1f), bias.data[i] = uniform(-0.3f, 0.3f);
        y = b_.node("Mul", {y, b_.initializer("out_a", a)}, {}, "", "out_mul");
        y = b_.node("Add", {y, b_.initializer("out_bias", bias)}, {}, "", "logits");
        b_.output(y, {-1, 10});
        return y;
    }

    qonnx::Graph mlp() {
        std::string x = b_.node("Flatten", {x_}, {{"axis", Attribute::of_int(1)}}, "", "flatten");
        int64_t in = s_.image * s_.image;
        for (size_t i = 0; i < s_.hidden.size(); ++i) {
            const std::string id = "dense" + std::to_string(i);
            x = b_.node("MatMul", {x, weights(id + "_w", {in, s_.hidden[i]})}, {}, "", id);
            x = batchnorm(x, s_.hidden[i], sd(in, i == 0), "bn" + std::to_string(i));
            x = activation(x, s_.hidden[i], "act" + std::to_string(i), s_.variants && i == 1);
            in = s_.hidden[i];
        }
        output(x, in);
        return b_.finish();
    }

    std::string conv(const std::string& x, int64_t cin, int64_t cout, int64_t pad,
                     const std::string& id) {
        std::vector<std::string> in = {x, weights(id + "_w", {cout, cin, 3, 3})};
        if (s_.variants && id == "conv1") { // a convolution bias (added in float per channel)
            Tensor bias = Tensor::zeros({cout});
            for (float& v : bias.data) v = uniform(-1.0f, 1.0f);
            in.push_back(b_.initializer(id + "_bias", bias));
        }
        return b_.node("Conv", in,
                       {{"kernel_shape", Attribute::of_ints({3, 3})},
                        {"pads", Attribute::of_ints({pad, pad, pad, pad})},
                        {"strides", Attribute::of_ints({1, 1})}},
                       "", id);
    }

    std::string pool(const std::string& x, const std::string& id) {
        return b_.node(
            "MaxPool", {x},
            {{"kernel_shape", Attribute::of_ints({2, 2})}, {"strides", Attribute::of_ints({2, 2})}},
            "", id);
    }

    qonnx::Graph cnn() {
        std::string x = x_;
        int64_t in = 1, h = s_.image;
        for (size_t i = 0; i < s_.channels.size(); ++i) {
            const int64_t pad = i == 0 || s_.variants ? 1 : 0, c = s_.channels[i];
            const std::string n = std::to_string(i);
            x = conv(x, in, c, pad, "conv" + n);
            const bool pool_first = s_.variants && i == 1; // MaxPool on pre-activations
            if (pool_first) x = pool(x, "pool" + n);
            x = batchnorm(x, c, sd(in * 9, i == 0), "bn" + n);
            x = activation(x, c, "act" + n, s_.variants && i == 0);
            if (!pool_first) x = pool(x, "pool" + n);
            h = (h + 2 * pad - 2) / 2;
            in = c;
        }
        x = b_.node("Flatten", {x}, {{"axis", Attribute::of_int(1)}}, "", "flatten");
        output(x, in * h * h);
        return b_.finish();
    }

    ModelSpec s_;
    qonnx::GraphBuilder b_;
    std::mt19937_64 rng_;
    std::string x_;
};

} // namespace

qonnx::Graph make_model(const ModelSpec& spec) { return Builder(spec).build(); }

Images test_images(uint32_t n) {
    Images im;
    im.count = n;
    const std::string path = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
    if (std::ifstream(path)) {
        const std::string bytes = cimx::read_maybe_gzip(path);
        im.count = std::min<uint32_t>(n, 10000);
        im.pixels.assign(bytes.begin() + 16, bytes.begin() + 16 + size_t(im.count) * 784);
        return im;
    }
    std::mt19937 rng(7);
    for (uint32_t i = 0; i < n * 784; ++i)
        im.pixels.push_back(uint8_t(rng() % 3 == 0 ? 0 : rng() & 0xff));
    return im;
}

std::string training_file() {
    const std::string path = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
    return std::ifstream(path) ? path : "";
}

Images training_images(uint32_t n) {
    Images im;
    im.count = n;
    const std::string path = training_file();
    if (!path.empty()) {
        const std::string bytes = cimx::read_maybe_gzip(path);
        im.count = std::min<uint32_t>(n, 60000);
        const size_t first = 60000 - im.count;
        im.pixels.assign(bytes.begin() + 16 + first * 784,
                         bytes.begin() + 16 + (first + im.count) * 784);
        return im;
    }
    std::mt19937 rng(11);
    for (uint32_t i = 0; i < n * 784; ++i)
        im.pixels.push_back(uint8_t(rng() % 3 == 0 ? 0 : rng() & 0xff));
    return im;
}

void write_idx(const Images& images, const std::string& path) {
    std::string out = {0, 0, 8, 3};
    for (uint32_t d : {images.count, images.rows, images.cols})
        for (int shift = 24; shift >= 0; shift -= 8) out += char((d >> shift) & 0xff);
    out.append(reinterpret_cast<const char*>(images.pixels.data()), images.pixels.size());
    std::ofstream(path, std::ios::binary) << out;
}

std::vector<uint16_t> executor_predictions(const qonnx::Graph& g, const Images& images) {
    qonnx::Executor ex(g);
    const int64_t px = int64_t(images.rows) * images.cols;
    qonnx::Tensor x = qonnx::Tensor::zeros(
        {int64_t(images.count), 1, int64_t(images.rows), int64_t(images.cols)});
    for (size_t i = 0; i < x.data.size(); ++i)
        x.data[i] = float(images.pixels[i]) * (1.0f / 255.0f);
    const qonnx::Tensor y = ex.run(x);
    std::vector<uint16_t> preds;
    const int64_t classes = y.dim(1);
    for (int64_t i = 0; i < int64_t(images.count); ++i) {
        const float* row = y.data.data() + i * classes;
        preds.push_back(uint16_t(std::max_element(row, row + classes) - row));
    }
    (void)px;
    return preds;
}

} // namespace compilertest
