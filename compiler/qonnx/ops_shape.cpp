// Ops that only change the view or the order of the data: Flatten, Reshape, Transpose,
// Unsqueeze, Squeeze, Identity, and Constant (which some exporters emit for Reshape's shape).
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/op_registry.h"

namespace qonnx {
namespace {

std::vector<Tensor> flatten(const Node& node, const std::vector<const Tensor*>& in) {
    const Tensor& x = *in[0];
    int64_t axis = node.attr_int("axis", 1);
    if (axis < 0) axis += x.rank();
    if (axis < 0 || axis > x.rank())
        throw QonnxError("axis out of range for shape " + shape_string(x.shape));
    int64_t outer = 1;
    for (int64_t i = 0; i < axis; ++i) outer *= x.dim(i);
    Tensor out = x;
    out.shape = {outer, outer == 0 ? 0 : x.numel() / outer};
    return {out};
}

std::vector<Tensor> reshape(const Node& node, const std::vector<const Tensor*>& in) {
    const Tensor& x = *in[0];
    const Tensor& spec = *in[1];
    const bool allow_zero = node.attr_int("allowzero", 0) != 0;
    std::vector<int64_t> shape;
    int64_t known = 1, infer_at = -1;
    for (size_t i = 0; i < spec.data.size(); ++i) {
        int64_t d = static_cast<int64_t>(spec.data[i]);
        if (d == 0 && !allow_zero) {
            if (static_cast<int64_t>(i) >= x.rank())
                throw QonnxError("shape entry 0 has no input dimension to copy");
            d = x.dim(static_cast<int64_t>(i)); // 0 copies the input's dimension
        }
        if (d == -1) {
            if (infer_at >= 0) throw QonnxError("more than one -1 in the target shape");
            infer_at = static_cast<int64_t>(i);
        } else if (d < 0) {
            throw QonnxError("negative dimension in the target shape");
        } else {
            known *= d;
        }
        shape.push_back(d);
    }
    if (infer_at >= 0) {
        if (known == 0 || x.numel() % known != 0)
            throw QonnxError("cannot reshape " + shape_string(x.shape) + " with a -1 in " +
                             shape_string(shape));
        shape[static_cast<size_t>(infer_at)] = x.numel() / known;
    }
    if (shape_numel(shape) != x.numel())
        throw QonnxError("cannot reshape " + shape_string(x.shape) + " to " + shape_string(shape));
    Tensor out = x;
    out.shape = shape;
    return {out};
}

// perm (default: the axes reversed), as numpy.transpose.
std::vector<Tensor> transpose(const Node& node, const std::vector<const Tensor*>& in) {
    const Tensor& x = *in[0];
    const int64_t r = x.rank();
    std::vector<int64_t> perm;
    for (int64_t i = r - 1; i >= 0; --i) perm.push_back(i);
    perm = node.attr_ints("perm", perm);
    std::vector<char> seen(size_t(r), 0);
    bool ok = int64_t(perm.size()) == r;
    for (int64_t p : perm) {
        ok = ok && p >= 0 && p < r && !seen[size_t(p)];
        if (ok) seen[size_t(p)] = 1;
    }
    if (!ok)
        throw QonnxError("perm " + shape_string(perm) + " is not a permutation of the " +
                         std::to_string(r) + " axes of " + shape_string(x.shape));
    std::vector<int64_t> shape, in_stride(size_t(r), 1);
    for (int64_t i = r - 2; i >= 0; --i)
        in_stride[size_t(i)] = in_stride[size_t(i + 1)] * x.dim(i + 1);
    for (int64_t p : perm) shape.push_back(x.dim(p));
    Tensor out = Tensor::zeros(shape);
    out.type = x.type;
    std::vector<int64_t> idx(size_t(r), 0); // output index, odometer order
    for (size_t o = 0; o < out.data.size(); ++o) {
        int64_t src = 0;
        for (int64_t i = 0; i < r; ++i) src += idx[size_t(i)] * in_stride[size_t(perm[size_t(i)])];
        out.data[o] = x.data[size_t(src)];
        for (int64_t i = r - 1; i >= 0 && ++idx[size_t(i)] == shape[size_t(i)]; --i)
            idx[size_t(i)] = 0;
    }
    return {out};
}

// The axes of Unsqueeze/Squeeze: input 1 (opset 13 on) or the 'axes' attribute (before).
std::vector<int64_t> axes_of(const Node& node, const std::vector<const Tensor*>& in) {
    if (in.size() > 1 && in[1]) {
        std::vector<int64_t> axes;
        for (float v : in[1]->data) axes.push_back(static_cast<int64_t>(v));
        return axes;
    }
    return node.attr_ints("axes", {});
}

std::vector<Tensor> unsqueeze(const Node& node, const std::vector<const Tensor*>& in) {
    const Tensor& x = *in[0];
    const std::vector<int64_t> axes = axes_of(node, in);
    if (axes.empty()) throw QonnxError("no axes given");
    const int64_t r = x.rank() + int64_t(axes.size());
    std::vector<char> inserted(size_t(r), 0);
    for (int64_t a : axes) {
        const int64_t k = a < 0 ? a + r : a;
        if (k < 0 || k >= r || inserted[size_t(k)])
            throw QonnxError("axis " + std::to_string(a) + " is out of range or repeated");
        inserted[size_t(k)] = 1;
    }
    Tensor out = x;
    out.shape.clear();
    for (int64_t i = 0, j = 0; i < r; ++i)
        out.shape.push_back(inserted[size_t(i)] ? 1 : x.dim(j++));
    return {out};
}

std::vector<Tensor> squeeze(const Node& node, const std::vector<const Tensor*>& in) {
    const Tensor& x = *in[0];
    const std::vector<int64_t> axes = axes_of(node, in);
    std::vector<char> drop(size_t(x.rank()), 0);
    for (int64_t a : axes) {
        const int64_t k = a < 0 ? a + x.rank() : a;
        if (k < 0 || k >= x.rank() || x.dim(k) != 1)
            throw QonnxError("axis " + std::to_string(a) + " of " + shape_string(x.shape) +
                             " is not a dimension of size 1");
        drop[size_t(k)] = 1;
    }
    Tensor out = x;
    out.shape.clear();
    for (int64_t i = 0; i < x.rank(); ++i)
        if (!(axes.empty() ? x.dim(i) == 1 : drop[size_t(i)])) out.shape.push_back(x.dim(i));
    return {out};
}

std::vector<Tensor> identity(const Node&, const std::vector<const Tensor*>& in) { return {*in[0]}; }

// Dropout in inference: the identity (and a mask of ones when asked for).
std::vector<Tensor> dropout(const Node& node, const std::vector<const Tensor*>& in) {
    if (in.size() > 2 && in[2] && in[2]->numel() == 1 && in[2]->data[0] != 0)
        throw QonnxError("training_mode=true is not supported (inference only)");
    std::vector<Tensor> out = {*in[0]};
    if (node.outputs.size() > 1) {
        Tensor mask = *in[0];
        for (float& v : mask.data) v = 1.0f;
        out.push_back(mask);
    }
    return out;
}

std::vector<Tensor> constant(const Node& node, const std::vector<const Tensor*>&) {
    auto it = node.attributes.find("value");
    if (it != node.attributes.end() && it->second.kind == Attribute::Kind::Tensor)
        return {it->second.t};
    if (node.attributes.count("value_float"))
        return {Tensor::scalar(node.attr_float("value_float", 0))};
    if (node.attributes.count("value_int"))
        return {Tensor({}, {static_cast<float>(node.attr_int("value_int", 0))}, ElemType::Int64)};
    if (node.attributes.count("value_ints")) {
        const auto v = node.attr_ints("value_ints", {});
        return {Tensor({static_cast<int64_t>(v.size())}, std::vector<float>(v.begin(), v.end()),
                       ElemType::Int64)};
    }
    throw QonnxError(
        "Constant needs a 'value', 'value_float', 'value_int' or 'value_ints' attribute");
}

} // namespace

void register_shape_ops(std::map<std::string, OpInfo>& ops) {
    ops["Flatten"] = {flatten, 1, 1};
    ops["Reshape"] = {reshape, 2, 2};
    ops["Identity"] = {identity, 1, 1};
    ops["Dropout"] = {dropout, 1, 3};
    ops["Transpose"] = {transpose, 1, 1};
    ops["Unsqueeze"] = {unsqueeze, 1, 2};
    ops["Squeeze"] = {squeeze, 1, 2};
    ops["Constant"] = {constant, 0, 0};
}

} // namespace qonnx
