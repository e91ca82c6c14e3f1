#include "compiler/import/import_qonnx.h"

#include "compiler/import/constant_folding.h"
#include "compiler/import/tensor_view.h"
#include "compiler/import/threshold_dtype.h"
#include "compiler/import/weights.h"
#include "compiler/ir/error.h"
#include "compiler/passes/shape_inference.h"
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/onnx_io.h"
#include "compiler/qonnx/op_registry.h"
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

bool onnx_op(const qonnx::Node& n, std::initializer_list<const char*> ops) {
    if (!qonnx::is_onnx_domain(n.domain)) return false;
    for (const char* op : ops)
        if (n.op_type == op) return true;
    return false;
}

bool is_value_op(const qonnx::Node& n) {
    return onnx_op(n, {"BatchNormalization", "Mul", "Add", "Sub", "Div"});
}
bool is_view_op(const qonnx::Node& n) {
    return onnx_op(
        n, {"Identity", "Dropout", "Transpose", "Reshape", "Flatten", "Unsqueeze", "Squeeze"});
}
bool is_linear(const qonnx::Node& n) { return onnx_op(n, {"MatMul", "Gemm", "Conv"}); }
bool is_class_op(const qonnx::Node& n) { return onnx_op(n, {"ArgMax", "TopK"}); }

// What would make an unsupported operator compile, where we can say.
std::string hint(const qonnx::Node& n) {
    if (onnx_op(n, {"Relu", "Sigmoid", "Tanh", "HardTanh", "Clip"}))
        return "; binary/ternary layers need a quantizer (BipolarQuant, Quant, MultiThreshold) as "
               "their activation";
    if (onnx_op(n, {"Softmax", "LogSoftmax"}))
        return "; remove it (it does not change the class) or end in ArgMax/TopK";
    if (onnx_op(n, {"AveragePool", "GlobalAveragePool", "GlobalMaxPool"}))
        return "; only MaxPool is supported";
    if (onnx_op(n, {"Shape", "Gather", "Concat", "Cast"}))
        return "; fold the shape computation to a constant (e.g. qonnx's cleanup or export with a "
               "fixed batch size)";
    return "";
}

class Importer {
  public:
    Importer(const qonnx::Graph& g, std::string origin)
        : g_(g), origin_(std::move(origin)), consts_(g) {}

    Network run() {
        check_io();
        net_.model_path = origin_;
        net_.name = g_.name;
        declare_input();
        current_ = g_.inputs[0].name;
        for (const qonnx::Node& n : g_.nodes)
            if (!consts_.try_fold(n)) step(n);
        finish();
        return net_;
    }

  private:
    [[noreturn]] void fail(const qonnx::Node& n, const std::string& why) const {
        throw CompileError(origin_ + ": " + n.describe() + ": " + why,
                           n.name.empty() && !n.outputs.empty() ? n.outputs[0] : n.name, n.op_type,
                           why);
    }
    [[noreturn]] void fail_model(const std::string& why) const {
        throw CompileError(origin_ + ": " + why, "", "", why);
    }

    void check_io() const {
        if (g_.inputs.size() != 1 || g_.outputs.size() != 1)
            fail_model("the model has " + std::to_string(g_.inputs.size()) + " inputs and " +
                       std::to_string(g_.outputs.size()) + " outputs; expected one of each");
    }

    void declare_input() {
        const qonnx::ValueInfo& in = g_.inputs[0];
        net_.input = input_shape(in, origin_);
        net_.input_dims.assign(in.shape.begin() + 1, in.shape.end());
        batch_ = in.shape[0];
        view_ = TensorView::input(net_.input_dims);
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
        if (is_quantizer(n) && is_op(n, "MultiThreshold")) check_out_dtype(n);
        const bool topk = is_op(n, "TopK") && qonnx::is_onnx_domain(n.domain);
        if (n.outputs.size() != 1 && !topk && !is_op(n, "Dropout"))
            fail(n, "has " + std::to_string(n.outputs.size()) + " outputs; expected one");
        if (classified_) {
            if (!onnx_op(n, {"Identity", "Squeeze", "Unsqueeze", "Reshape", "Flatten"}))
                fail(n, "follows " + net_.class_output +
                            ", which gives the class; nothing but shape operators may follow it");
        } else if (is_view_op(n)) {
            apply_view(n);
        } else if (net_.layers.empty()) {
            on_input(n);
        } else {
            on_layer(n);
        }
        current_ = topk ? n.outputs.at(1) : n.outputs[0];
    }

