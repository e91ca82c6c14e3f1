// The accelerator on a bus with 1 MiB of RAM and a TLM stimulus, for the device's unit tests:
// the register and queue tests drive the same small SoC, and the interrupt line's edges are
// logged with their times.
#pragma once

#include "ip/tlm/xbar_device.h"
#include "platform/memory_map.h"
#include "platform/ram.h"
#include "platform/router.h"
#include "tests/platform/tlm_base/tlm_stimulus.h"

#include <memory>
#include <utility>
#include <vector>

namespace cimvp::test {

struct XbarBench {
    static constexpr uint64_t kRamBase = 0x80000000, kXbarBase = CIMVP_XBAR_BASE;

    xbar::XbarConfig cfg;
    cimvp::Router bus{"bus"};
    cimvp::Ram ram{"ram", 1 << 20, sc_core::SC_ZERO_TIME};
    std::unique_ptr<cimvp::XbarDevice> dev;
    TlmStimulus stim{"stim"};
    std::vector<std::pair<sc_core::sc_time, bool>> irq_edges;

    explicit XbarBench(xbar::XbarConfig c) : cfg(c) {
        dev = std::make_unique<cimvp::XbarDevice>("xbar", cfg, kXbarBase, 4096);
        stim.socket.bind(bus.target);
        dev->dma.bind(bus.target);
        bus.map(dev->socket, kXbarBase, CIMVP_XBAR_SIZE, "xbar");
        bus.map(ram.socket, kRamBase, 1 << 20, "ram");
        dev->irq.bind([this](bool l) { irq_edges.push_back({sc_core::sc_time_stamp(), l}); });
    }
    uint32_t reg(TlmStimulus& s, uint32_t off, sc_core::sc_time d = sc_core::SC_ZERO_TIME) {
        return static_cast<uint32_t>(s.read(kXbarBase + off, 4, d));
    }
    void set(TlmStimulus& s, uint32_t off, uint32_t v, sc_core::sc_time d = sc_core::SC_ZERO_TIME) {
        s.write(kXbarBase + off, v, 4, d);
    }
};

} // namespace cimvp::test
