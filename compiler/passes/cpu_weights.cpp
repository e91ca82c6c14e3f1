#include "compiler/passes/cpu_weights.h"

#include "compiler/ir/error.h"

namespace cimc {

void encode_cpu_weights(Layer& l, const std::string& origin) {
    if (l.patch_len > kCpuMaxFanIn)
        throw CompileError(origin + ": " + l.node + ": fan-in " + std::to_string(l.patch_len) +
                           " exceeds the CPU kernel's " + std::to_string(kCpuMaxFanIn) +
                           "; use --first-layer=xbar");
    const bool binary = l.weights == Alphabet::binary;
    l.cpu_scale = binary ? 2 : 1;
    l.cpu_offsets.clear();
    l.cpu_ranges.assign(1, 0);
    l.cpu_total_coef.assign(size_t(l.outputs), 0);
    for (int64_t o = 0; o < l.outputs; ++o) {
        std::vector<uint16_t> pos, neg;
        for (int64_t k = 0; k < l.patch_len; ++k) {
            const int8_t w = l.patch_w[size_t(o * l.patch_len + k)];
            if (w) (w > 0 ? pos : neg).push_back(uint16_t(16 * k));
        }
        std::vector<uint16_t> add = pos, sub = neg;
        if (binary) { // sum(+1) - sum(-1) = 2 sum(+1) - total = total - 2 sum(-1)
            const bool use_pos = pos.size() <= neg.size();
            add = use_pos ? pos : std::vector<uint16_t>{};
            sub = use_pos ? std::vector<uint16_t>{} : neg;
            l.cpu_total_coef[size_t(o)] = use_pos ? -1 : 1;
        }
        l.cpu_offsets.insert(l.cpu_offsets.end(), add.begin(), add.end());
        l.cpu_ranges.push_back(uint32_t(l.cpu_offsets.size()));
        l.cpu_offsets.insert(l.cpu_offsets.end(), sub.begin(), sub.end());
        l.cpu_ranges.push_back(uint32_t(l.cpu_offsets.size()));
    }
}

void encode_cpu_weights(Network& net) {
    for (Layer& l : net.layers)
        if (l.engine == Engine::cpu) encode_cpu_weights(l, net.model_path);
}

} // namespace cimc
