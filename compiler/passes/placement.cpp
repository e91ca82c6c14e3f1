#include "compiler/passes/placement.h"

namespace cimc {

void place_tiles(Network& net) {
    std::vector<Tile*> order;
    for (Layer& l : net.layers)
        for (Tile& t : l.tiles) order.push_back(&t);
    const int count = net.target.crossbars, total = static_cast<int>(order.size());
    const bool fits = total <= count;
    for (int i = 0; i < total; ++i) {
        order[size_t(i)]->xbar = fits || i < count - 1 ? i : count - 1;
        order[size_t(i)]->streamed = !fits && i >= count - 1;
    }
    net.target.crossbars_used = fits ? total : count;
    net.target.streamed_tiles = fits ? 0 : total - count + 1;
}

} // namespace cimc
