// MatMul and Gemm: the dense layers. Eigen does the products; row-major maps keep the ONNX
// memory layout without copies.
#include "qonnx/broadcast.h"
#include "qonnx/eigen_blocking.h"
#include "qonnx/error.h"
#include "qonnx/op_registry.h"

#include <Eigen/Core>

#include <algorithm>

namespace qonnx {
namespace {

using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMap = Eigen::Map<const RowMat>;
using MutMap = Eigen::Map<RowMat>;

// A [..., M, K] x B [K, N] -> [..., M, N]: the leading dimensions of A are folded into M,
// which covers every MatMul a dense layer produces. A batched B is not supported.
std::vector<Tensor> matmul(const Node&, const std::vector<const Tensor*>& in) {
    const Tensor& a = *in[0];
    const Tensor& b = *in[1];
    if (a.rank() < 1 || b.rank() != 2)
        throw QonnxError("MatMul needs A of rank >= 1 and a 2-D B, got " + shape_string(a.shape) +
                         " x " + shape_string(b.shape));
    const int64_t k = a.shape.back(), n = b.dim(1);
    if (k != b.dim(0))
        throw QonnxError("MatMul inner dimensions differ: " + shape_string(a.shape) + " x " +
                         shape_string(b.shape));
    const int64_t m = k == 0 ? 0 : a.numel() / k;
    std::vector<int64_t> shape = a.shape;
    shape.back() = n; // a vector times a matrix stays a vector
    Tensor out = Tensor::zeros(shape);
    use_fixed_eigen_blocking();
    MutMap(out.data.data(), m, n).noalias() =
        ConstMap(a.data.data(), m, k) * ConstMap(b.data.data(), k, n);
    return {out};
}

// Y = alpha * op(A) op(B) + beta * C, op = optional transpose, C broadcast to [M, N].
std::vector<Tensor> gemm(const Node& node, const std::vector<const Tensor*>& in) {
    const Tensor& a = *in[0];
    const Tensor& b = *in[1];
    if (a.rank() != 2 || b.rank() != 2)
        throw QonnxError("Gemm needs 2-D A and B, got " + shape_string(a.shape) + " and " +
                         shape_string(b.shape));
    const bool ta = node.attr_int("transA", 0) != 0, tb = node.attr_int("transB", 0) != 0;
    const float alpha = node.attr_float("alpha", 1.0f), beta = node.attr_float("beta", 1.0f);
    RowMat A = ConstMap(a.data.data(), a.dim(0), a.dim(1));
    RowMat B = ConstMap(b.data.data(), b.dim(0), b.dim(1));
    if (ta) A.transposeInPlace();
    if (tb) B.transposeInPlace();
    if (A.cols() != B.rows())
        throw QonnxError("Gemm inner dimensions differ: " + shape_string(a.shape) + " x " +
                         shape_string(b.shape) + (ta || tb ? " (after transA/transB)" : ""));
    Tensor out = Tensor::zeros({A.rows(), B.cols()});
    use_fixed_eigen_blocking();
    MutMap(out.data.data(), A.rows(), B.cols()).noalias() = alpha * (A * B);
    if (in.size() > 2 && in[2]) {
        const Tensor& c = *in[2];
        if (broadcast_shape(c.shape, out.shape) != out.shape)
            throw QonnxError("Gemm C of shape " + shape_string(c.shape) +
                             " does not broadcast to " + shape_string(out.shape));
        out = broadcast_binary(out, c, [beta](float y, float cv) { return y + beta * cv; });
    }
    return {out};
}

} // namespace

void register_linear_ops(std::map<std::string, OpInfo>& ops) {
    ops["MatMul"] = {matmul, 2, 2};
    ops["Gemm"] = {gemm, 2, 3};
}

} // namespace qonnx