    void check_out_dtype(const qonnx::Node& n) const {
        const std::string dtype = n.attr_string("out_dtype", "");
        if (dtype.empty() || n.inputs.size() < 2 || !consts_.has(n.inputs[1])) return;
        const qonnx::Tensor& t = consts_.get(n.inputs[1]);
        if (t.rank() != 2) return; // the executor reports it
        const std::string why = threshold_dtype_problem(dtype, n.attr_float("out_scale", 1.0f),
                                                        n.attr_float("out_bias", 0.0f), t.dim(1));
        if (!why.empty()) fail(n, why);
    }

    // --- shape-only nodes -----------------------------------------------------------------

    std::vector<int64_t> axes_input(const qonnx::Node& n) const {
        if (n.inputs.size() > 1 && !n.inputs[1].empty()) {
            std::vector<int64_t> axes;
            for (float v : consts_.get(n.inputs[1]).data) axes.push_back(int64_t(v));
            return axes;
        }
        return n.attr_ints("axes", {});
    }

    void apply_view(const qonnx::Node& n) {
        std::string why;
        if (is_op(n, "Transpose")) {
            std::vector<int64_t> perm;
            for (int64_t i = int64_t(view_.rank()); i >= 0; --i) perm.push_back(i);
            why = view_.transpose(n.attr_ints("perm", perm));
        } else if (is_op(n, "Unsqueeze")) {
            why = view_.unsqueeze(axes_input(n));
        } else if (is_op(n, "Squeeze")) {
            why = view_.squeeze(axes_input(n));
        } else if (is_op(n, "Flatten")) {
            if (n.attr_int("axis", 1) != 1)
                fail(n, "axis=" + std::to_string(n.attr_int("axis", 1)) +
                            " is not supported (use 1: [N, features])");
            view_.flatten();
        } else if (is_op(n, "Reshape")) {
            if (n.attr_int("allowzero", 0) != 0) fail(n, "allowzero=1 is not supported");
            std::vector<int64_t> target;
            for (float v : consts_.get(n.inputs.at(1)).data) target.push_back(int64_t(v));
            why = view_.reshape(target, batch_);
        }
        if (!why.empty()) fail(n, why + " (tensor " + view_.str() + " per image)");
    }

    // --- before the first linear operator: the input stage -------------------------------

    void on_input(const qonnx::Node& n) {
        if (is_linear(n)) return start_layer(n);
        if (is_value_op(n) || is_quantizer(n)) return add_input_op(n);
        if (onnx_op(n, {"MaxPool"})) fail(n, "pooling the raw input image is not supported");
        if (is_class_op(n)) fail(n, "the model has no MatMul/Gemm/Conv layer before it");
        fail(n, unsupported(n) +
                    "; before the first layer only Mul, Div, Add, Sub, "
                    "BatchNormalization by constants, a quantizer and shape "
                    "operators are supported" +
                    hint(n));
    }

    static std::string unsupported(const qonnx::Node& n) {
        return "operator " + n.op_type +
               (n.domain.empty() ? std::string() : " (domain " + n.domain + ")") +
               " is not supported here";
    }

