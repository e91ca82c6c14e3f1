#include "compiler/import/import_qonnx.h"

#include "compiler/import/constant_folding.h"
#include "compiler/ir/error.h"
#include "compiler/passes/shape_inference.h"
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/onnx_io.h"
#include "compiler/qonnx/validate.h"

#include <cmath>
#include <set>

namespace cimc {
namespace {

bool is_op(const qonnx::Node& n, const char* op) { return n.op_type == op; }

bool is_quantizer(const qonnx::Node& n) {
    return qonnx::is_qonnx_domain(n.domain) && (is_op(n, "BipolarQuant") || is_op(n, "Quant") ||
                                                is_op(n, "IntQuant") || is_op(n, "MultiThreshold"));
}

bool is_elementwise(const qonnx::Node& n) {
    return qonnx::is_onnx_domain(n.domain) &&
           (is_op(n, "BatchNormalization") || is_op(n, "Mul") || is_op(n, "Add") ||
            is_op(n, "Sub") || is_op(n, "Div"));
}

bool is_linear(const qonnx::Node& n) {
    return qonnx::is_onnx_domain(n.domain) &&
           (is_op(n, "MatMul") || is_op(n, "Gemm") || is_op(n, "Conv"));
}

std::string fmt(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", double(v));
    return buf;
}

class Importer {
  public:
    Importer(const qonnx::Graph& g, std::string origin)
        : g_(g), origin_(std::move(origin)), consts_(g) {}

    Network run() {
        check_io();
        net_.model_path = origin_;
        net_.name = g_.name;
        net_.input = input_shape(g_.inputs[0], origin_);
        current_ = g_.inputs[0].name;
        shape_ = net_.input;
        for (const qonnx::Node& n : g_.nodes)
            if (!consts_.try_fold(n)) step(n);
        finish();
        return net_;
    }

  private:
    [[noreturn]] void fail(const qonnx::Node& n, const std::string& why) const {
        throw CompileError(origin_ + ": " + n.describe() + ": " + why);
    }

    void check_io() const {
        if (g_.inputs.size() != 1 || g_.outputs.size() != 1)
            throw CompileError(origin_ + ": the model has " + std::to_string(g_.inputs.size()) +
                               " inputs and " + std::to_string(g_.outputs.size()) +
                               " outputs; expected one of each");
    }

    // The node's one non-constant input, which must be the tensor the chain has reached.
    void check_data_input(const qonnx::Node& n) {
        int data = 0;
        for (const auto& name : n.inputs) {
            if (name.empty() || consts_.has(name)) continue;
            ++data;
            if (name != current_)
                fail(n, "reads '" + name +
                            "', which is not on the network's main path (branching graphs are not "
                            "supported)");
        }
        if (data != 1)
            fail(n, "reads the activations " + std::to_string(data) + " times; expected once");
        if (!consumed_.insert(current_).second)
            fail(n, "tensor '" + current_ +
                        "' feeds several nodes (branching graphs are not supported)");
    }

    void step(const qonnx::Node& n) {
        check_data_input(n);
        if (n.outputs.size() != 1)
            fail(n, "has " + std::to_string(n.outputs.size()) + " outputs; expected one");
        if (is_op(n, "Identity")) {
        } else if (accum_) {
            on_accumulator(n);
        } else {
            on_features(n);
        }
        current_ = n.outputs[0];
    }

    void on_features(const qonnx::Node& n) {
        if (is_linear(n)) return start_layer(n);
        if (is_op(n, "Flatten")) {
            if (n.attr_int("axis", 1) != 1)
                fail(n,
                     "axis=" + std::to_string(n.attr_int("axis", 1)) + " is not supported (use 1)");
            shape_ = flatten(shape_);
            return;
        }
        if (is_op(n, "Reshape")) return reshape(n);
        if (is_op(n, "MaxPool")) {
            if (net_.layers.empty()) fail(n, "pooling the raw input image is not supported");
            return add_pool(n, -1);
        }
        if (is_quantizer(n))
            fail(n, net_.layers.empty()
                        ? "quantizing the raw input image is not supported (the first layer takes "
                          "integer pixels)"
                        : "a second quantizer on already quantized activations is not supported");
        fail(n, "not supported here; expected Flatten, Reshape, MaxPool or MatMul/Gemm/Conv");
    }

