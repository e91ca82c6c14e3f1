#include "compiler/passes/input_stage.h"

#include "compiler/ir/error.h"
#include "compiler/passes/channel_ops.h"
#include "compiler/passes/fold_batchnorm.h"
#include "compiler/qonnx/broadcast.h"
#include "compiler/qonnx/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace cimc {
namespace {

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

class InputFolder {
  public:
    InputFolder(Network& net) : net_(net), st_(net.input_stage), l_(net.layers.at(0)) {}

    void run() {
        c_ = st_.channels;
        values_ = evaluate_all();
        if (st_.quantizer.empty())
            affine();
        else
            table();
        set_first_layer();
        st_.folded = true;
    }

  private:
    [[noreturn]] void fail(const qonnx::Node& n, const std::string& why) const {
        throw CompileError(net_.model_path + ": " + n.describe() + ": " + why, n.name, n.op_type,
                           why);
    }
    [[noreturn]] void fail_layer(const std::string& why) const {
        throw CompileError(net_.model_path + ": " + l_.node + ": " + why, l_.name, l_.op_type, why);
    }
    const qonnx::Node* quantizer_node() const {
        for (const ChannelOp& op : st_.ops)
            if (op.node.describe() == st_.quantizer) return &op.node;
        return nullptr;
    }

    // The executor's values of every pixel 0..255 (rows) and channel: the model input
    // (float)pixel * (float)S, then the nodes.
    std::vector<float> evaluate_all() const {
        std::vector<float> x(size_t(256 * c_));
        for (int64_t p = 0; p < 256; ++p)
            for (int64_t c = 0; c < c_; ++c) x[size_t(p * c_ + c)] = float(p) * st_.scale.value;
        return evaluate_channel_ops(st_.ops, st_.constants, x, 256, c_, 0, st_.ops.size(),
                                    net_.model_path);
    }

    void check_finite() const {
        for (float f : values_)
            if (!std::isfinite(f))
                fail(st_.ops.back().node, "gives a value that is not finite for some pixel");
    }

    // A constant operand of `op` as one value per channel.
    std::vector<double> per_channel(const ChannelOp& op, const std::string& name) const {
        std::vector<int64_t> shape = op.shape;
        shape[0] = 1;
        const qonnx::Tensor one = qonnx::Tensor::zeros(shape);
        qonnx::Tensor t;
        try {
            t = qonnx::broadcast_binary(one, st_.constants.at(name),
                                        [](float, float b) { return b; });
        } catch (const qonnx::QonnxError& e) {
            fail(op.node, e.what());
        }
        if (t.shape != shape) fail(op.node, "its constant is not per channel");
        return std::vector<double>(t.data.begin(), t.data.end());
    }

    // alpha and beta per channel, exactly (in double) through the nodes.
    void affine() {
        std::vector<double> a(size_t(c_), double(st_.scale.value)), b(size_t(c_), 0.0);
        for (const ChannelOp& op : st_.ops) {
            const qonnx::Node& n = op.node;
            if (n.op_type == "BatchNormalization") {
                std::vector<double> p[4];
                for (int i = 0; i < 4; ++i) p[i] = per_channel(op, n.inputs.at(size_t(i) + 1));
                const double eps = n.attr_float("epsilon", 1e-5f); // as the executor's kernel
                for (size_t c = 0; c < size_t(c_); ++c) {
                    const double k = p[0][c] / std::sqrt(p[3][c] + eps);
                    a[c] *= k;
                    b[c] = (b[c] - p[2][c]) * k + p[1][c];
                }
                continue;
            }
            const bool const_first = st_.constants.count(n.inputs.at(0)) != 0;
            const std::vector<double> k = per_channel(op, n.inputs.at(const_first ? 0 : 1));
            for (size_t c = 0; c < size_t(c_); ++c) {
                if (n.op_type == "Mul") {
                    a[c] *= k[c], b[c] *= k[c];
                } else if (n.op_type == "Add") {
                    b[c] += k[c];
                } else if (n.op_type == "Sub") {
                    if (const_first)
                        a[c] = -a[c], b[c] = k[c] - b[c];
                    else
                        b[c] -= k[c];
                } else if (n.op_type == "Div") {
                    if (const_first)
                        fail(n, "divides a constant by the input: not an affine scaling of the "
                                "pixels (put a quantizer before the first layer, or divide the "
                                "input by the constant)");
                    a[c] /= k[c], b[c] /= k[c];
                }
            }
        }
        for (size_t c = 1; c < a.size(); ++c)
            if (a[c] != a[0])
                fail(st_.ops.back().node,
                     "the input's scale factor differs between channels (" + fmt(a[0]) + " and " +
                         fmt(a[c]) +
                         "): the first layer's integer pixel sums can carry one factor (use one "
                         "divisor for all channels)");
        check_finite();
        for (int64_t p = 0; p < 256; ++p) // the double model against the executor's floats
            for (int64_t c = 0; c < c_; ++c) {
                const double want = a[size_t(c)] * double(p) + b[size_t(c)];
                const double got = values_[size_t(p * c_ + c)];
                if (std::fabs(got - want) >
                    1e-5 * (std::fabs(a[size_t(c)]) * 255 + std::fabs(b[size_t(c)])))
                    fail(st_.ops.back().node, "the input nodes are not an affine function of "
                                              "the pixels");
            }
        if (a[0] == 0) fail(st_.ops.back().node, "the input nodes multiply the pixels by 0");
        st_.kind = InputStage::Kind::affine;
        st_.alpha = a[0];
        st_.beta = b;
    }

