#include "compiler/passes/tiling.h"

namespace cimc {

std::vector<std::pair<int64_t, int64_t>> split_even(int64_t n, int64_t max_part) {
    const int64_t parts = (n + max_part - 1) / max_part, base = n / parts, extra = n % parts;
    std::vector<std::pair<int64_t, int64_t>> out;
    for (int64_t i = 0, begin = 0; i < parts; ++i) {
        const int64_t size = base + (i < extra ? 1 : 0);
        out.emplace_back(begin, size);
        begin += size;
    }
    return out;
}

void tile_layer(Layer& l, int max_inputs, int max_outputs) {
    l.tiles.clear();
    if (l.engine == Engine::cpu) return;
    for (auto [o0, m] : split_even(l.outputs, max_outputs))
        for (auto [i0, n] : split_even(l.patch_len, max_inputs)) {
            Tile t;
            t.out0 = o0, t.outputs = m, t.in0 = i0, t.inputs = n;
            t.weights.resize(size_t(m * n));
            for (int64_t o = 0; o < m; ++o)
                for (int64_t i = 0; i < n; ++i)
                    t.weights[size_t(o * n + i)] =
                        l.patch_w[size_t((o0 + o) * l.patch_len + i0 + i)];
            l.tiles.push_back(std::move(t));
        }
}

void tile_network(Network& net) {
    for (Layer& l : net.layers) tile_layer(l, net.target.max_inputs, net.target.max_outputs);
}

} // namespace cimc