    void on_accumulator(const qonnx::Node& n) {
        Layer& l = net_.layers.back();
        if (is_elementwise(n)) return add_epilogue(n);
        if (is_op(n, "MaxPool")) return add_pool(n, static_cast<int>(l.epilogue.size()));
        if (is_quantizer(n)) {
            l.activation = quantizer_alphabet(n);
            l.has_quantizer = true;
            add_epilogue(n);
            alphabet_ = l.activation;
            accum_ = false;
            return;
        }
        if (is_linear(n))
            fail(n, "follows " + l.node +
                        " with no activation (quantizer) between them; not supported");
        fail(n, "not supported between " + l.node +
                    " and its activation; expected BatchNormalization, Mul, Add, Sub, Div, MaxPool "
                    "or a quantizer");
    }

    void add_epilogue(const qonnx::Node& n) {
        Layer& l = net_.layers.back();
        for (const auto& name : n.inputs)
            if (!name.empty() && consts_.has(name)) l.constants[name] = consts_.get(name);
        l.epilogue.push_back(n);
    }

    void reshape(const qonnx::Node& n) {
        const qonnx::Tensor& spec = consts_.get(n.inputs.at(1));
        const int64_t f = shape_.size();
        bool ok = spec.numel() == 2;
        if (ok) {
            const float a = spec.data[0], b = spec.data[1];
            ok = (a == 0 || a == -1) && (b == float(f) || (b == -1 && a == 0));
        }
        if (!ok)
            fail(n, "only a reshape to [N, " + std::to_string(f) + "] (a flatten) is supported");
        shape_ = flatten(shape_);
    }

    PoolGeometry pool_geometry(const qonnx::Node& n) const {
        const auto k = n.attr_ints("kernel_shape", {});
        const auto s = n.attr_ints("strides", {1, 1});
        const auto p = n.attr_ints("pads", {0, 0, 0, 0});
        if (k.size() != 2 || s.size() != 2 || p.size() != 4)
            fail(n, "only 2-D pooling is supported");
        if (n.attr_ints("dilations", {1, 1}) != std::vector<int64_t>{1, 1})
            fail(n, "dilated pooling is not supported");
        if (n.attr_string("auto_pad", "NOTSET") != "NOTSET")
            fail(n, "auto_pad is not supported (use pads)");
        if (k[0] < 1 || k[1] < 1 || s[0] < 1 || s[1] < 1 || p[0] < 0 || p[1] < 0 || p[2] < 0 ||
            p[3] < 0)
            fail(n, "kernel and strides must be >= 1 and pads >= 0");
        PoolGeometry g;
        g.kh = k[0], g.kw = k[1], g.sh = s[0], g.sw = s[1];
        g.pad_top = p[0], g.pad_left = p[1], g.pad_bottom = p[2], g.pad_right = p[3];
        g.ceil_mode = n.attr_int("ceil_mode", 0) != 0;
        return g;
    }

    void add_pool(const qonnx::Node& n, int epilogue_index) {
        Pool p;
        p.node = n.describe();
        p.geom = pool_geometry(n);
        p.epilogue_index = epilogue_index;
        p.in = shape_;
        p.out = shape_ = pool_output(origin_ + ": " + p.node, shape_, p.geom);
        net_.layers.back().pools.push_back(p);
        net_.layers.back().final_out = shape_;
    }

    Alphabet quantizer_alphabet(const qonnx::Node& n) const {
        if (is_op(n, "BipolarQuant")) return Alphabet::Binary;
        if (is_op(n, "MultiThreshold")) {
            const qonnx::Tensor& t = consts_.get(n.inputs.at(1));
            const int64_t steps = t.rank() == 2 ? t.dim(1) : 0;
            if (steps == 1) return Alphabet::Binary;
            if (steps == 2) return Alphabet::Ternary;
            fail(n,
                 std::to_string(steps) +
                     " threshold steps: only binary (1) or ternary (2) activations are supported");
        }
        const qonnx::Tensor& bits = consts_.get(n.inputs.at(3));
        const bool is_signed = n.attr_int("signed", 1) != 0, narrow = n.attr_int("narrow", 0) != 0;
        if (bits.numel() == 1 && bits.data[0] == 1 && is_signed) return Alphabet::Binary;
        if (bits.numel() == 1 && bits.data[0] == 2 && is_signed && narrow) return Alphabet::Ternary;
        fail(n, "bitwidth " + (bits.numel() == 1 ? fmt(bits.data[0]) : std::string("?")) +
                    (is_signed ? " signed" : " unsigned") + (narrow ? " narrow" : "") +
                    ": activations must be binary (BipolarQuant, 1-bit Quant) or ternary (2-bit "
                    "signed narrow "
                    "Quant)");
    }

