#include "platform/activity.h"

namespace cimvp {

namespace {
// Applies op(a.field, b.field) to every counter; the energy record has its own table.
template <typename Op> void each_counter(Activity& a, const Activity& b, Op op) {
    op(a.cycles, b.cycles), op(a.instructions, b.instructions);
    for (unsigned k = 0; k < kInsnClasses; ++k) op(a.cpu.retired[k], b.cpu.retired[k]);
    op(a.cpu.sleep_cycles, b.cpu.sleep_cycles);
    op(a.xbar_commands, b.xbar_commands), op(a.xbar_mvms, b.xbar_mvms);
    op(a.xbar_conversions, b.xbar_conversions), op(a.xbar_cells, b.xbar_cells);
    op(a.xbar_dma_bytes, b.xbar_dma_bytes);
    op(a.xbar_busy_ns, b.xbar_busy_ns), op(a.xbar_mvm_ns, b.xbar_mvm_ns);
    op(a.xbar_dma_ns, b.xbar_dma_ns), op(a.xbar_program_ns, b.xbar_program_ns);
    op(a.xbar_descriptors, b.xbar_descriptors), op(a.xbar_periph_ns, b.xbar_periph_ns);
    op(a.xbar_dma_wait_ns, b.xbar_dma_wait_ns);
}
} // namespace

Activity operator-(const Activity& later, const Activity& earlier) {
    Activity d = later;
    each_counter(d, earlier, [](auto& x, const auto& y) { x -= y; });
    d.energy = later.energy - earlier.energy;
    return d;
}

Activity& operator+=(Activity& a, const Activity& b) {
    each_counter(a, b, [](auto& x, const auto& y) { x += y; });
    a.energy += b.energy;
    return a;
}

LayerActivity operator-(const LayerActivity& later, const LayerActivity& earlier) {
    return {later.activity - earlier.activity, later.cpu_ns - earlier.cpu_ns};
}

LayerActivity& operator+=(LayerActivity& a, const LayerActivity& b) {
    a.activity += b.activity;
    a.cpu_ns += b.cpu_ns;
    return a;
}

} // namespace cimvp
