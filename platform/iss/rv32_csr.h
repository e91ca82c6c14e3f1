// CSR numbers and the mstatus/mip bits the hart implements (machine mode
// only). The accesses themselves are in rv32_csr.cpp.
#pragma once

#include <cstdint>

namespace iss {

namespace csr {
enum : uint16_t {
    mstatus = 0x300,
    misa = 0x301,
    mie = 0x304,
    mtvec = 0x305,
    mstatush = 0x310,
    mscratch = 0x340,
    mepc = 0x341,
    mcause = 0x342,
    mtval = 0x343,
    mip = 0x344,
    tselect = 0x7a0, // debug triggers (rv32_triggers.h)
    tdata1 = 0x7a1,
    tdata2 = 0x7a2,
    tdata3 = 0x7a3,
    tinfo = 0x7a4,
    mcycle = 0xb00,
    minstret = 0xb02,
    mcycleh = 0xb80,
    minstreth = 0xb82,
    cycle = 0xc00,
    time = 0xc01,
    instret = 0xc02,
    cycleh = 0xc80,
    timeh = 0xc81,
    instreth = 0xc82,
    mvendorid = 0xf11,
    marchid = 0xf12,
    mimpid = 0xf13,
    mhartid = 0xf14,
    mconfigptr = 0xf15,
};
}

// mstatus fields (MPP always reads machine mode) and the implemented mip/mie bits.
constexpr uint32_t MSTATUS_MIE = 1u << 3, MSTATUS_MPIE = 1u << 7, MSTATUS_MPP = 3u << 11;
constexpr uint32_t MIP_MASK = (1u << 3) | (1u << 7) | (1u << 11); // MSI, MTI, MEI

} // namespace iss
