// The hand-built models of model_forms.h: each a small network with random binary/ternary
// weights in several of the forms Brevitas and FINN write. Batch-norm statistics and
// MultiThreshold thresholds are taken from the pre-activations on sample images, so that the
// activations switch and the predictions vary.
#include "tests/compiler/model_forms.h"

#include "compiler/qonnx/executor.h"
#include "compiler/qonnx/graph_builder.h"
#include "compiler/qonnx/input_scale.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace compilertest {
namespace {

using qonnx::Attribute;
using qonnx::Tensor;

const char* const kQonnx = "qonnx.custom_op.general";
const char* const kFinn = "finn.custom_op.general";
const char* const kBrevitas = "onnx.brevitas";

Tensor i64(std::vector<float> v) {
    const int64_t n = int64_t(v.size());
    return Tensor({n}, std::move(v), qonnx::ElemType::Int64);
}

class FormBuilder {
  public:
    FormBuilder(const std::string& name, std::vector<int64_t> input, std::string scale,
                std::vector<int64_t> image_dims, uint64_t seed)
        : b_(name), rng_(seed) {
        m_.name = name;
        m_.input_scale = scale;
        m_.image_dims = image_dims;
        input_ = input;
        x = b_.input("input", input);
        sample_ = form_images(m_, 48);
    }

    qonnx::GraphBuilder& b() { return b_; }
    float uniform(float lo, float hi) {
        return std::uniform_real_distribution<float>(lo, hi)(rng_);
    }
    int pick(int n) { return int(rng_() % uint64_t(n)); }

    std::string op(const std::string& type, std::vector<std::string> in,
                   std::map<std::string, Attribute> attrs = {}, const std::string& domain = "") {
        return x = b_.node(type, std::move(in), std::move(attrs), domain);
    }
    std::string scalar(float v) {
        return b_.initializer("c" + std::to_string(n_++), Tensor::scalar(v));
    }
    std::string constant(Tensor t) {
        return b_.initializer("c" + std::to_string(n_++), std::move(t));
    }

    // Random {-1,+1} (or {-1,0,+1}) values of the given shape.
    Tensor signs(std::vector<int64_t> shape, bool ternary) {
        Tensor t = Tensor::zeros(std::move(shape));
        for (float& v : t.data) v = ternary ? float(pick(3) - 1) : pick(2) ? 1.0f : -1.0f;
        return t;
    }

    // Per-channel mean and standard deviation of the current tensor over the sample images
    // (channel axis `axis`), with the executor on the graph built so far.
    void stats(int axis, std::vector<float>& mean, std::vector<float>& sd) {
        qonnx::Graph g = b_.finish();
        qonnx::ValueInfo o;
        o.name = x;
        g.outputs = {o};
        const qonnx::Executor ex(g);
        const float s = qonnx::resolve_input_scale(g, m_.input_scale, "m").value;
        std::vector<double> sum, sq;
        int64_t count = 0;
        const size_t per = sample_.pixels.size() / sample_.count;
        for (uint32_t i = 0; i < sample_.count; ++i) {
            std::vector<int64_t> shape = input_;
            shape[0] = 1;
            Tensor in = Tensor::zeros(shape);
            for (size_t k = 0; k < per; ++k) in.data[k] = float(sample_.pixels[i * per + k]) * s;
            const Tensor y = ex.run(in);
            const int64_t a = axis < 0 ? y.rank() - 1 : axis, c = y.dim(a);
            int64_t inner = 1;
            for (int64_t d = a + 1; d < y.rank(); ++d) inner *= y.dim(d);
            sum.resize(size_t(c)), sq.resize(size_t(c));
            for (size_t k = 0; k < y.data.size(); ++k) {
                const size_t ch = size_t((int64_t(k) / inner) % c);
                sum[ch] += y.data[k], sq[ch] += double(y.data[k]) * y.data[k];
            }
            count += y.numel() / c;
        }
        mean.resize(sum.size()), sd.resize(sum.size());
        for (size_t c = 0; c < sum.size(); ++c) {
            mean[c] = float(sum[c] / double(count));
            sd[c] =
                float(std::sqrt(std::max(1e-6, sq[c] / double(count) - double(mean[c]) * mean[c])));
        }
    }

