// Whether the compiled program fits the firmware's memory layout (docs/firmware.md): the
// constant tables go with the code into the text region, the workspace for a batch (and the
// image buffer) into the RAM region's heap below the stack.
#pragma once

#include "compiler/ir/network.h"
#include "sw/nn/nn_model.h"

#include <cstdint>

namespace cimc {

struct FirmwareLayout {
    uint64_t text_bytes = 16ull << 20; // CIMVP_FIRMWARE_TEXT_SIZE
    uint64_t ram_bytes = 112ull << 20; // CIMVP_FIRMWARE_RAM_SIZE - TEXT_SIZE
    uint64_t stack_bytes = 64ull << 10;
};

struct MemoryUse {
    uint64_t constants = 0, workspace = 0;
};

MemoryUse memory_use(const nn_model& m);
// Throws CompileError naming the model when either region overflows.
MemoryUse check_memory(const Network& net, const nn_model& m, const FirmwareLayout& layout);

} // namespace cimc
