#include "tests/compiler/model_forms.h"

#include "cimx/eval/model_eval.h"
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/graph_builder.h"
#include "compiler/qonnx/input_scale.h"
#include "compiler/qonnx/op_registry.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <stdexcept>

namespace compilertest {
namespace {

using qonnx::Attribute;
using qonnx::Tensor;

// cimx train's MLP form, read back: per layer the {-1,0,+1} weights [in, out] and, for hidden
// layers, the batch norm and quantizer nodes; the output layer's Mul and Add constants.
struct OurLayer {
    Tensor w;
    const qonnx::Node* bn = nullptr;
    const qonnx::Node* act = nullptr;
};
struct OurMlp {
    std::vector<OurLayer> layers;
    Tensor mul, add;
    std::vector<int64_t> input; // [1, H, W]
    bool ternary = false;
};

const Tensor& init(const qonnx::Graph& g, const std::string& name) {
    const Tensor* t = g.initializer(name);
    if (!t) throw std::runtime_error("model_forms: '" + name + "' is not an initializer");
    return *t;
}

// The node's output on constant inputs, with the executor's kernel.
Tensor run_node(const qonnx::Graph& g, const qonnx::Node& n) {
    std::vector<const Tensor*> args;
    for (const auto& i : n.inputs) args.push_back(&init(g, i));
    return qonnx::find_op(n)->run(n, args)[0];
}

OurMlp parse_mlp(const qonnx::Graph& g) {
    OurMlp m;
    m.input.assign(g.inputs.at(0).shape.begin() + 1, g.inputs.at(0).shape.end());
    for (const qonnx::Node& n : g.nodes) {
        if (n.op_type == "MatMul") {
            OurLayer l;
            const qonnx::Node* q = g.producer_of(n.inputs[1]);
            l.w = q ? run_node(g, *q) : init(g, n.inputs[1]);
            for (float v : l.w.data) m.ternary = m.ternary || v == 0;
            m.layers.push_back(l);
        } else if (n.op_type == "BatchNormalization") {
            m.layers.back().bn = &n;
        } else if (n.op_type == "Mul") {
            m.mul = init(g, n.inputs[1]);
        } else if (n.op_type == "Add") {
            m.add = init(g, n.inputs[1]);
        } else if (n.op_type == "BipolarQuant" || n.op_type == "Quant") {
            if (g.producer_of(n.inputs[0]) &&
                g.producer_of(n.inputs[0])->op_type == "BatchNormalization")
                m.layers.back().act = &n;
        } else if (n.op_type != "Flatten") {
            throw std::runtime_error("model_forms: not cimx train's MLP form: " + n.describe());
        }
    }
    return m;
}

Tensor scalar_i64(int64_t v) { return Tensor({1}, {float(v)}, qonnx::ElemType::Int64); }

class Rewriter {
  public:
    Rewriter(const qonnx::Graph& ours, const char* name, uint64_t seed)
        : g_(ours), m_(parse_mlp(ours)), b_(name), rng_(seed) {}

    float uniform(float lo, float hi) {
        return std::uniform_real_distribution<float>(lo, hi)(rng_);
    }

