// An interrupt wire from a device to the CPU. A plain callback rather than
// an sc_signal: the CPU samples it between instruction chunks, and the
// device calls it at the exact (local) time it changes.
#pragma once

#include <functional>

namespace cimvp {

class IrqLine {
  public:
    void bind(std::function<void(bool)> sink) { sink_ = std::move(sink); }
    void set(bool level) {
        if (level == level_) return;
        level_ = level;
        if (sink_) sink_(level);
    }
    bool level() const { return level_; }

  private:
    std::function<void(bool)> sink_;
    bool level_ = false;
};

} // namespace cimvp
