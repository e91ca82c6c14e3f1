#include "compiler/passes/partition.h"

#include "compiler/ir/error.h"

namespace cimc {

namespace {
Engine engine_of(const Layer& l, bool first_layer_xbar) {
    if (l.input != Alphabet::real) return Engine::xbar;
    return first_layer_xbar ? Engine::xbar_bitslice : Engine::cpu;
}

bool ternary(const Layer& l) {
    return l.weights == Alphabet::ternary || l.input == Alphabet::ternary;
}
} // namespace

void partition(Network& net, bool mapping_ternary, const char* mapping_name,
               bool first_layer_xbar) {
    for (Layer& l : net.layers) {
        l.engine = engine_of(l, first_layer_xbar);
        if (l.engine == Engine::cpu || mapping_ternary || !ternary(l)) continue;
        throw CompileError(net.model_path + ": " + l.node + ": ternary " +
                           (l.weights == Alphabet::ternary ? "weights" : "inputs") +
                           " need a TNN mapping (xbar.mapping = " + mapping_name + ")");
    }
}

bool needs_ternary_mapping(const Network& net, bool first_layer_xbar) {
    for (const Layer& l : net.layers)
        if (engine_of(l, first_layer_xbar) != Engine::cpu && ternary(l)) return true;
    return false;
}

} // namespace cimc
