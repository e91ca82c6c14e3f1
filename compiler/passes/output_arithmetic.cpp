#include "compiler/passes/output_arithmetic.h"

#include "compiler/ir/error.h"

#include <cmath>

namespace cimc {
namespace {

// A constant operand as one value per output: a scalar, [M] or [1, M].
std::vector<float> per_output(const qonnx::Tensor& t, int64_t m, const std::string& where) {
    if (t.numel() == 1) return std::vector<float>(size_t(m), t.data[0]);
    const bool vector = t.numel() == m && (t.rank() == 1 || (t.rank() == 2 && t.dim(0) == 1));
    if (!vector)
        throw CompileError(where + ": constant of shape " + qonnx::shape_string(t.shape) +
                           " is not per class");
    return t.data;
}

FloatOp batchnorm(const Layer& l, const qonnx::Node& n, const std::string& where) {
    FloatOp op;
    op.kind = FloatOp::BatchNorm;
    std::vector<float> p[4];
    for (int i = 0; i < 4; ++i)
        p[i] = per_output(l.constants.at(n.inputs.at(size_t(i) + 1)), l.outputs, where);
    // The same double arithmetic as the executor's BatchNormalization kernel.
    const double eps = n.attr_float("epsilon", 1e-5f);
    for (int64_t o = 0; o < l.outputs; ++o) {
        const size_t k = size_t(o);
        op.a.push_back(p[0][k] / std::sqrt(double(p[3][k]) + eps));
        op.beta.push_back(p[1][k]);
        op.mean.push_back(p[2][k]);
    }
    return op;
}

FloatOp binary(const Layer& l, const qonnx::Node& n, const std::string& where) {
    FloatOp op;
    op.kind = n.op_type == "Mul"   ? FloatOp::Mul
              : n.op_type == "Add" ? FloatOp::Add
              : n.op_type == "Sub" ? FloatOp::Sub
                                   : FloatOp::Div;
    const bool const_first = l.constants.count(n.inputs.at(0)) != 0;
    op.reversed = const_first; // Add and Mul are commutative in IEEE arithmetic too
    op.c = per_output(l.constants.at(n.inputs.at(const_first ? 0 : 1)), l.outputs, where);
    return op;
}

} // namespace

void lower_output_arithmetic(Layer& last, const std::string& origin) {
    last.output_ops.clear();
    for (const ChannelOp& op : last.epilogue) {
        const qonnx::Node& n = op.node;
        const std::string where = origin + ": " + n.describe();
        if (n.op_type == "BatchNormalization")
            last.output_ops.push_back(batchnorm(last, n, where));
        else if (n.op_type == "Mul" || n.op_type == "Add" || n.op_type == "Sub" ||
                 n.op_type == "Div")
            last.output_ops.push_back(binary(last, n, where));
        else
            throw CompileError(where + ": not supported in the output layer's arithmetic", n.name,
                               n.op_type, "not supported in the output layer's arithmetic");
    }
}

} // namespace cimc