    qonnx::Graph brevitas() {
        const char* dom = "onnx.brevitas";
        std::string x = b_.input("inp.1", {1, m_.input[0], m_.input[1], m_.input[2]});
        const std::string shape = b_.node(
            "Constant", {},
            {{"value", Attribute::of_tensor(Tensor({2}, {1, -1}, qonnx::ElemType::Int64))}});
        x = b_.node("Reshape", {x, shape}, {}, "", "Reshape_0");
        // 8-bit unsigned input quantizer of scale 1/255: its codes are the pixels themselves.
        x = b_.node("Quant",
                    {x, b_.initializer("inp_scale", Tensor::scalar(1.0f / 255.0f)),
                     b_.initializer("zero", Tensor::scalar(0)),
                     b_.initializer("eight", Tensor::scalar(8))},
                    {{"signed", Attribute::of_int(0)},
                     {"narrow", Attribute::of_int(0)},
                     {"rounding_mode", Attribute::of_string("ROUND")}},
                    dom, "Quant_inp");
        for (size_t i = 0; i < m_.layers.size(); ++i) {
            const OurLayer& l = m_.layers[i];
            const int64_t in = l.w.dim(0), out = l.w.dim(1);
            const float s = std::ldexp(1.0f, int(rng_() % 4) - 2); // 1/4 .. 2, one per layer
            Tensor latent = Tensor::zeros({out, in}), scale = Tensor::zeros({out, 1});
            for (float& v : scale.data) v = s;
            for (int64_t o = 0; o < out; ++o)
                for (int64_t k = 0; k < in; ++k) {
                    const float w = l.w.data[size_t(k * out + o)];
                    latent.data[size_t(o * in + k)] =
                        m_.ternary ? s * (w + uniform(-0.4f, 0.4f)) : w * uniform(0.05f, 1.0f);
                }
            const std::string id = std::to_string(i);
            const std::string wl = b_.initializer("fc" + id + ".weight", latent);
            std::string wq;
            if (m_.ternary)
                wq = b_.node("Quant",
                             {wl, b_.initializer("fc" + id + ".scale", scale),
                              b_.initializer("fc" + id + ".zeropt", Tensor::zeros({out, 1})),
                              b_.initializer("two", Tensor::scalar(2))},
                             {{"signed", Attribute::of_int(1)},
                              {"narrow", Attribute::of_int(1)},
                              {"rounding_mode", Attribute::of_string("ROUND")}},
                             dom, "Quant_w" + id);
            else
                wq = b_.node("BipolarQuant", {wl, b_.initializer("fc" + id + ".scale", scale)}, {},
                             dom, "BipolarQuant_w" + id);
            wq = b_.node("Transpose", {wq}, {{"perm", Attribute::of_ints({1, 0})}}, "",
                         "Transpose_w" + id);
            x = b_.node("MatMul", {x, wq}, {}, "", "MatMul_" + id);
            if (!l.bn) { // the output layer: its scale divided by the weights'
                Tensor c = m_.mul;
                for (float& v : c.data) v /= s;
                x = b_.node("Mul", {x, b_.initializer("out.scale", c)}, {}, "", "Mul_out");
                x = b_.node("Add", {x, b_.initializer("out.bias", m_.add)}, {}, "", "Add_out");
                break;
            }
            x = batchnorm(x, *l.bn, s, i == 0, id);
            x = activation(x, *l.act, i, dom);
            if (i == 0) x = b_.node("Dropout", {x}, {}, "", "Dropout_0");
        }
        b_.output(x, {1, m_.layers.back().w.dim(1)});
        return b_.finish();
    }

    qonnx::Graph finn() {
        std::string x = b_.input("global_in", {1, m_.input[0], m_.input[1], m_.input[2]});
        x = b_.node("Transpose", {x}, {{"perm", Attribute::of_ints({0, 2, 3, 1})}}, "",
                    "Transpose_0");
        x = b_.node("Transpose", {x}, {{"perm", Attribute::of_ints({0, 3, 1, 2})}}, "",
                    "Transpose_1");
        x = b_.node("Reshape",
                    {x, b_.initializer("shape", Tensor({2}, {1, -1}, qonnx::ElemType::Int64))}, {},
                    "", "Reshape_0");
        x = b_.node("Div", {x, b_.initializer("div255", Tensor::scalar(255))}, {}, "", "Div_prep");
        const char* dom = "finn.custom_op.general";
        for (size_t i = 0; i < m_.layers.size(); ++i) {
            const OurLayer& l = m_.layers[i];
            const int64_t out = l.w.dim(1);
            const std::string id = std::to_string(i);
            Tensor w = l.w;
            std::vector<float> sign(size_t(out), 1.0f);
            Tensor t;
            if (l.bn) {
                sign = decreasing(l);
                t = thresholds(l, sign);
            }
            for (size_t k = 0; k < w.data.size(); ++k) w.data[k] *= sign[k % size_t(out)];
            const std::string wn = b_.initializer("W" + id, w);
            annotate(wn, m_.ternary ? "TERNARY" : "BIPOLAR");
            x = b_.node("MatMul", {x, wn}, {}, "", "MatMul_" + id);
            if (!l.bn) {
                x = b_.node("Mul", {x, b_.initializer("out_scale", m_.mul)}, {}, "", "Mul_out");
                x = b_.node("Add", {x, b_.initializer("out_bias", m_.add)}, {}, "", "Add_out");
                break;
            }
            const std::string tn = b_.initializer("T" + id, t);
            if (m_.ternary || i == 0) {
                x = b_.node(
                    "MultiThreshold", {x, tn},
                    {{"out_scale", Attribute::of_float(m_.ternary ? 1.0f : 2.0f)},
                     {"out_bias", Attribute::of_float(-1.0f)},
                     {"out_dtype", Attribute::of_string(m_.ternary ? "TERNARY" : "BIPOLAR")}},
                    dom, "MultiThreshold_" + id);
            } else { // {0, 1}, then Mul/Add to bipolar
                x = b_.node("MultiThreshold", {x, tn},
                            {{"out_dtype", Attribute::of_string("BINARY")}}, dom,
                            "MultiThreshold_" + id);
                x = b_.node("Mul", {x, b_.initializer("two", Tensor::scalar(2))}, {}, "",
                            "Mul_bipolar" + id);
                x = b_.node("Add", {x, b_.initializer("minus_one", Tensor::scalar(-1))}, {}, "",
                            "Add_bipolar" + id);
            }
            annotate(x, m_.ternary ? "TERNARY" : "BIPOLAR");
            if (i == 0) x = b_.node("Identity", {x}, {}, "", "Identity_0");
        }
        qonnx::Graph g = b_.finish();
        // TopK (k = 1) gives the class: its Indices output is the graph output.
        qonnx::Node top;
        top.name = "TopK_0";
        top.op_type = "TopK";
        top.inputs = {x, "K"};
        top.outputs = {"topk_values", "global_out"};
        top.attributes["axis"] = Attribute::of_int(-1);
        g.initializers["K"] = scalar_i64(1);
        g.nodes.push_back(top);
        qonnx::ValueInfo o;
        o.name = "global_out";
        o.type = qonnx::ElemType::Int64;
        o.shape = {1, 1};
        o.dim_params = {"", ""};
        g.outputs.push_back(o);
        g.annotations["global_in"]["finn_datatype"] = "UINT8";
        for (const auto& [k, v] : annotations_) g.annotations[k]["finn_datatype"] = v;
        return g;
    }