    // The declared input axis the node's constants vary on, or -1 for scalars.
    int varying_role(const qonnx::Node& n) const {
        const std::vector<int64_t> full = [&] {
            std::vector<int64_t> f = {1};
            f.insert(f.end(), view_.dims().begin(), view_.dims().end());
            return f;
        }();
        std::set<int64_t> axes; // tensor axes (0 = N) along which a constant varies
        if (is_op(n, "BatchNormalization")) {
            for (size_t i = 1; i < n.inputs.size(); ++i)
                if (consts_.get(n.inputs[i]).numel() > 1) axes.insert(1);
        } else if (is_op(n, "MultiThreshold")) {
            const qonnx::Tensor& t = consts_.get(n.inputs.at(1));
            const bool last = (full.size() != 2 && full.size() != 4) ||
                              (full.size() == 4 && n.attr_string("data_layout", "NCHW") == "NHWC");
            if (t.rank() == 2 && t.dim(0) > 1) axes.insert(last ? int64_t(full.size()) - 1 : 1);
        } else {
            for (const auto& name : n.inputs) {
                if (name.empty() || !consts_.has(name)) continue;
                const qonnx::Tensor& c = consts_.get(name);
                const int64_t lead = int64_t(full.size()) - c.rank();
                for (int64_t i = 0; i < c.rank(); ++i)
                    if (c.dim(i) > 1) axes.insert(lead + i);
            }
        }
        if (axes.empty()) return -1;
        if (axes.size() > 1 || *axes.begin() < 1)
            fail(n, "its constants vary along more than one axis of " + view_.str() +
                        "; only scalars or one value per channel are supported");
        const int role = view_.roles().at(size_t(*axes.begin() - 1));
        if (role < 0 || role >= TensorView::kChannel)
            fail(n, "its constants vary along the features of a flattened input; only scalars or "
                    "one value per image channel are supported (put them before the Flatten)");
        return role;
    }

    void add_input_op(const qonnx::Node& n) {
        InputStage& st = net_.input_stage;
        const int role = varying_role(n);
        if (role >= 0) {
            if (input_role_ >= 0 && role != input_role_)
                fail(n, "its constants vary along another input axis than the earlier nodes'; "
                        "one value per channel of one axis is supported");
            input_role_ = role;
        }
        for (const auto& name : n.inputs)
            if (!name.empty() && consts_.has(name)) st.constants[name] = consts_.get(name);
        if (is_quantizer(n) && st.quantizer.empty()) st.quantizer = n.describe();
        if (!is_quantizer(n) && !st.quantizer.empty() && st.tail_after_quantizer.empty())
            st.tail_after_quantizer = n.describe();
        st.ops.push_back(ChannelOp{n, {}});
        input_views_.push_back(view_);
    }

    // The input ops' shapes, once the axis their constants vary on is known.
    void close_input_stage() {
        InputStage& st = net_.input_stage;
        st.channels = input_role_ >= 0 ? net_.input_dims[size_t(input_role_)] : 1;
        st.lut_stride = 1;
        for (size_t i = size_t(std::max(input_role_, 0)) + 1; i < net_.input_dims.size(); ++i)
            st.lut_stride *= net_.input_dims[i];
        for (size_t i = 0; i < st.ops.size(); ++i)
            st.ops[i].shape = input_views_[i].channel_shape(input_role_, st.channels);
    }

    // --- layers ------------------------------------------------------------------------------

    void on_layer(const qonnx::Node& n) {
        Layer& l = net_.layers.back();
        if (is_value_op(n) || is_quantizer(n)) return add_epilogue(n);
        if (onnx_op(n, {"MaxPool"})) return add_pool(n);
        if (is_linear(n)) {
            if (!l.has_quantizer)
                fail(n, "follows " + l.node +
                            " with no activation (quantizer) between them; add a BipolarQuant, "
                            "Quant or MultiThreshold");
            return start_layer(n);
        }
        if (is_class_op(n)) return classify(n);
        fail(n, unsupported(n) + " (after " + l.node +
                    "); expected BatchNormalization, Mul, Add, Sub, Div, MaxPool, a quantizer, "
                    "shape operators, or ArgMax/TopK after the last layer" +
                    hint(n));
    }

