// ArgMax and TopK: the class index at a model's output (FINN's InsertTopK adds TopK with
// k = 1). Ties go to the lower index in both, as the ONNX specification says (ArgMax with
// select_last_index = 0; TopK: "the element with the lower index will appear first").
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/op_registry.h"

#include <algorithm>
#include <numeric>

namespace qonnx {
namespace {

// x viewed as [outer, n, inner] around `axis`.
struct AxisView {
    int64_t axis, outer = 1, n, inner = 1;
};

AxisView view(const Tensor& x, int64_t axis) {
    if (axis < 0) axis += x.rank();
    if (axis < 0 || axis >= x.rank())
        throw QonnxError("axis out of range for shape " + shape_string(x.shape));
    AxisView v{axis, 1, x.dim(axis), 1};
    for (int64_t i = 0; i < axis; ++i) v.outer *= x.dim(i);
    for (int64_t i = axis + 1; i < x.rank(); ++i) v.inner *= x.dim(i);
    if (v.n < 1) throw QonnxError("the reduced axis is empty");
    return v;
}

std::vector<Tensor> argmax(const Node& node, const std::vector<const Tensor*>& in) {
    const Tensor& x = *in[0];
    const AxisView v = view(x, node.attr_int("axis", 0));
    const bool last = node.attr_int("select_last_index", 0) != 0;
    std::vector<int64_t> shape = x.shape;
    if (node.attr_int("keepdims", 1) != 0)
        shape[size_t(v.axis)] = 1;
    else
        shape.erase(shape.begin() + v.axis);
    Tensor out(shape, std::vector<float>(size_t(v.outer * v.inner)), ElemType::Int64);
    for (int64_t o = 0; o < v.outer; ++o)
        for (int64_t i = 0; i < v.inner; ++i) {
            const float* p = x.data.data() + o * v.n * v.inner + i;
            int64_t best = 0;
            for (int64_t k = 1; k < v.n; ++k) {
                const float a = p[k * v.inner], b = p[best * v.inner];
                if (a > b || (last && a == b)) best = k;
            }
            out.data[size_t(o * v.inner + i)] = float(best);
        }
    return {out};
}

// Values and Indices of the k largest (or smallest) elements along `axis`, sorted.
std::vector<Tensor> topk(const Node& node, const std::vector<const Tensor*>& in) {
    const Tensor& x = *in[0];
    int64_t k = node.attr_int("k", -1); // opset 1 attribute; later opsets: input K
    if (in.size() > 1 && in[1]) {
        if (in[1]->numel() != 1) throw QonnxError("K must hold one value");
        k = static_cast<int64_t>(in[1]->data[0]);
    }
    const AxisView v = view(x, node.attr_int("axis", -1));
    if (k < 1 || k > v.n)
        throw QonnxError("k = " + std::to_string(k) + " is outside 1.." + std::to_string(v.n));
    const bool largest = node.attr_int("largest", 1) != 0;
    std::vector<int64_t> shape = x.shape;
    shape[size_t(v.axis)] = k;
    Tensor values = Tensor::zeros(shape);
    Tensor indices(shape, std::vector<float>(values.data.size()), ElemType::Int64);
    std::vector<int64_t> order(size_t(v.n));
    for (int64_t o = 0; o < v.outer; ++o)
        for (int64_t i = 0; i < v.inner; ++i) {
            const float* p = x.data.data() + o * v.n * v.inner + i;
            std::iota(order.begin(), order.end(), 0);
            std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
                return largest ? p[a * v.inner] > p[b * v.inner] : p[a * v.inner] < p[b * v.inner];
            });
            for (int64_t j = 0; j < k; ++j) {
                const size_t at = size_t((o * k + j) * v.inner + i);
                values.data[at] = p[order[size_t(j)] * v.inner];
                indices.data[at] = float(order[size_t(j)]);
            }
        }
    return {values, indices};
}

} // namespace

void register_argmax_ops(std::map<std::string, OpInfo>& ops) {
    ops["ArgMax"] = {argmax, 1, 1};
    ops["TopK"] = {topk, 1, 2};
}

} // namespace qonnx