    // A batch norm centred on the current tensor's statistics: a quarter of the channels with
    // gamma < 0, channel 1 with gamma = 0.
    std::string batchnorm(int axis, float eps = 1e-5f) {
        std::vector<float> mean, sd;
        stats(axis, mean, sd);
        const int64_t c = int64_t(mean.size());
        Tensor g = Tensor::zeros({c}), beta = g, mu = g, var = g;
        for (size_t i = 0; i < size_t(c); ++i) {
            g.data[i] = i == 1 ? 0.0f : pick(4) == 0 ? -uniform(0.5f, 1.5f) : uniform(0.5f, 1.5f);
            beta.data[i] = i == 1 ? 0.2f : uniform(-0.3f, 0.3f);
            mu.data[i] = mean[i] + uniform(-0.3f, 0.3f) * sd[i];
            var.data[i] = sd[i] * sd[i] * uniform(0.5f, 1.5f);
        }
        return op("BatchNormalization",
                  {x, constant(g), constant(beta), constant(mu), constant(var)},
                  {{"epsilon", Attribute::of_float(eps)}});
    }

    // MultiThreshold thresholds around the current tensor's statistics: [C, steps].
    std::string thresholds(int axis, int steps) {
        std::vector<float> mean, sd;
        stats(axis, mean, sd);
        Tensor t = Tensor::zeros({int64_t(mean.size()), steps});
        for (size_t c = 0; c < mean.size(); ++c)
            for (int s = 0; s < steps; ++s)
                t.data[c * size_t(steps) + size_t(s)] = mean[c] + (steps == 1 ? uniform(-0.3f, 0.3f)
                                                                   : s == 0   ? -0.5f
                                                                              : 0.5f) *
                                                                      sd[c];
        return constant(t);
    }

    std::string quant(const std::string& in, const std::string& scale, const std::string& zeropt,
                      float bits, bool is_signed, bool narrow, const char* rounding,
                      const char* domain = kQonnx, const char* type = "Quant") {
        return op(type, {in, scale, zeropt, this->scalar(bits)},
                  {{"signed", Attribute::of_int(is_signed)},
                   {"narrow", Attribute::of_int(narrow)},
                   {"rounding_mode", Attribute::of_string(rounding)}},
                  domain);
    }

    void annotate(const std::string& tensor, const std::string& type) {
        annotations_[tensor] = type;
    }

    FormModel finish(std::vector<int64_t> out_shape, std::string forms, bool ternary) {
        b_.output(x, std::move(out_shape));
        m_.graph = b_.finish();
        for (const auto& [t, v] : annotations_) m_.graph.annotations[t]["finn_datatype"] = v;
        m_.forms = std::move(forms);
        m_.ternary = ternary;
        return m_;
    }

    FormModel& model() { return m_; }
    std::string x;