    void add_epilogue(const qonnx::Node& n) {
        Layer& l = net_.layers.back();
        for (const auto& name : n.inputs)
            if (!name.empty() && consts_.has(name)) l.constants[name] = consts_.get(name);
        if (is_quantizer(n) && !l.has_quantizer) {
            l.has_quantizer = true;
            l.quantizer = n.describe();
        }
        const int role =
            view_.axis_of(TensorView::kChannel) >= 0 ? TensorView::kChannel : TensorView::kFeatures;
        l.epilogue.push_back(ChannelOp{n, view_.channel_shape(role, l.outputs)});
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
        if (n.attr_int("storage_order", 0) != 0) fail(n, "storage_order=1 is not supported");
        if (k[0] < 1 || k[1] < 1 || s[0] < 1 || s[1] < 1 || p[0] < 0 || p[1] < 0 || p[2] < 0 ||
            p[3] < 0)
            fail(n, "kernel and strides must be >= 1 and pads >= 0");
        PoolGeometry g;
        g.kh = k[0], g.kw = k[1], g.sh = s[0], g.sw = s[1];
        g.pad_top = p[0], g.pad_left = p[1], g.pad_bottom = p[2], g.pad_right = p[3];
        g.ceil_mode = n.attr_int("ceil_mode", 0) != 0;
        return g;
    }

    void add_pool(const qonnx::Node& n) {
        Layer& l = net_.layers.back();
        int64_t d[3], s[3];
        if (!view_.map_chw(d, s) || view_.roles()[0] != TensorView::kChannel)
            fail(n, "needs an NCHW feature map; the tensor is " + view_.str() +
                        (view_.axis_of(TensorView::kChannel) > 0 ? " in NHWC order (transpose "
                                                                   "it back first)"
                                                                 : ""));
        Pool p;
        p.node = n.describe();
        p.geom = pool_geometry(n);
        p.epilogue_index = int(l.epilogue.size());
        p.in = FeatureShape{d[0], d[1], d[2], true};
        p.out = pool_output(origin_ + ": " + p.node, p.in, p.geom);
        l.pools.push_back(p);
        l.final_out = p.out;
        view_ = TensorView::activations(p.out.c, p.out.h, p.out.w);
    }

    const qonnx::Tensor& constant_input(const qonnx::Node& n, size_t i, const char* what) const {
        if (i >= n.inputs.size() || n.inputs[i].empty() || !consts_.has(n.inputs[i]))
            fail(n, std::string(what) + " must be constant (an initializer or a quantizer of one)");
        return consts_.get(n.inputs[i]);
    }

    // finn_datatype of the weights: on the tensor itself or on the initializer behind a
    // weight quantizer / Transpose.
    std::string weight_annotation(const std::string& tensor) const {
        std::string a = g_.finn_datatype(tensor);
        if (a.empty())
            if (const qonnx::Node* p = g_.producer_of(tensor))
                if (!p->inputs.empty()) a = g_.finn_datatype(p->inputs[0]);
        return a;
    }

    void start_layer(const qonnx::Node& n) {
        if (net_.layers.empty()) close_input_stage();
        Layer l;
        l.node = n.describe();
        l.name = n.name.empty() ? n.outputs.at(0) : n.name;
        l.op_type = n.op_type;
        l.in = net_.layers.empty() ? net_.input : net_.layers.back().final_out;
        l.input = net_.layers.empty() ? Alphabet::real : net_.layers.back().activation;
        if (n.inputs.at(0) != current_) fail(n, "the activations must be the first input");
        l.weight_annotation = weight_annotation(n.inputs.at(1));
        if (is_op(n, "Conv"))
            conv_layer(n, l);
        else
            dense_layer(n, l);
        net_.layers.push_back(std::move(l));
    }

    void set_weights(Layer& l, const qonnx::Node& n, const qonnx::Tensor& w, int64_t out_stride,
                     int64_t in_stride, float alpha) {
        WeightMatrix m;
        try {
            m = binary_ternary_weights(w, l.outputs, l.fan_in, out_stride, in_stride,
                                       l.weight_annotation, "");
        } catch (const CompileError& e) {
            fail(n, std::string(e.what()).substr(2)); // without the empty location's ": "
        }
        l.w = std::move(m.w);
        l.weights = m.alphabet;
        l.weight_scale = std::move(m.scale);
        if (alpha != 1.0f) {
            if (l.weight_scale.empty()) l.weight_scale.assign(size_t(l.outputs), 1.0f);
            for (float& a : l.weight_scale) a *= alpha;
        }
    }

