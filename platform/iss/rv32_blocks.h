// The block cache of the ISS's block engine (Core::execute_blocks,
// rv32_blocks.cpp): straight-line runs of guest code decoded once into arrays
// of micro-ops, so that running an instruction is an indirect jump to the next
// array element, with no pc, decode-cache lookup, cycle or instret update per
// instruction. Internal to platform/iss.
//
// A block in the arena is:
//   [Head] [op 0] ... [op n-1] [Tail1] [Tail2]
// op n-1 is the terminator: a branch, jal, jalr, or `exit` (a jump to the
// next pc, for blocks that end without a control transfer). Head and the two
// tail slots hold what the engine needs per block: the fit test against the
// cycle limit, the block's cost and instruction count, the successor pcs and
// the successor blocks once chained. Side info for slow paths (the pc, the
// cycles through each instruction, its length) lives in a parallel array with
// the same index, off the hot path.
//
// Blocks are never freed one by one: any invalidation (fence.i, a debugger's
// memory write or breakpoint, set_cpi, a full arena) drops all of them, so a
// chained pointer can never outlive its target.
#pragma once

#include "platform/iss/rv32_native.h"

#include <cstdint>
#include <memory>

namespace iss {

struct BlockOp {       // one micro-op
    uintptr_t handler; // the handler's address (threaded dispatch) or index (switch)
    int32_t imm;
    uint8_t rd, rs1, rs2;
    uint8_t index; // position in the block: instret of a slow path
};

union BlockSlot;

struct BlockHead {
    uint32_t pc;         // guest pc of the block, the lookup tag (odd: an empty slot)
    uint32_t last_start; // cycles from the block's start to the start of its last instruction
    uint32_t ops;        // micro-ops, terminator included
    uint32_t native;     // offset of the block's host code (rv32_native.h), 0: none
};

struct BlockTail1 {
    uint32_t cycles;   // all the block's instructions, a taken branch's penalty excluded
    uint32_t count;    // guest instructions (the `exit` pseudo-op is none)
    uint32_t taken_pc; // branch/jal target; jalr: the target last seen
    uint32_t next_pc;  // the next sequential pc (fall-through, link value)
};

struct BlockTail2 {
    BlockSlot* taken; // chained block of taken_pc, or null
    BlockSlot* next;  // chained block of next_pc, or null
};

union BlockSlot {
    BlockOp op;
    BlockHead head;
    BlockTail1 tail1;
    BlockTail2 tail2;
};
static_assert(sizeof(BlockSlot) == 16, "block slots stay 16 bytes");

// Per guest instruction of a block, for slow paths only.
struct BlockSide {
    uint32_t pc;
    uint16_t through; // cycles from the block's start through this instruction
    uint8_t len;      // 2 or 4
    uint8_t unused;
};

struct BlockCache {
    static constexpr unsigned kArenaSlots = 1u << 18; // 4 MiB of micro-ops
    static constexpr unsigned kTableBits = 16;        // 64 Ki blocks by start pc
    static constexpr unsigned kMaxInsns = 64;         // keeps `through` and `index` small
    static constexpr unsigned kMaxSlots = kMaxInsns + 4;

    std::unique_ptr<BlockSlot[]> arena{new BlockSlot[kArenaSlots]};
    std::unique_ptr<BlockSide[]> side{new BlockSide[kArenaSlots]};
    std::unique_ptr<BlockSlot* []> table { new BlockSlot*[1u << kTableBits] };
    unsigned used = 0;
    uint32_t generation = 0;            // bumped by each flush
    BlockSlot empty{};                  // what empty table slots point to: pc 1 never matches
    std::unique_ptr<NativeCode> native; // host code of the blocks that have it, or null

    BlockCache() {
        empty.head.pc = 1;
        flush();
    }
    void flush() {
        for (unsigned k = 0; k < (1u << kTableBits); ++k) table[k] = &empty;
        used = 0;
        ++generation;
        if (native) native->flush();
    }
    BlockSlot*& slot_of(uint32_t pc) { return table[(pc >> 1) & ((1u << kTableBits) - 1)]; }
};

} // namespace iss
