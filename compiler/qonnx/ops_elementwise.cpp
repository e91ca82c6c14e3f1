// Elementwise arithmetic with broadcasting: Add and Mul carry the last layer's real-valued
// scale and bias (and input preprocessing); Sub and Div come for free.
#include "compiler/qonnx/broadcast.h"
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/op_registry.h"

namespace qonnx {
namespace {

template <typename F> OpInfo binary(F f) {
    return {[f](const Node&, const std::vector<const Tensor*>& in) {
                return std::vector<Tensor>{broadcast_binary(*in[0], *in[1], f)};
            },
            2, 2};
}

} // namespace

void register_elementwise_ops(std::map<std::string, OpInfo>& ops) {
    ops["Add"] = binary([](float a, float b) { return a + b; });
    ops["Sub"] = binary([](float a, float b) { return a - b; });
    ops["Mul"] = binary([](float a, float b) { return a * b; });
    ops["Div"] = binary([](float a, float b) { return a / b; });
}

} // namespace qonnx