    const qonnx::Tensor& constant_input(const qonnx::Node& n, size_t i, const char* what) const {
        if (i >= n.inputs.size() || n.inputs[i].empty() || !consts_.has(n.inputs[i]))
            fail(n, std::string(what) + " must be constant (an initializer or a quantizer of one)");
        return consts_.get(n.inputs[i]);
    }

    // Values in {-1,+1} are binary, in {-1,0,+1} ternary; anything else cannot be stored.
    Alphabet weight_alphabet(const qonnx::Node& n, const std::vector<int8_t>& w,
                             const qonnx::Tensor& t) const {
        bool zero = false;
        for (float v : t.data) {
            if (v != -1.0f && v != 0.0f && v != 1.0f)
                fail(n,
                     "weights are not binary/ternary (found " + fmt(v) +
                         "); quantize them with BipolarQuant or a 2-bit narrow Quant of scale 1");
            zero = zero || v == 0.0f;
        }
        (void)w;
        return zero ? Alphabet::Ternary : Alphabet::Binary;
    }

    void start_layer(const qonnx::Node& n) {
        Layer l;
        l.node = n.describe();
        l.op_type = n.op_type;
        l.input = alphabet_;
        if (n.inputs.at(0) != current_) fail(n, "the activations must be the first input");
        if (is_op(n, "Conv"))
            conv_layer(n, l);
        else
            dense_layer(n, l);
        net_.layers.push_back(std::move(l));
        accum_ = true;
    }

    void dense_layer(const qonnx::Node& n, Layer& l) {
        const qonnx::Tensor& w = constant_input(n, 1, "weights (input B)");
        if (w.rank() != 2) fail(n, "weights must be 2-D, got " + qonnx::shape_string(w.shape));
        const bool gemm = is_op(n, "Gemm");
        if (gemm && n.attr_int("transA", 0) != 0) fail(n, "transA=1 is not supported");
        if (gemm && n.attr_float("alpha", 1.0f) != 1.0f) fail(n, "alpha != 1 is not supported");
        const bool tb = gemm && n.attr_int("transB", 0) != 0;
        l.outputs = tb ? w.dim(0) : w.dim(1);
        l.fan_in = tb ? w.dim(1) : w.dim(0);
        check_dense_input(origin_ + ": " + l.node, shape_, l.fan_in);
        l.w.resize(size_t(l.outputs * l.fan_in));
        for (int64_t o = 0; o < l.outputs; ++o)
            for (int64_t k = 0; k < l.fan_in; ++k)
                l.w[size_t(o * l.fan_in + k)] =
                    int8_t(w.data[size_t(tb ? o * l.fan_in + k : k * l.outputs + o)]);
        l.weights = weight_alphabet(n, l.w, w);
        l.in = shape_;
        shape_ = l.out = l.final_out = FeatureShape{l.outputs, 1, 1, false, false};
        if (gemm && n.inputs.size() > 2 && !n.inputs[2].empty()) {
            const qonnx::Tensor& c = constant_input(n, 2, "bias (input C)");
            if (c.numel() != l.outputs && c.numel() != 1)
                fail(n, "bias C of shape " + qonnx::shape_string(c.shape) + " is not per output");
            qonnx::Tensor bc = c;
            const float beta = n.attr_float("beta", 1.0f);
            for (float& v : bc.data) v = beta * v; // the executor adds beta * C in float
            add_bias(l, n, std::move(bc));
        }
    }