    void dense_layer(const qonnx::Node& n, Layer& l) {
        const qonnx::Tensor& w = constant_input(n, 1, "weights (input B)");
        if (w.rank() != 2) fail(n, "weights must be 2-D, got " + qonnx::shape_string(w.shape));
        const bool gemm = is_op(n, "Gemm");
        if (gemm && n.attr_int("transA", 0) != 0) fail(n, "transA=1 is not supported");
        const bool tb = gemm && n.attr_int("transB", 0) != 0;
        l.outputs = tb ? w.dim(0) : w.dim(1);
        l.fan_in = tb ? w.dim(1) : w.dim(0);
        if (view_.rank() != 1)
            fail(n, "its input is " + view_.str() +
                        " per image; a dense layer takes [N, features] (Flatten it first)");
        if (view_.numel() != l.fan_in)
            fail(n, "its input has " + std::to_string(view_.numel()) + " features " + view_.str() +
                        ", the weights expect " + std::to_string(l.fan_in));
        check_dense_input(origin_ + ": " + l.node, FeatureShape{l.in.size(), 1, 1, false},
                          l.fan_in);
        const std::vector<int32_t> off = view_.offsets();
        bool identity = true;
        for (size_t k = 0; k < off.size(); ++k) identity = identity && off[k] == int32_t(k);
        if (!identity) l.feature_offsets = off;
        set_weights(l, n, w, tb ? l.fan_in : 1, tb ? 1 : l.outputs,
                    gemm ? n.attr_float("alpha", 1.0f) : 1.0f);
        l.out = l.final_out = FeatureShape{l.outputs, 1, 1, false, false};
        view_ = TensorView::activations(l.outputs, 0, 0);
        if (gemm && n.inputs.size() > 2 && !n.inputs[2].empty()) {
            const qonnx::Tensor& c = constant_input(n, 2, "bias (input C)");
            if (c.numel() != l.outputs && c.numel() != 1)
                fail(n, "bias C of shape " + qonnx::shape_string(c.shape) + " is not per output");
            qonnx::Tensor bc = c;
            const float beta = n.attr_float("beta", 1.0f);
            for (float& v : bc.data) v = beta * v; // the executor adds beta * C in float
            add_bias(l, n, std::move(bc), {-1, l.outputs});
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
        int64_t d[3], s[3];
        if (!view_.map_chw(d, s))
            fail(n, "needs an NCHW feature map; its input is " + view_.str() +
                        (view_.axis_of(TensorView::kChannel) > 0
                             ? " in NHWC order (transpose it back first)"
                         : view_.rank() == 1 ? " (a flat vector)"
                                             : ""));
        l.conv = true;
        l.geom = conv_geometry(n, w);
        l.outputs = w.dim(0);
        l.fan_in = w.dim(1) * w.dim(2) * w.dim(3);
        l.in = FeatureShape{d[0], d[1], d[2], true};
        l.stride_c = s[0], l.stride_y = s[1], l.stride_x = s[2];
        l.out = l.final_out =
            conv_output(origin_ + ": " + l.node, l.in, w.dim(1), l.outputs, l.geom);
        set_weights(l, n, w, l.fan_in, 1, 1.0f);
        view_ = TensorView::activations(l.outputs, l.out.h, l.out.w);
        if (n.inputs.size() > 2 && !n.inputs[2].empty()) {
            qonnx::Tensor b = constant_input(n, 2, "bias (input B)");
            if (b.numel() != l.outputs)
                fail(n, "bias has " + std::to_string(b.numel()) + " values for " +
                            std::to_string(l.outputs) + " output channels");
            b.shape = {l.outputs, 1, 1}; // per channel of the [N, M, H, W] output
            add_bias(l, n, std::move(b), {-1, l.outputs, 1, 1});
        }
    }

    // The linear operator's bias as an Add node at the head of the epilogue (same float add).
    void add_bias(Layer& l, const qonnx::Node& n, qonnx::Tensor bias, std::vector<int64_t> shape) {
        const std::string name = n.name + ":bias";
        l.constants[name] = std::move(bias);
        qonnx::Node add;
        add.name = name;
        add.op_type = "Add";
        add.inputs = {n.outputs[0], name};
        add.outputs = {name + ":out"};
        l.epilogue.push_back(ChannelOp{add, std::move(shape)});
    }

    // ArgMax / TopK (k = 1) over the last layer's logits: the class, as the runtime's argmax.
    void classify(const qonnx::Node& n) {
        const Layer& l = net_.layers.back();
        if (l.has_quantizer)
            fail(n, "takes the class from the quantized activations of " + l.node +
                        "; the class must come from real-valued logits");
        if (view_.rank() != 1)
            fail(n, "its input is " + view_.str() + " per image; expected [N, classes]");
        const int64_t axis = n.attr_int("axis", is_op(n, "TopK") ? -1 : 0);
        if (axis != 1 && axis != -1)
            fail(n, "axis=" + std::to_string(axis) + " is not the class axis");
        if (is_op(n, "ArgMax")) {
            if (n.attr_int("select_last_index", 0) != 0)
                fail(n, "select_last_index=1 is not supported (ties go to the first class)");
        } else {
            int64_t k = n.attr_int("k", -1);
            if (n.inputs.size() > 1 && !n.inputs[1].empty()) {
                const qonnx::Tensor& kt = constant_input(n, 1, "K");
                k = kt.numel() == 1 ? int64_t(kt.data[0]) : -1;
            }
            if (k != 1) fail(n, "k must be 1 (the compiled program gives one class per image)");
            if (n.attr_int("largest", 1) != 1)
                fail(n, "largest=0 picks the smallest logit; only largest=1 is supported");
        }
        net_.class_output = n.describe();
        classified_ = true;
    }

    void finish() {
        const std::string& out = g_.outputs[0].name;
        if (net_.layers.empty()) fail_model("the model has no MatMul/Gemm/Conv layer");
        if (out != current_)
            fail_model("graph output '" + out + "' is not the end of the layer chain ('" +
                       current_ + "')");
        Layer& last = net_.layers.back();
        if (last.has_quantizer)
            fail_model(last.quantizer +
                       ": the graph output is a quantized activation; expected real-valued "
                       "logits from a last MatMul/Gemm (or ArgMax/TopK of them)");
        if (last.conv || !last.pools.empty())
            throw CompileError(
                origin_ + ": " + last.node + ": the last layer must be a dense layer (logits)",
                last.name, last.op_type, "the last layer must be a dense layer (logits)");
        net_.classes = last.outputs;
        if (net_.classes > 65535) fail_model("too many classes");
    }

    const qonnx::Graph& g_;
    std::string origin_;
    Constants consts_;
    Network net_;
    std::string current_;
    TensorView view_;
    int64_t batch_ = -1;
    int input_role_ = -1;                 // the input axis the input stage's constants vary on
    std::vector<TensorView> input_views_; // the view each input stage op saw
    bool classified_ = false;
    std::set<std::string> consumed_;
};

} // namespace