  private:
    // The batch norm for weights scaled by s (a power of two): statistics scaled so that its
    // output is bit for bit the original's.
    std::string batchnorm(const std::string& x, const qonnx::Node& bn, float s, bool unsqueeze,
                          const std::string& id) {
        const float s2 = s * s;
        Tensor mean = init(g_, bn.inputs[3]), var = init(g_, bn.inputs[4]);
        for (float& v : mean.data) v *= s;
        for (float& v : var.data) v *= s2;
        std::string y = x;
        const std::string axes = b_.initializer("axes2", scalar_i64(2));
        if (unsqueeze) y = b_.node("Unsqueeze", {y, axes}, {}, "", "Unsqueeze_" + id);
        y = b_.node("BatchNormalization",
                    {y, b_.initializer("bn" + id + ".weight", init(g_, bn.inputs[1])),
                     b_.initializer("bn" + id + ".bias", init(g_, bn.inputs[2])),
                     b_.initializer("bn" + id + ".running_mean", mean),
                     b_.initializer("bn" + id + ".running_var", var)},
                    {{"epsilon", Attribute::of_float(bn.attr_float("epsilon", 1e-5f) * s2)}}, "",
                    "BatchNormalization_" + id);
        if (unsqueeze) y = b_.node("Squeeze", {y, axes}, {}, "", "Squeeze_" + id);
        return y;
    }

    std::string activation(const std::string& x, const qonnx::Node& act, size_t i,
                           const char* dom) {
        const std::string one = b_.initializer("act.scale", Tensor::scalar(1));
        if (m_.ternary || i > 0) { // 2-bit narrow ternary, or a 1-bit signed Quant = bipolar
            return b_.node("Quant",
                           {x, one, b_.initializer("zero", Tensor::scalar(0)),
                            b_.initializer(m_.ternary ? "two" : "one_bit",
                                           Tensor::scalar(m_.ternary ? 2.0f : 1.0f))},
                           {{"signed", Attribute::of_int(1)},
                            {"narrow", Attribute::of_int(m_.ternary ? 1 : 0)},
                            {"rounding_mode", Attribute::of_string("ROUND")}},
                           dom, "Quant_act" + std::to_string(i));
        }
        (void)act;
        return b_.node("BipolarQuant", {x, one}, {}, dom, "BipolarQuant_act" + std::to_string(i));
    }

    // The original batch norm + quantizer on values v (one per channel).
    std::vector<float> activation_of(const OurLayer& l, const std::vector<float>& v) const {
        const int64_t m = int64_t(v.size());
        Tensor x({1, m}, v);
        for (const qonnx::Node* n : {l.bn, l.act}) {
            std::vector<const Tensor*> args = {&x};
            for (size_t i = 1; i < n->inputs.size(); ++i) args.push_back(&init(g_, n->inputs[i]));
            x = qonnx::find_op(*n)->run(*n, args)[0];
        }
        return x.data;
    }

    // Channels whose activation decreases with the pre-activation (gamma < 0) get their
    // weights negated, so that every MultiThreshold counts upwards.
    std::vector<float> decreasing(const OurLayer& l) const {
        const size_t m = size_t(l.w.dim(1));
        const auto lo = activation_of(l, std::vector<float>(m, -1e30f));
        const auto hi = activation_of(l, std::vector<float>(m, 1e30f));
        std::vector<float> sign(m, 1.0f);
        for (size_t c = 0; c < m; ++c) sign[c] = lo[c] > hi[c] ? -1.0f : 1.0f;
        return sign;
    }

