// Ops that only change the view of the data: Flatten, Reshape, Identity, and Constant
// (which some exporters emit for Reshape's shape).
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

std::vector<Tensor> identity(const Node&, const std::vector<const Tensor*>& in) { return {*in[0]}; }

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
    ops["Constant"] = {constant, 0, 0};
}

} // namespace qonnx
