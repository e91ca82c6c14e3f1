#include "compiler/passes/channel_ops.h"

#include "compiler/ir/error.h"
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/op_registry.h"

namespace cimc {

std::vector<float> evaluate_channel_ops(const std::vector<ChannelOp>& ops,
                                        const std::map<std::string, qonnx::Tensor>& constants,
                                        std::vector<float> x, int64_t rows, int64_t channels,
                                        size_t begin, size_t end, const std::string& origin) {
    qonnx::Tensor cur({rows, channels}, std::move(x));
    for (size_t i = begin; i < end; ++i) {
        const qonnx::Node& n = ops[i].node;
        std::vector<int64_t> shape = ops[i].shape;
        for (int64_t& d : shape)
            if (d < 0) d = rows;
        try {
            if (qonnx::shape_numel(shape) != cur.numel())
                throw qonnx::QonnxError("internal: shape " + qonnx::shape_string(shape) + " for " +
                                        std::to_string(cur.numel()) + " values");
            cur.shape = shape;
            std::vector<const qonnx::Tensor*> args;
            for (const auto& name : n.inputs) {
                auto it = constants.find(name);
                args.push_back(name.empty() ? nullptr : it != constants.end() ? &it->second : &cur);
            }
            std::vector<qonnx::Tensor> out = qonnx::find_op(n)->run(n, args);
            if (out.empty() || out[0].shape != shape)
                throw qonnx::QonnxError(
                    "its constants are not per channel (on " + qonnx::shape_string(shape) +
                    " values it gives " +
                    qonnx::shape_string(out.empty() ? std::vector<int64_t>{} : out[0].shape) + ")");
            cur = std::move(out[0]);
        } catch (const qonnx::QonnxError& e) {
            throw CompileError(origin + ": " + n.describe() + ": " + e.what(), n.name, n.op_type,
                               e.what());
        }
    }
    return cur.data;
}

} // namespace cimc
