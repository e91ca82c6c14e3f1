#include "platform/clint.h"

namespace cimvp {

using sc_core::sc_time;

Clint::Clint(sc_core::sc_module_name name, sc_time tick)
    : RegisterDevice(name, sc_core::SC_ZERO_TIME), tick_(tick) {
    msip_.writable(1).on_write(&Clint::write_msip);
    mtimecmp_.on_write(&Clint::write_mtimecmp);
    mtime_.on_read(&Clint::mtime);
    timebase_hz_ = timebase_hz();

    SC_HAS_PROCESS(Clint);
    SC_METHOD(on_timer);
    sensitive << timer_event_;
    dont_initialize();
}

// mtime counts one per tick: the frequency is 1 s / tick, rounded to the nearest Hz.
uint64_t Clint::timebase_hz() const {
    return static_cast<uint64_t>(sc_time(1, sc_core::SC_SEC) / tick_ + 0.5);
}

void Clint::write_msip(uint64_t value) { soft_irq.set(value != 0); }

void Clint::write_mtimecmp(uint64_t, const sc_time& now) { schedule_timer(now); }

// Called with the writer's local time: the level changes now, and if the
// compare lies ahead an event fires exactly when mtime reaches it.
void Clint::schedule_timer(const sc_time& now) {
    timer_event_.cancel();
    const uint64_t compare = mtimecmp_;
    bool due = mtime(now) >= compare;
    timer_irq.set(due);
    if (due || compare >= ~0ull / tick_.value()) return; // never, within sc_time's range
    sc_time at = sc_time::from_value(compare * tick_.value());
    sc_time stamp = sc_core::sc_time_stamp();
    timer_event_.notify(at > stamp ? at - stamp : sc_core::SC_ZERO_TIME);
}

void Clint::on_timer() { timer_irq.set(mtime(sc_core::sc_time_stamp()) >= mtimecmp_); }

} // namespace cimvp
