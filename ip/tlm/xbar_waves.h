// The accelerator's signals in a waveform (`cimvp --vcd`,
// docs/platform/waveforms-and-triggers.md), under scope cimvp.xbar:
//  * busy: a command runs (from its CMD write to its completion);
//  * dma: the DMA channel moves data (inputs, outputs, weights, descriptors);
//  * queue_running / queue_done: a command list runs; descriptors of it ended so far;
//  * xbarN.state: crossbar N is 0 idle, 1 programming (PROGRAM, REFRESH), 2 computing
//    MVMs (drive, settle and ADC conversion together: the timing model has one figure);
//  * threshold, pool, gather, add: the command queue's periphery units are busy.
// The device calls it when a command starts, with the times the command's
// schedule gives (ns from the start): the intervals lie in the future.
#pragma once

#include "platform/tlm_base/vcd_writer.h"

#include <vector>

namespace cimvp {

class XbarWaves {
  public:
    enum State : uint64_t { idle = 0, programming = 1, computing = 2 };

    XbarWaves(VcdWriter& vcd, int crossbars, const std::vector<const char*>& periphery_units);

    // A command from `start_ps` for `ns`; and whether it is a command list.
    void command(uint64_t start_ps, double ns, bool queue);
    // The DMA channel busy from `at_ns` for `ns` after `start_ps`.
    void dma(uint64_t start_ps, double at_ns, double ns);
    // Unit `unit` (crossbars first, then the periphery units, which are only busy or not) in
    // `state` over [from, to) ns.
    void unit(uint64_t start_ps, int unit, State state, double from_ns, double to_ns);
    // The command list's descriptors end at these times (ns, sorted).
    void descriptors_done(uint64_t start_ps, const std::vector<double>& ends_ns);

  private:
    static uint64_t at(uint64_t start_ps, double ns) {
        return start_ps + static_cast<uint64_t>(ns * 1e3 + 0.5);
    }
    VcdWriter& vcd_;
    int crossbars_;
    VcdWriter::Signal busy_, dma_, queue_running_, queue_done_;
    std::vector<VcdWriter::Signal> units_;
};

} // namespace cimvp