Network import_graph(const qonnx::Graph& graph, const std::string& origin,
                     const std::string& input_scale) {
    for (const qonnx::Node& n : graph.nodes) // one error naming the node and what would fit
        if (!qonnx::find_op(n)) {
            const std::string why =
                "operator " + n.op_type +
                (n.domain.empty() ? std::string() : " in domain '" + n.domain + "'") +
                " is not supported" + hint(n) + " (supported: " + qonnx::supported_ops_list() + ")";
            throw CompileError(origin + ": " + n.describe() + ": " + why, n.name, n.op_type, why);
        }
    try {
        qonnx::validate_graph(graph);
    } catch (const qonnx::QonnxError& e) {
        throw CompileError(origin + ": " + e.what());
    }
    Network net = Importer(graph, origin).run();
    try {
        net.input_stage.scale = qonnx::resolve_input_scale(graph, input_scale, origin);
    } catch (const qonnx::QonnxError& e) {
        throw CompileError(e.what());
    }
    return net;
}

Network import_qonnx(const std::string& path, const std::string& input_scale) {
    qonnx::Graph g;
    try {
        g = qonnx::read_model(path);
    } catch (const qonnx::QonnxError& e) {
        throw CompileError(e.what());
    }
    return import_graph(g, path, input_scale);
}

} // namespace cimc
