#include "compiler/passes/memory_budget.h"

#include "compiler/ir/error.h"
#include "sw/nn/nn_runtime.h"

#include <cstdio>

namespace cimc {
namespace {

// Room for the runtime, driver and picolibc code in the text region, and for picolibc's
// own allocations and the prediction buffer in RAM.
constexpr uint64_t kCodeReserve = 512ull << 10;
constexpr uint64_t kRamReserve = 256ull << 10;

uint64_t layer_constants(const nn_layer& l) {
    uint64_t b = sizeof(nn_layer) + 4ull * l.positions * l.taps;
    if (l.cpu) b += 2ull * l.cpu->ranges[2 * l.outputs] + 4ull * (2 * l.outputs + 1) + l.outputs;
    for (uint32_t t = 0; t < l.n_tiles; ++t)
        b += sizeof(nn_tile) + uint64_t(l.tiles[t].outputs) * l.tiles[t].inputs;
    b += 4ull * l.outputs * (2 + l.n_pad_rows) + 4ull * l.n_pad_rows +
         sizeof(nn_threshold) * l.outputs;
    b += (sizeof(nn_pool) + l.outputs) * l.n_pools +
         l.n_fops * (sizeof(nn_float_op) + 28ull * l.outputs);
    if (l.pre_scale) b += 16ull * l.outputs;
    b += 4ull * l.out_key_count * l.outputs;
    return b;
}

std::string mib(uint64_t b) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MiB", double(b) / double(1 << 20));
    return buf;
}

} // namespace

MemoryUse memory_use(const nn_model& m) {
    MemoryUse u;
    for (uint32_t i = 0; i < m.n_layers; ++i) u.constants += layer_constants(m.layers[i]);
    u.constants += 256ull * m.lut_channels;
    u.workspace = nn_workspace_bytes(&m, m.batch) + uint64_t(m.batch) * (m.input_size + 2);
    return u;
}

MemoryUse check_memory(const Network& net, const nn_model& m, const FirmwareLayout& layout) {
    const MemoryUse u = memory_use(m);
    if (u.constants + kCodeReserve > layout.text_bytes)
        throw CompileError(net.model_path + ": model too large for the firmware: its tables need " +
                           mib(u.constants) + " of the " + mib(layout.text_bytes) +
                           " code/constant region");
    if (u.workspace + kRamReserve + layout.stack_bytes > layout.ram_bytes)
        throw CompileError(net.model_path + ": model too large for the firmware's RAM: batch " +
                           std::to_string(m.batch) + " needs " + mib(u.workspace) +
                           " of workspace, " + mib(layout.ram_bytes) +
                           " available; use a smaller --batch");
    return u;
}

} // namespace cimc
