/* Statistics regions (cimvp only; platform/stats_regions.h): the VP adds up its activity
 * (cycles, instructions by class, accelerator work, energy by component) between
 * cimvp_region_begin(id) and cimvp_region_end(id), over every such pair, and reports each
 * region in --stats-json ("regions"). Ids 0..CIMVP_STATS_REGIONS-1. On QEMU virt these
 * addresses are unmapped (an access fault). */
#ifndef CIMVP_STATS_H
#define CIMVP_STATS_H

#include <stdint.h>

#include "platform/memory_map.h"

#define CIMVP_STATS_REG32(offset) (*(volatile uint32_t*)(uintptr_t)(CIMVP_STATS_BASE + (offset)))

static inline void cimvp_region_begin(uint32_t id) { CIMVP_STATS_REG32(CIMVP_STATS_BEGIN) = id; }
static inline void cimvp_region_end(uint32_t id) { CIMVP_STATS_REG32(CIMVP_STATS_END) = id; }

#endif