    // A quantizer: the table, as levels or as codes.
    void table() {
        check_finite();
        float b = 0;
        std::set<float> distinct(values_.begin(), values_.end());
        for (float v : distinct) b = std::max(b, std::fabs(v));
        const bool plus = distinct.count(b) != 0, minus = distinct.count(-b) != 0;
        bool levels = b > 0 && plus && minus;
        for (float v : distinct) levels = levels && (v == b || v == -b || v == 0);
        st_.lut.assign(size_t(256 * c_), 0);
        if (levels) {
            st_.kind = InputStage::Kind::levels;
            st_.levels = distinct.count(0.0f) ? Alphabet::ternary : Alphabet::binary;
            st_.level = b;
            for (int64_t c = 0; c < c_; ++c)
                for (int64_t p = 0; p < 256; ++p) {
                    const float v = values_[size_t(p * c_ + c)];
                    st_.lut[size_t(c * 256 + p)] = uint8_t(int8_t(v > 0 ? 1 : v < 0 ? -1 : 0));
                }
            return;
        }
        codes(distinct);
    }

    // Values code_scale * m for integers m spanning at most 256 codes.
    void codes(const std::set<float>& distinct) {
        const qonnx::Node* q = quantizer_node();
        if (!st_.tail_after_quantizer.empty())
            fail(*q, "is followed by " + st_.tail_after_quantizer +
                         " before the first layer; with more than three levels the quantizer "
                         "must feed the first layer directly");
        float scale = 1.0f;
        if (q->op_type == "MultiThreshold") {
            scale = q->attr_float("out_scale", 1.0f);
        } else {
            const qonnx::Tensor& s = st_.constants.at(q->inputs.at(1));
            scale = s.data.at(0);
            for (float v : s.data)
                if (v != scale) fail(*q, "a per-channel scale on the input is not supported");
        }
        if (!(scale > 0) || !std::isfinite(scale)) fail(*q, "its scale must be positive");
        int64_t lo = INT64_MAX, hi = INT64_MIN;
        for (float v : distinct) {
            const float m = std::nearbyint(v / scale);
            if (m * scale != v)
                fail(*q, "its output " + fmt(v) + " is not an integer multiple of its scale " +
                             fmt(scale));
            lo = std::min(lo, int64_t(m)), hi = std::max(hi, int64_t(m));
        }
        if (hi - lo > 255)
            fail(*q, "the input takes " + std::to_string(hi - lo + 1) +
                         " levels; the first layer reads at most 256 (8-bit) codes");
        st_.kind = InputStage::Kind::codes;
        st_.code_scale = scale;
        st_.code_min = int32_t(lo);
        for (int64_t c = 0; c < c_; ++c)
            for (int64_t p = 0; p < 256; ++p)
                st_.lut[size_t(c * 256 + p)] =
                    uint8_t(int64_t(std::nearbyint(values_[size_t(p * c_ + c)] / scale)) - lo);
    }

    // The channel (of the input stage) that model feature k of the first layer reads.
    int64_t channel_of(int64_t k) const {
        if (c_ == 1) return 0;
        if (l_.conv) return k / (l_.geom.kh * l_.geom.kw);
        const int64_t off = l_.feature_offsets.empty() ? k : l_.feature_offsets[size_t(k)];
        return (off / st_.lut_stride) % c_;
    }

    bool padded() const {
        const ConvGeometry& g = l_.geom;
        return l_.conv && (g.pad_top || g.pad_left || g.pad_bottom || g.pad_right);
    }

    void set_first_layer() {
        if (l_.conv && c_ > 1 && (l_.in.c != c_ || l_.stride_c != st_.lut_stride))
            fail_layer("the input nodes' constants vary along an axis of the input that the "
                       "convolution does not treat as its channels");
        if (st_.kind == InputStage::Kind::levels) {
            l_.input = st_.levels;
            l_.input_level = st_.level;
            set_binary_preactivation(l_);
            return;
        }
        l_.input = Alphabet::real;
        const bool affine = st_.kind == InputStage::Kind::affine;
        l_.max_code = 255;
        if (!affine) {
            int32_t top = 0;
            for (uint8_t v : st_.lut) top = std::max<int32_t>(top, v);
            l_.max_code = top;
        }
        double base = affine ? st_.alpha : st_.code_scale;
        l_.pixel_pad = 0;
        if (padded()) {
            if (affine)
                for (double b : st_.beta)
                    if (b != 0)
                        fail_layer("pads the input with 0, which no pixel value gives after the "
                                   "input nodes' offset (" +
                                   fmt(b) +
                                   "); not supported: pad the images instead, or remove the "
                                   "offset");
            if (!affine && (-st_.code_min < 0 || -st_.code_min > 255))
                fail_layer("pads the input with 0, which is not one of the input quantizer's "
                           "codes");
            if (!affine) l_.pixel_pad = -st_.code_min;
        }
        l_.pre_scale.clear();
        l_.pre_offset.clear();
        for (int64_t o = 0; o < l_.outputs; ++o) {
            const double a = l_.weight_scale.empty() ? 1.0 : l_.weight_scale[size_t(o)];
            double off = 0;
            for (int64_t k = 0; k < l_.fan_in; ++k) {
                const int8_t w = l_.w[size_t(o * l_.fan_in + k)];
                if (!w) continue;
                off += affine ? w * st_.beta[size_t(channel_of(k))] / st_.alpha
                              : double(w) * st_.code_min;
            }
            l_.pre_scale.push_back(base * a);
            l_.pre_offset.push_back(off);
        }
    }

    Network& net_;
    InputStage& st_;
    Layer& l_;
    int64_t c_ = 1;
    std::vector<float> values_;
};

} // namespace

void fold_input_stage(Network& net) {
    if (net.layers.empty()) return;
    InputFolder(net).run();
}

} // namespace cimc
