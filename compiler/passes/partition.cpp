#include "passes/partition.h"

#include "ir/error.h"

namespace cimc {

void partition(Network& net, bool mapping_ternary, const char* mapping_name,
               bool first_layer_xbar) {
    for (Layer& l : net.layers) {
        if (l.input == Alphabet::Real)
            l.engine = first_layer_xbar ? Engine::XbarBitslice : Engine::Cpu;
        else
            l.engine = Engine::Xbar;
        if (l.engine == Engine::Cpu || mapping_ternary) continue;
        const bool ternary = l.weights == Alphabet::Ternary || l.input == Alphabet::Ternary;
        if (ternary)
            throw CompileError(net.model_path + ": " + l.node + ": ternary " +
                               (l.weights == Alphabet::Ternary ? "weights" : "inputs") +
                               " need a TNN mapping (xbar.mapping = " + mapping_name + ")");
    }
}

} // namespace cimc