  private:
    qonnx::GraphBuilder b_;
    std::mt19937_64 rng_;
    FormModel m_;
    std::vector<int64_t> input_;
    Images sample_;
    int n_ = 0;
    std::map<std::string, std::string> annotations_;
};

// Brevitas' TFC (BNN-PYNQ): 2x - 1 and a 1-bit input quantizer, latent weights through
// BipolarQuant / 1-bit Quant with per-output scale tensors, Transpose, Unsqueeze/Squeeze
// around batch norm, an activation scale of 0.5, Dropout, Gemm, TensorNorm's scalars.
FormModel brevitas_tfc() {
    FormBuilder f("brevitas_tfc", {1, 1, 28, 28}, "", {1, 28, 28}, 101); // [N,1,28,28] files
    auto& b = f.b();
    const std::string shape =
        b.node("Constant", {},
               {{"value", Attribute::of_tensor(Tensor({2}, {1, -1}, qonnx::ElemType::Int64))}});
    f.op("Reshape", {f.x, shape});
    f.op("Mul", {f.x, f.scalar(2)});
    f.op("Sub", {f.x, f.scalar(1)});
    f.op("BipolarQuant", {f.x, f.scalar(1)}, {}, kBrevitas);
    // 784 -> 64: power-of-two scale per output
    Tensor w0 = f.signs({64, 784}, false), s0 = Tensor::zeros({64, 1});
    for (size_t o = 0; o < 64; ++o) s0.data[o] = std::ldexp(1.0f, f.pick(4) - 2);
    for (size_t k = 0; k < w0.data.size(); ++k) w0.data[k] *= f.uniform(0.01f, 1.0f);
    std::string in = f.x;
    std::string wq = b.node("BipolarQuant", {f.constant(w0), f.constant(s0)}, {}, kBrevitas);
    wq = b.node("Transpose", {wq}, {{"perm", Attribute::of_ints({1, 0})}});
    f.op("MatMul", {in, wq});
    const std::string axes = f.constant(i64({2}));
    f.op("Unsqueeze", {f.x, axes});
    f.batchnorm(1);
    f.op("Squeeze", {f.x, axes});
    f.quant(f.x, f.scalar(0.5f), f.scalar(0), 1, true, false, "ROUND", kBrevitas); // +-0.5
    f.op("Dropout", {f.x});
    // 64 -> 32: 1-bit Quant weights, any scale per output
    Tensor w1 = f.signs({32, 64}, false), s1 = Tensor::zeros({32, 1});
    for (float& v : s1.data) v = f.uniform(0.2f, 0.9f);
    in = f.x;
    wq = b.node("Quant", {f.constant(w1), f.constant(s1), f.scalar(0), f.scalar(1)},
                {{"signed", Attribute::of_int(1)},
                 {"narrow", Attribute::of_int(0)},
                 {"rounding_mode", Attribute::of_string("ROUND")}},
                kBrevitas);
    wq = b.node("Transpose", {wq}, {{"perm", Attribute::of_ints({1, 0})}});
    f.op("MatMul", {in, wq});
    f.batchnorm(1);
    f.op("BipolarQuant", {f.x, f.scalar(1)}, {}, kBrevitas);
    // 32 -> 10: Gemm with transB, then TensorNorm (scalars)
    in = f.x;
    wq = b.node("BipolarQuant", {f.constant(f.signs({10, 32}, false)), f.scalar(1)}, {}, kBrevitas);
    f.op("Gemm", {in, wq}, {{"transB", Attribute::of_int(1)}});
    f.op("Sub", {f.x, f.scalar(0.1f)});
    f.op("Div", {f.x, f.scalar(3)});
    f.op("Mul", {f.x, f.scalar(0.7f)});
    f.op("Add", {f.x, f.scalar(0.05f)});
    return f.finish({1, 10},
                    "Reshape [1,-1] via Constant; Mul/Sub input scaling and a 1-bit input "
                    "quantizer; BipolarQuant and 1-bit Quant weights with per-output scale "
                    "tensors (powers of two and any); Transpose; Unsqueeze/Squeeze around "
                    "BatchNormalization; activation scale 0.5; Dropout; Gemm transB; onnx.brevitas",
                    false);
}

// Brevitas' CNV: 2x - 1 and an 8-bit input quantizer on three-channel images, ternary Conv
// weights with per-output scale and zero-point tensors, a 2-bit activation with another
// rounding mode, pooling, IntQuant.
FormModel brevitas_cnv() {
    FormBuilder f("brevitas_cnv", {-1, 3, 16, 16}, "", {3, 16, 16}, 102);
    auto& b = f.b();
    f.op("Mul", {f.x, f.scalar(2)});
    f.op("Sub", {f.x, f.scalar(1)});
    f.quant(f.x, f.scalar(1.0f / 127.0f), f.scalar(0), 8, true, true, "ROUND", kQonnx, "IntQuant");
    Tensor w0 = f.signs({12, 3, 3, 3}, true), s0 = Tensor::zeros({12, 1, 1, 1});
    for (float& v : s0.data) v = std::ldexp(1.0f, f.pick(3) - 1);
    for (size_t k = 0; k < w0.data.size(); ++k)
        w0.data[k] = s0.data[k / 27] * (w0.data[k] + f.uniform(-0.45f, 0.45f));
    std::string in = f.x;
    std::string wq = b.node(
        "Quant",
        {f.constant(w0), f.constant(s0), f.constant(Tensor::zeros({12, 1, 1, 1})), f.scalar(2)},
        {{"signed", Attribute::of_int(1)},
         {"narrow", Attribute::of_int(1)},
         {"rounding_mode", Attribute::of_string("ROUND")}},
        kBrevitas);
    f.op(
        "Conv", {in, wq},
        {{"kernel_shape", Attribute::of_ints({3, 3})}, {"pads", Attribute::of_ints({1, 1, 1, 1})}});
    f.batchnorm(1);
    f.quant(f.x, f.scalar(1), f.scalar(0), 2, true, true, "ROUND_TO_ZERO");
    f.op("MaxPool", {f.x},
         {{"kernel_shape", Attribute::of_ints({2, 2})}, {"strides", Attribute::of_ints({2, 2})}});
    in = f.x;
    wq = b.node("Quant",
                {f.constant(f.signs({16, 12, 3, 3}, true)), f.constant(Tensor::scalar(1)),
                 f.constant(Tensor::scalar(0)), f.scalar(2)},
                {{"signed", Attribute::of_int(1)},
                 {"narrow", Attribute::of_int(1)},
                 {"rounding_mode", Attribute::of_string("ROUND")}},
                kBrevitas);
    f.op("Conv", {in, wq}, {{"kernel_shape", Attribute::of_ints({3, 3})}});
    f.batchnorm(1);
    f.op("BipolarQuant", {f.x, f.scalar(1)}, {}, kQonnx);
    f.op("MaxPool", {f.x},
         {{"kernel_shape", Attribute::of_ints({2, 2})}, {"strides", Attribute::of_ints({2, 2})}});
    f.op("Flatten", {f.x});
    in = f.x;
    wq = b.node("BipolarQuant", {f.constant(f.signs({144, 10}, false)), f.scalar(1)}, {}, kQonnx);
    f.op("MatMul", {in, wq});
    Tensor a = Tensor::zeros({10}), bias = a;
    for (size_t i = 0; i < 10; ++i)
        a.data[i] = f.uniform(0.05f, 0.2f), bias.data[i] = f.uniform(-1, 1);
    f.op("Mul", {f.x, f.constant(a)});
    f.op("Add", {f.x, f.constant(bias)});
    return f.finish({-1, 10},
                    "three-channel [N,3,16,16] input; Mul/Sub and an 8-bit signed narrow "
                    "IntQuant input quantizer (codes, padded first Conv); ternary Conv weights "
                    "with scale and zero-point tensors; 2-bit activation with ROUND_TO_ZERO; "
                    "MaxPool",
                    true);
}

// FINN's TFC after streamlining: raw pixels and Div by 255, literal bipolar weights with
// finn_datatype annotations, MultiThreshold with out_scale/out_bias and with Mul/Add to
// bipolar after it, Identity, TopK at the end.
FormModel finn_tfc() {
    FormBuilder f("finn_tfc", {1, 784}, "1", {784}, 103); // [N, F] files
    f.annotate("input", "UINT8");
    f.op("Div", {f.x, f.scalar(255)});
    std::string w = f.constant(f.signs({784, 48}, false));
    f.annotate(w, "BIPOLAR");
    f.op("MatMul", {f.x, w});
    f.op("MultiThreshold", {f.x, f.thresholds(1, 1)},
         {{"out_scale", Attribute::of_float(2)},
          {"out_bias", Attribute::of_float(-1)},
          {"out_dtype", Attribute::of_string("BIPOLAR")}},
         kFinn);
    f.annotate(f.x, "BIPOLAR");
    w = f.constant(f.signs({48, 32}, false));
    f.annotate(w, "BIPOLAR");
    f.op("MatMul", {f.x, w});
    f.op("MultiThreshold", {f.x, f.thresholds(1, 1)},
         {{"out_dtype", Attribute::of_string("BINARY")}}, kFinn);
    f.op("Mul", {f.x, f.scalar(2)});
    f.op("Add", {f.x, f.scalar(-1)});
    f.op("Identity", {f.x});
    f.op("MatMul", {f.x, f.constant(f.signs({32, 10}, false))});
    Tensor a = Tensor::zeros({10}), bias = a;
    for (size_t i = 0; i < 10; ++i)
        a.data[i] = f.uniform(0.05f, 0.2f), bias.data[i] = f.uniform(-1, 1);
    f.op("Mul", {f.x, f.constant(a)});
    f.op("Add", {f.x, f.constant(bias)});
    qonnx::Graph g = f.finish({1, 10}, "", false).graph;
    qonnx::Node top;
    top.name = "TopK_0";
    top.op_type = "TopK";
    top.inputs = {f.x, "K"};
    top.outputs = {"values", "class"};
    g.initializers["K"] = i64({1});
    g.nodes.push_back(top);
    g.outputs[0].name = "class";
    g.outputs[0].shape = {1, 1};
    g.outputs[0].dim_params = {"", ""};
    g.outputs[0].type = qonnx::ElemType::Int64;
    FormModel m = f.model();
    m.graph = g;
    m.forms = "raw-pixel [1,784] input annotated UINT8 with Div by 255 (--input-scale 1); "
              "literal bipolar weights annotated BIPOLAR and without annotation; MultiThreshold "
              "(finn.custom_op.general) with out_scale/out_bias, and with Mul/Add to bipolar "
              "after it; Identity; TopK (k = 1) as the last node";
    return m;
}

// FINN's layout handling: an NHWC input transposed to NCHW, MultiThreshold in NHWC between
// Transposes, a Flatten in NHWC order, ArgMax at the end.
FormModel finn_cnv_nhwc() {
    FormBuilder f("finn_cnv_nhwc", {1, 28, 28, 1}, "1", {28, 28, 1}, 104);
    f.op("Transpose", {f.x}, {{"perm", Attribute::of_ints({0, 3, 1, 2})}});
    f.op("Div", {f.x, f.scalar(255)});
    std::string w = f.constant(f.signs({8, 1, 3, 3}, false));
    f.annotate(w, "BIPOLAR");
    f.op(
        "Conv", {f.x, w},
        {{"kernel_shape", Attribute::of_ints({3, 3})}, {"pads", Attribute::of_ints({1, 1, 1, 1})}});
    f.op("Transpose", {f.x}, {{"perm", Attribute::of_ints({0, 2, 3, 1})}});
    f.op("MultiThreshold", {f.x, f.thresholds(-1, 1)},
         {{"out_scale", Attribute::of_float(2)},
          {"out_bias", Attribute::of_float(-1)},
          {"data_layout", Attribute::of_string("NHWC")}},
         kQonnx);
    f.op("Transpose", {f.x}, {{"perm", Attribute::of_ints({0, 3, 1, 2})}});
    f.op("MaxPool", {f.x},
         {{"kernel_shape", Attribute::of_ints({2, 2})}, {"strides", Attribute::of_ints({2, 2})}});
    w = f.constant(f.signs({16, 8, 3, 3}, false));
    f.annotate(w, "BIPOLAR");
    f.op("Conv", {f.x, w}, {{"kernel_shape", Attribute::of_ints({3, 3})}});
    f.op("Transpose", {f.x}, {{"perm", Attribute::of_ints({0, 2, 3, 1})}});
    f.op("MultiThreshold", {f.x, f.thresholds(-1, 1)},
         {{"out_scale", Attribute::of_float(2)},
          {"out_bias", Attribute::of_float(-1)},
          {"data_layout", Attribute::of_string("NHWC")}},
         kQonnx);
    f.op("Flatten", {f.x}); // features in (y, x, c) order
    f.op("MatMul", {f.x, f.constant(f.signs({12 * 12 * 16, 10}, false))});
    Tensor a = Tensor::zeros({10});
    for (float& v : a.data) v = f.uniform(0.05f, 0.2f);
    f.op("Mul", {f.x, f.constant(a)});
    f.op("ArgMax", {f.x}, {{"axis", Attribute::of_int(1)}, {"keepdims", Attribute::of_int(1)}});
    FormModel m = f.finish({1, 1}, "", false);
    m.graph.outputs[0].type = qonnx::ElemType::Int64;
    m.forms = "NHWC input [1,28,28,1] and Transposes that fold into the layout; MultiThreshold "
              "(qonnx.custom_op.general) with data_layout NHWC between Transposes; Flatten of an "
              "NHWC map; ArgMax as the last node";
    return m;
}

// Ternary variants: Gemm with transB, alpha and beta, the input scale in the metadata, a
// no-op Reshape, HALF_UP rounding, literal weights annotated TERNARY and INT2, Unsqueeze to
// [N, C, 1, 1] around batch norm, a two-step MultiThreshold, Div/Sub at the output.
FormModel tnn_variants() {
    FormBuilder f("tnn_variants", {-1, 1, 28, 28}, "", {28, 28}, 105);
    auto& b = f.b();
    f.op("Flatten", {f.x});
    f.op("Reshape", {f.x, f.constant(i64({0, -1}))});
    Tensor w0 = f.signs({40, 784}, true);
    for (float& v : w0.data) v += f.uniform(-0.45f, 0.45f);
    const std::string in = f.x;
    const std::string wq =
        b.node("IntQuant", {f.constant(w0), f.scalar(1), f.scalar(0), f.scalar(2)},
               {{"signed", Attribute::of_int(1)},
                {"narrow", Attribute::of_int(1)},
                {"rounding_mode", Attribute::of_string("ROUND")}},
               kFinn);
    Tensor c = Tensor::zeros({40});
    for (float& v : c.data) v = f.uniform(-2, 2);
    f.op("Gemm", {in, wq, f.constant(c)},
         {{"transB", Attribute::of_int(1)},
          {"alpha", Attribute::of_float(0.5f)},
          {"beta", Attribute::of_float(0.75f)}});
    f.batchnorm(1);
    f.quant(f.x, f.scalar(1), f.scalar(0), 2, true, true, "HALF_UP");
    std::string w = f.constant(f.signs({40, 24}, true));
    f.annotate(w, "TERNARY");
    f.op("MatMul", {f.x, w});
    const std::string axes = f.constant(i64({2, 3}));
    f.op("Unsqueeze", {f.x, axes});
    f.batchnorm(1);
    f.op("Squeeze", {f.x, axes});
    Tensor t = Tensor::zeros({24, 2});
    for (size_t i = 0; i < 24; ++i) t.data[2 * i] = -0.4f, t.data[2 * i + 1] = 0.4f;
    f.op("MultiThreshold", {f.x, f.constant(t)}, {{"out_bias", Attribute::of_float(-1)}}, kQonnx);
    w = f.constant(f.signs({24, 10}, true));
    f.annotate(w, "INT2");
    f.op("MatMul", {f.x, w});
    Tensor d = Tensor::zeros({10}), s = d;
    for (size_t i = 0; i < 10; ++i) d.data[i] = f.uniform(2, 5), s.data[i] = f.uniform(-0.3f, 0.3f);
    f.op("Div", {f.x, f.constant(d)});
    f.op("Sub", {f.x, f.constant(s)});
    FormModel m = f.finish({-1, 10},
                           "input scale from metadata_props; Flatten and a no-op Reshape [0,-1]; "
                           "Gemm with transB, alpha 0.5, beta and bias; IntQuant weights "
                           "(finn.custom_op.general); HALF_UP rounding; literal weights annotated "
                           "TERNARY and INT2; Unsqueeze/Squeeze [N,C,1,1] around "
                           "BatchNormalization; two-step MultiThreshold; Div/Sub at the output",
                           true);
    m.graph.metadata[qonnx::kInputScaleKey] = "1/255";
    return m;
}

// Per-channel input normalisation of three-channel images (Sub mean per channel, Div by
// one std, then Mul and Add by constants) into a dense first layer.
FormModel color_affine_dense() {
    FormBuilder f("color_affine_dense", {-1, 3, 16, 16}, "1", {3, 16, 16}, 106);
    auto& b = f.b();
    f.op("Sub", {f.x, f.constant(Tensor({1, 3, 1, 1}, {120, 100, 130}))});
    f.op("Div", {f.x, f.scalar(64)});
    f.op("Mul", {f.x, f.scalar(1.5f)});
    f.op("Add", {f.x, f.scalar(0.25f)});
    f.op("Flatten", {f.x});
    std::string in = f.x;
    f.op("MatMul", {in, b.node("BipolarQuant", {f.constant(f.signs({768, 32}, false)), f.scalar(1)},
                               {}, kQonnx)});
    f.batchnorm(1);
    f.op("BipolarQuant", {f.x, f.scalar(1)}, {}, kQonnx);
    in = f.x;
    f.op("MatMul", {in, b.node("BipolarQuant", {f.constant(f.signs({32, 10}, false)), f.scalar(1)},
                               {}, kQonnx)});
    Tensor bias = Tensor::zeros({10});
    for (float& v : bias.data) v = f.uniform(-1, 1);
    f.op("Add", {f.x, f.constant(bias)});
    return f.finish({-1, 10},
                    "per-channel Sub (mean), a common Div (std), Mul and Add on [N,3,16,16] raw "
                    "pixels (--input-scale 1) into a dense first layer: offsets per channel",
                    false);
}

// An NHWC three-channel input transposed to NCHW, an input offset before an unpadded first
// convolution, a padded hidden convolution.
FormModel color_nhwc_conv() {
    FormBuilder f("color_nhwc_conv", {-1, 16, 16, 3}, "", {16, 16, 3}, 107);
    auto& b = f.b();
    f.op("Transpose", {f.x}, {{"perm", Attribute::of_ints({0, 3, 1, 2})}});
    f.op("Sub", {f.x, f.scalar(0.5f)});
    std::string in = f.x;
    f.op("Conv",
         {in, b.node("BipolarQuant", {f.constant(f.signs({8, 3, 3, 3}, false)), f.scalar(1)}, {},
                     kQonnx)},
         {{"kernel_shape", Attribute::of_ints({3, 3})}});
    f.batchnorm(1);
    f.op("BipolarQuant", {f.x, f.scalar(1)}, {}, kQonnx);
    f.op("MaxPool", {f.x},
         {{"kernel_shape", Attribute::of_ints({2, 2})}, {"strides", Attribute::of_ints({2, 2})}});
    in = f.x;
    f.op(
        "Conv",
        {in, b.node("BipolarQuant", {f.constant(f.signs({8, 8, 3, 3}, false)), f.scalar(1)}, {},
                    kQonnx)},
        {{"kernel_shape", Attribute::of_ints({3, 3})}, {"pads", Attribute::of_ints({1, 1, 1, 1})}});
    f.batchnorm(1);
    f.op("BipolarQuant", {f.x, f.scalar(1)}, {}, kQonnx);
    f.op("Flatten", {f.x});
    in = f.x;
    f.op("MatMul", {in, b.node("BipolarQuant", {f.constant(f.signs({392, 10}, false)), f.scalar(1)},
                               {}, kQonnx)});
    Tensor a = Tensor::zeros({10});
    for (float& v : a.data) v = f.uniform(0.05f, 0.2f);
    f.op("Mul", {f.x, f.constant(a)});
    return f.finish({-1, 10},
                    "NHWC [N,16,16,3] input with a Transpose to NCHW; an input offset (Sub 0.5) "
                    "before an unpadded first Conv; a padded hidden Conv",
                    false);
}

// Fashion-MNIST's centre 16x16 as three channels (p, 255 - p, 3p mod 256), CHW or HWC.
Images color_images(uint32_t n, bool hwc) {
    const Images gray = test_images(n);
    Images im;
    im.count = gray.count;
    im.dims = hwc ? std::vector<int64_t>{16, 16, 3} : std::vector<int64_t>{3, 16, 16};
    im.pixels.resize(size_t(im.count) * 768);
    for (uint32_t i = 0; i < im.count; ++i)
        for (int y = 0; y < 16; ++y)
            for (int x = 0; x < 16; ++x) {
                const uint8_t p = gray.pixels[size_t(i) * 784 + size_t((y + 6) * 28 + x + 6)];
                const uint8_t ch[3] = {p, uint8_t(255 - p), uint8_t((3 * p) % 256)};
                for (int c = 0; c < 3; ++c)
                    im.pixels[size_t(i) * 768 +
                              size_t(hwc ? (y * 16 + x) * 3 + c : (c * 16 + y) * 16 + x)] = ch[c];
            }
    return im;
}

} // namespace

Images form_images(const FormModel& m, uint32_t n) {
    if (m.image_dims == std::vector<int64_t>{3, 16, 16}) return color_images(n, false);
    if (m.image_dims == std::vector<int64_t>{16, 16, 3}) return color_images(n, true);
    Images im = test_images(n);
    im.dims = m.image_dims;
    return im;
}

std::vector<std::string> hand_built_form_names() {
    return {"brevitas_tfc", "brevitas_cnv",       "finn_tfc",       "finn_cnv_nhwc",
            "tnn_variants", "color_affine_dense", "color_nhwc_conv"};
}

FormModel hand_built_form(const std::string& name) {
    if (name == "brevitas_tfc") return brevitas_tfc();
    if (name == "brevitas_cnv") return brevitas_cnv();
    if (name == "finn_tfc") return finn_tfc();
    if (name == "finn_cnv_nhwc") return finn_cnv_nhwc();
    if (name == "tnn_variants") return tnn_variants();
    if (name == "color_affine_dense") return color_affine_dense();
    if (name == "color_nhwc_conv") return color_nhwc_conv();
    throw std::runtime_error("no hand-built form '" + name + "'");
}

} // namespace compilertest
