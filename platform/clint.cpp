#include "clint.h"

#include "memory_map.h"

namespace cimvp {

using sc_core::sc_time;

Clint::Clint(sc_core::sc_module_name name, sc_time tick)
    : RegisterDevice(name, sc_core::SC_ZERO_TIME), tick_(tick) {
    reg(
        "msip", CIMVP_CLINT_MSIP, 4, [this](const sc_time&) { return msip_; },
        [this](uint64_t v, const sc_time&) {
            msip_ = v & 1;
            soft_irq.set(msip_);
        });
    reg(
        "mtimecmp", CIMVP_CLINT_MTIMECMP, 8, [this](const sc_time&) { return mtimecmp_; },
        [this](uint64_t v, const sc_time& now) {
            mtimecmp_ = v;
            schedule_timer(now);
        });
    reg("mtime", CIMVP_CLINT_MTIME, 8, [this](const sc_time& now) {
        return mtime(now);
    }); // read-only here: time is simulated time
    reg("timebase_hz", CIMVP_CLINT_TIMEBASE_HZ, 8,
        [this](const sc_time&) { return timebase_hz(); });

    SC_HAS_PROCESS(Clint);
    SC_METHOD(on_timer);
    sensitive << timer_event_;
    dont_initialize();
}

// mtime counts one per tick: the frequency is 1 s / tick, rounded to the nearest Hz.
uint64_t Clint::timebase_hz() const {
    return static_cast<uint64_t>(sc_time(1, sc_core::SC_SEC) / tick_ + 0.5);
}

// Called with the writer's local time: the level changes now, and if the
// compare lies ahead an event fires exactly when mtime reaches it.
void Clint::schedule_timer(const sc_time& now) {
    timer_event_.cancel();
    bool due = mtime(now) >= mtimecmp_;
    timer_irq.set(due);
    if (due || mtimecmp_ >= ~0ull / tick_.value()) return; // never, within sc_time's range
    sc_time at = sc_time::from_value(mtimecmp_ * tick_.value());
    sc_time stamp = sc_core::sc_time_stamp();
    timer_event_.notify(at > stamp ? at - stamp : sc_core::SC_ZERO_TIME);
}

void Clint::on_timer() { timer_irq.set(mtime(sc_core::sc_time_stamp()) >= mtimecmp_); }

} // namespace cimvp