    static int64_t key(float f) {
        int32_t b;
        std::memcpy(&b, &f, 4);
        return b >= 0 ? int64_t(b) : -int64_t(b & 0x7fffffff);
    }
    static float from_key(int64_t k) {
        const int32_t b = k >= 0 ? int32_t(k) : int32_t(uint32_t(-k) | 0x80000000u);
        float f;
        std::memcpy(&f, &b, 4);
        return f;
    }

    // Per channel and level (+1, or 0 and +1 for ternary), the smallest float v at which the
    // original activation of sign * v reaches the level: MultiThreshold counts v >= t.
    Tensor thresholds(const OurLayer& l, const std::vector<float>& sign) const {
        const int64_t m = l.w.dim(1);
        const std::vector<float> levels =
            m_.ternary ? std::vector<float>{0.0f, 1.0f} : std::vector<float>{1.0f};
        Tensor t = Tensor::zeros({m, int64_t(levels.size())});
        const float inf = std::numeric_limits<float>::infinity();
        for (size_t li = 0; li < levels.size(); ++li) {
            auto reaches = [&](const std::vector<float>& v) {
                std::vector<float> s(v.size());
                for (size_t c = 0; c < v.size(); ++c) s[c] = sign[c] * v[c];
                const auto a = activation_of(l, s);
                std::vector<char> r(v.size());
                for (size_t c = 0; c < v.size(); ++c) r[c] = a[c] >= levels[li];
                return r;
            };
            std::vector<int64_t> lo(size_t(m), key(-inf)), hi(size_t(m), key(inf));
            const auto at_lo = reaches(std::vector<float>(size_t(m), -inf));
            const auto at_hi = reaches(std::vector<float>(size_t(m), inf));
            for (int round = 0; round < 40; ++round) {
                std::vector<float> mid(static_cast<size_t>(m));
                for (size_t c = 0; c < size_t(m); ++c)
                    mid[c] = from_key(lo[c] + (hi[c] - lo[c]) / 2);
                const auto r = reaches(mid);
                for (size_t c = 0; c < size_t(m); ++c)
                    if (hi[c] - lo[c] > 1) (r[c] ? hi[c] : lo[c]) = key(mid[c]);
            }
            for (size_t c = 0; c < size_t(m); ++c)
                t.data[c * levels.size() + li] = at_lo[c]    ? -inf
                                                 : !at_hi[c] ? inf
                                                             : from_key(hi[c]);
        }
        return t;
    }

    void annotate(const std::string& tensor, const std::string& type) {
        annotations_[tensor] = type;
    }

    const qonnx::Graph& g_;
    OurMlp m_;
    qonnx::GraphBuilder b_;
    std::mt19937_64 rng_;
    std::map<std::string, std::string> annotations_;
};

} // namespace

qonnx::Graph brevitas_form(const qonnx::Graph& ours, uint64_t seed) {
    return Rewriter(ours, "brevitas_export", seed).brevitas();
}

qonnx::Graph finn_form(const qonnx::Graph& ours) {
    return Rewriter(ours, "finn_streamlined", 0).finn();
}

std::vector<uint16_t> eval_predictions(const qonnx::Graph& g, const Images& images,
                                       const std::string& input_scale) {
    const qonnx::InputScale s = qonnx::resolve_input_scale(g, input_scale, "model");
    cimx::Dataset d;
    d.count = images.count;
    d.shape = images.dims.empty() ? std::vector<int64_t>{images.rows, images.cols} : images.dims;
    int64_t n = 1;
    for (int64_t v : d.shape) n *= v;
    d.rows = 1, d.cols = n;
    d.scale = s.value;
    for (uint8_t p : images.pixels) d.images.push_back(float(p) * s.value);
    d.labels.assign(images.count, 0);
    const cimx::EvalResult r = cimx::evaluate_model(qonnx::Executor(g), d, 0, 64, 2);
    return std::vector<uint16_t>(r.predictions.begin(), r.predictions.end());
}

void write_npy(const Images& images, const std::string& path) {
    std::vector<int64_t> dims = {images.count};
    if (images.dims.empty())
        dims.insert(dims.end(), {images.rows, images.cols});
    else
        dims.insert(dims.end(), images.dims.begin(), images.dims.end());
    std::string shape = "(";
    for (int64_t d : dims) shape += std::to_string(d) + ", ";
    std::string header = "{'descr': '|u1', 'fortran_order': False, 'shape': " + shape + "), }";
    while ((10 + header.size() + 1) % 64) header += ' ';
    header += '\n';
    std::string out = "\x93NUMPY";
    out += char(1), out += char(0);
    out += char(header.size() & 0xff), out += char(header.size() >> 8);
    out += header;
    out.append(reinterpret_cast<const char*>(images.pixels.data()), images.pixels.size());
    std::ofstream(path, std::ios::binary) << out;
}

} // namespace compilertest
