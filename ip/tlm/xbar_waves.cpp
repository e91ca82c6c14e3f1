#include "ip/tlm/xbar_waves.h"

#include <string>

namespace cimvp {

XbarWaves::XbarWaves(VcdWriter& vcd, int crossbars, const std::vector<const char*>& periphery_units)
    : vcd_(vcd), crossbars_(crossbars), busy_(vcd.add("cimvp.xbar", "busy", 1)),
      dma_(vcd.add("cimvp.xbar", "dma", 1)),
      queue_running_(vcd.add("cimvp.xbar", "queue_running", 1)),
      queue_done_(vcd.add("cimvp.xbar", "queue_done", 32)) {
    for (int i = 0; i < crossbars; ++i)
        units_.push_back(vcd.add("cimvp.xbar.xbar" + std::to_string(i), "state", 2));
    for (const char* name : periphery_units) units_.push_back(vcd.add("cimvp.xbar", name, 1));
}

void XbarWaves::command(uint64_t start_ps, double ns, bool queue) {
    vcd_.interval(busy_, start_ps, at(start_ps, ns), 1);
    if (!queue) return;
    vcd_.interval(queue_running_, start_ps, at(start_ps, ns), 1);
    vcd_.set(queue_done_, start_ps, 0);
}

void XbarWaves::dma(uint64_t start_ps, double at_ns, double ns) {
    vcd_.interval(dma_, at(start_ps, at_ns), at(start_ps, at_ns + ns), 1);
}

void XbarWaves::unit(uint64_t start_ps, int unit, State state, double from_ns, double to_ns) {
    const uint64_t value =
        unit < crossbars_ ? uint64_t(state) : 1; // a periphery unit is busy or not
    vcd_.interval(units_.at(size_t(unit)), at(start_ps, from_ns), at(start_ps, to_ns), value);
}

void XbarWaves::descriptors_done(uint64_t start_ps, const std::vector<double>& ends_ns) {
    for (size_t i = 0; i < ends_ns.size(); ++i)
        vcd_.set(queue_done_, at(start_ps, ends_ns[i]), i + 1);
}

} // namespace cimvp