    ConvGeometry conv_geometry(const qonnx::Node& n, const qonnx::Tensor& w) const {
        if (n.attr_int("group", 1) != 1)
            fail(n, "group=" + std::to_string(n.attr_int("group", 1)) + " is not supported");
        const std::string ap = n.attr_string("auto_pad", "NOTSET");
        if (ap != "NOTSET" && ap != "VALID")
            fail(n, "auto_pad=" + ap + " is not supported (use pads)");
        const auto s = n.attr_ints("strides", {1, 1});
        const auto d = n.attr_ints("dilations", {1, 1});
        const auto p = n.attr_ints("pads", {0, 0, 0, 0});
        const auto k = n.attr_ints("kernel_shape", {w.dim(2), w.dim(3)});
        if (s.size() != 2 || d.size() != 2 || p.size() != 4)
            fail(n, "only 2-D convolutions are supported");
        if (k != std::vector<int64_t>{w.dim(2), w.dim(3)})
            fail(n, "kernel_shape differs from the weights' shape " + qonnx::shape_string(w.shape));
        ConvGeometry g;
        g.kh = w.dim(2), g.kw = w.dim(3), g.sh = s[0], g.sw = s[1], g.dh = d[0], g.dw = d[1];
        g.pad_top = p[0], g.pad_left = p[1], g.pad_bottom = p[2], g.pad_right = p[3];
        if (g.sh < 1 || g.sw < 1 || g.dh < 1 || g.dw < 1 || p[0] < 0 || p[1] < 0 || p[2] < 0 ||
            p[3] < 0)
            fail(n, "strides and dilations must be >= 1 and pads >= 0");
        return g;
    }

    void conv_layer(const qonnx::Node& n, Layer& l) {
        const qonnx::Tensor& w = constant_input(n, 1, "weights (input W)");
        if (w.rank() != 4)
            fail(n, "only 2-D convolutions are supported (W of shape " +
                        qonnx::shape_string(w.shape) + ")");
        l.conv = true;
        l.geom = conv_geometry(n, w);
        l.outputs = w.dim(0);
        l.fan_in = w.dim(1) * w.dim(2) * w.dim(3);
        l.in = shape_;
        shape_ = l.out = l.final_out =
            conv_output(origin_ + ": " + l.node, shape_, w.dim(1), l.outputs, l.geom);
        l.w.resize(w.data.size());
        for (size_t i = 0; i < w.data.size(); ++i) l.w[i] = int8_t(w.data[i]);
        l.weights = weight_alphabet(n, l.w, w);
        if (n.inputs.size() > 2 && !n.inputs[2].empty()) {
            qonnx::Tensor b = constant_input(n, 2, "bias (input B)");
            if (b.numel() != l.outputs)
                fail(n, "bias has " + std::to_string(b.numel()) + " values for " +
                            std::to_string(l.outputs) + " output channels");
            b.shape = {l.outputs, 1, 1}; // per channel of the [N, M, H, W] output
            add_bias(l, n, std::move(b));
        }
    }

    // The linear operator's bias as an Add node at the head of the epilogue (same float add).
    void add_bias(Layer& l, const qonnx::Node& n, qonnx::Tensor bias) {
        const std::string name = n.name + ":bias";
        l.constants[name] = std::move(bias);
        qonnx::Node add;
        add.name = name;
        add.op_type = "Add";
        add.inputs = {n.outputs[0], name};
        add.outputs = {name + ":out"};
        l.epilogue.push_back(add);
    }

    void finish() {
        const std::string& out = g_.outputs[0].name;
        if (net_.layers.empty())
            throw CompileError(origin_ + ": the model has no MatMul/Gemm/Conv layer");
        if (out != current_)
            throw CompileError(origin_ + ": graph output '" + out +
                               "' is not the end of the layer chain ('" + current_ + "')");
        Layer& last = net_.layers.back();
        if (!accum_)
            throw CompileError(
                origin_ +
                ": the graph output is a quantized activation; expected real-valued logits "
                "from a last MatMul/Gemm");
        if (last.conv || !last.pools.empty())
            throw CompileError(origin_ + ": " + last.node +
                               ": the last layer must be a dense layer (logits)");
        net_.classes = last.outputs;
        if (net_.classes > 65535) throw CompileError(origin_ + ": too many classes");
    }

    const qonnx::Graph& g_;
    std::string origin_;
    Constants consts_;
    Network net_;
    std::string current_;
    FeatureShape shape_;
    Alphabet alphabet_ = Alphabet::Real;
    bool accum_ = false;
    std::set<std::string> consumed_;
};

} // namespace

Network import_graph(const qonnx::Graph& graph, const std::string& origin) {
    try {
        qonnx::validate_graph(graph);
    } catch (const qonnx::QonnxError& e) {
        throw CompileError(origin + ": " + e.what());
    }
    return Importer(graph, origin).run();
}

Network import_qonnx(const std::string& path) {
    qonnx::Graph g;
    try {
        g = qonnx::read_model(path);
    } catch (const qonnx::QonnxError& e) {
        throw CompileError(e.what());
    }
    return import_graph(g, path);
}

} // namespace cimc
