#include "platform/cpu.h"
#include "platform/tlm_base/bus_payload.h"

namespace cimvp {

using sc_core::sc_time;

Cpu::Cpu(sc_core::sc_module_name name, const CpuConfig& config)
    : sc_module(name), socket("socket"), config_(config), period_(config.clock_period.value()),
      core_(*this) {
    core_.set_cpi(config.cpi);
    core_.set_bus_error_policy(config.bus_errors);
    core_.set_block_execution(config.blocks);
    core_.set_native_code(config.native_code);
    socket.register_invalidate_direct_mem_ptr(this, &Cpu::invalidate_dmi);
    SC_HAS_PROCESS(Cpu);
    SC_THREAD(thread);
}

void Cpu::start(uint32_t entry, uint32_t tohost) {
    entry_ = entry;
    core_.reset(entry);
    core_.set_tohost(tohost);
}

void Cpu::connect_irq(IrqLine& line, iss::IrqBit bit) {
    line.bind([this, bit](bool level) {
        if (vcd_) vcd_->set(vcd_irq_[bit], vcd_now_ps(), level);
        core_.set_irq(bit, level);
        irq_event_.notify(sc_core::SC_ZERO_TIME);
    });
}

void Cpu::record_to(VcdWriter& vcd) {
    vcd_ = &vcd;
    vcd_sleep_ = vcd.add("cimvp.cpu", "sleep", 1);
    vcd_irq_[iss::irq_mei] = vcd.add("cimvp.cpu", "meip", 1);
    vcd_irq_[iss::irq_mti] = vcd.add("cimvp.cpu", "mtip", 1);
    vcd_irq_[iss::irq_msi] = vcd.add("cimvp.cpu", "msip", 1);
}

// A line changes at the time of whoever changes it: the CPU's own (local)
// time when the CPU's access did it, else the kernel's.
uint64_t Cpu::vcd_now_ps() const {
    const bool from_cpu = sc_core::sc_get_current_process_handle() == thread_handle_;
    return vcd_ps(from_cpu ? local_now() : sc_core::sc_time_stamp());
}

// Asks the bus for a DMI pointer to RAM (the region holding the entry point).
void Cpu::acquire_dmi() {
    tlm::tlm_generic_payload tx;
    tlm::tlm_dmi dmi;
    tx.set_address(entry_);
    tx.set_command(tlm::TLM_READ_COMMAND);
    iss::DmiWindow w;
    if (socket->get_direct_mem_ptr(tx, dmi) && dmi.is_read_write_allowed()) {
        w.ptr = dmi.get_dmi_ptr();
        w.base = static_cast<uint32_t>(dmi.get_start_address());
        w.size = static_cast<uint32_t>(dmi.get_end_address() - dmi.get_start_address() + 1);
    }
    core_.set_dmi(w);
    ram_ = w;
    core_.flush_decode_cache();
    if (semihosting_) semihosting_->set_ram(w);
}

// The cycle count at which the current chunk must stop: the quantum's end,
// the next scheduled event, or the instruction limit, whichever is first.
uint64_t Cpu::chunk_limit() {
    sc_time now = sc_core::sc_time_stamp();
    sc_time until = syncs_skipped_ ? skipped_sync_point_ : qk_.next_sync_point();
    sc_time pending = sc_core::sc_time_to_pending_activity();
    if (pending < until - now) until = now + pending;
    uint64_t limit = time_to_cycles_ceil(until);
    if (config_.max_instructions) {
        // Each instruction costs at least one cycle, so this never overshoots.
        uint64_t left =
            config_.max_instructions - std::min(config_.max_instructions, core_.instret());
        limit = std::min(limit, core_.cycles() + left);
    }
    return limit;
}

void Cpu::thread() {
    thread_handle_ = sc_core::sc_get_current_process_handle();
    acquire_dmi();
    qk_.reset();
    if (debugger_) debug_stop_ = CpuDebugger::Event::attached;
    for (;;) {
        if (debug_stop_ && !serve_debugger()) return;
        qk_.set(local_now() - sc_core::sc_time_stamp());
        uint64_t limit = chunk_limit();
        iss::Stop stop = iss::Stop::budget;
        if (limit > core_.cycles()) stop = debugger_ ? run_debugged(limit) : core_.run(limit);
        qk_.set(local_now() - sc_core::sc_time_stamp());

        if (stop == iss::Stop::halted) {
            end_ = core_.fatal().set ? RunEnd::fatal : RunEnd::exited;
            qk_.sync();
            sc_core::sc_stop();
            return;
        }
        if (config_.max_instructions && core_.instret() >= config_.max_instructions) {
            end_ = RunEnd::instruction_limit;
            qk_.sync();
            sc_core::sc_stop();
            return;
        }
        if (stop == iss::Stop::budget && sync_would_run_nothing_else()) {
            skip_sync();
            continue;
        }
        qk_.sync(); // quantum over, or an event is due: let the rest of the platform run
        syncs_skipped_ = false;
        if (stop == iss::Stop::wfi) sleep_until_interrupt();
    }
}

// A chunk end's synchronisation hands the kernel the CPU's local time L and lets everything
// due up to L run. When nothing is due up to L (no event, no delta notification: the next
// activity lies after L), the kernel would only advance its time to L and resume the CPU,
// so the chunk end skips it: sc_time_stamp() stays behind (every device takes its time as
// sc_time_stamp() + the transaction's delay, which grows to match, and events are scheduled
// relative to it), and the next chunk ends where it would have: at the quantum boundary the
// skipped sync would have set, or at the next activity. A chunk end with anything due syncs,
// with the whole offset at once. This saves the SystemC context switch of most chunk ends
// while the CPU computes and the accelerator is idle (docs/vp-performance.md, "Platform
// speed"). Not under a debugger (which stops the whole simulation at chunk ends) and not
// with a zero quantum.
bool Cpu::sync_would_run_nothing_else() const {
    if (config_.sync_every_chunk || debugger_ ||
        tlm_utils::tlm_quantumkeeper::get_global_quantum() == sc_core::SC_ZERO_TIME)
        return false;
    const sc_time now = sc_core::sc_time_stamp(), local = local_now();
    return sc_core::sc_time_to_pending_activity() > local - now; // max time when nothing
}

// What qk_.sync() would leave behind, without the context switch: the next boundary of the
// global quantum after the local time (tlm_global_quantum::compute_local_quantum from there).
void Cpu::skip_sync() {
    const sc_time local = local_now(), quantum = tlm_utils::tlm_quantumkeeper::get_global_quantum();
    skipped_sync_point_ = local + quantum - sc_time::from_value(local.value() % quantum.value());
    syncs_skipped_ = true;
}

// Reports the pending stop and waits, with the whole simulation, for the
// debugger's command. Returns false when the debugger ended the run.
bool Cpu::serve_debugger() {
    CpuDebugger::Event why = *debug_stop_;
    debug_stop_.reset();
    CpuDebugger::Command command = debugger_->stopped(why);
    stepping_ = command == CpuDebugger::Command::step;
    resuming_ = true;
    next_poll_ = core_.cycles() + kDebugPollCycles;
    if (command == CpuDebugger::Command::detach) debugger_ = nullptr;
    if (command != CpuDebugger::Command::kill) return true;
    end_ = RunEnd::killed;
    qk_.sync();
    sc_core::sc_stop();
    return false;
}

// One chunk under a debugger. A step runs one instruction; resuming from a
// breakpoint first steps over it (run() would stop on it again at once).
// Breakpoints and Ctrl-C become stops reported before the next chunk.
iss::Stop Cpu::run_debugged(uint64_t limit) {
    const bool first = resuming_;
    resuming_ = false;
    const bool at_watchpoint = first && trigger_stop_;
    trigger_stop_ = false;
    if (stepping_ || (first && core_.has_breakpoint(core_.pc())) || at_watchpoint) {
        iss::Stop stop = core_.step();
        if (stepping_) {
            stepping_ = false;
            debug_stop_ = CpuDebugger::Event::step;
            return stop;
        }
        if (stop != iss::Stop::budget || core_.cycles() >= limit) return stop;
    }
    iss::Stop stop = core_.run(limit);
    if (stop == iss::Stop::breakpoint) {
        // A watchpoint stops before its access: resuming steps over it first.
        trigger_stop_ = !core_.has_breakpoint(core_.pc());
        debug_stop_ =
            trigger_stop_ ? CpuDebugger::Event::watchpoint : CpuDebugger::Event::breakpoint;
        return iss::Stop::budget;
    }
    if (core_.cycles() >= next_poll_) {
        next_poll_ = core_.cycles() + kDebugPollCycles;
        if (debugger_->interrupt_requested()) {
            debug_stop_ = CpuDebugger::Event::interrupted;
            // Stop now rather than after a wfi's sleep, which may be long.
            return stop == iss::Stop::halted ? stop : iss::Stop::budget;
        }
    }
    return stop;
}

bool Cpu::debug_access(bool write, uint32_t addr, uint8_t* data, unsigned len) {
    tlm::tlm_generic_payload tx;
    init_payload(tx, write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, addr, data, len);
    if (write && !ram_.contains(addr, len)) {
        // A device register: debug transport has no side effects, so a debugger's write
        // would not reach the device. It goes over the bus as the CPU's would, at its time.
        sc_time delay = local_now() - sc_core::sc_time_stamp();
        socket->b_transport(tx, delay);
        return tx.is_response_ok();
    }
    // The byte count is the answer: debug transport need not set a status.
    bool ok = socket->transport_dbg(tx) == len;
    if (ok && write) core_.invalidate_decode_cache(addr, len);
    return ok;
}

// wfi: wait for an interrupt line to change, then charge the sleep as cycles
// so that mcycle keeps agreeing with simulated time. If nothing is left that
// could ever raise one, the kernel runs out of events and cimvp reports it.
void Cpu::sleep_until_interrupt() {
    // The interrupt may have arrived while the CPU synchronised before sleeping.
    if (!core_.wakeup_pending()) {
        sleeping_ = true;
        sc_core::wait(irq_event_);
        sleeping_ = false;
    }
    uint64_t now_cycles = time_to_cycles_ceil(sc_core::sc_time_stamp());
    if (now_cycles > core_.cycles()) {
        if (vcd_)
            vcd_->interval(vcd_sleep_, vcd_ps(cycles_to_time(core_.cycles())),
                           vcd_ps(cycles_to_time(now_cycles)), 1);
        sleep_cycles_ += now_cycles - core_.cycles();
        core_.add_idle_cycles(now_cycles - core_.cycles());
    }
}

iss::BusStatus Cpu::transport(tlm::tlm_command cmd, uint32_t addr, uint8_t* data, unsigned len,
                              uint64_t& extra_cycles) {
    tlm::tlm_generic_payload tx;
    init_payload(tx, cmd, addr, data, len);
    sc_time before = local_now() - sc_core::sc_time_stamp();
    sc_time delay = before;
    socket->b_transport(tx, delay);
    extra_cycles = delay > before ? time_to_cycles_ceil(delay - before) : 0;
    return tx.is_response_ok() ? iss::BusStatus::ok : iss::BusStatus::access_fault;
}

iss::BusStatus Cpu::read(uint32_t addr, uint8_t* data, unsigned len, uint64_t& extra) {
    return transport(tlm::TLM_READ_COMMAND, addr, data, len, extra);
}

iss::BusStatus Cpu::write(uint32_t addr, const uint8_t* data, unsigned len, uint64_t& extra) {
    return transport(tlm::TLM_WRITE_COMMAND, addr, const_cast<uint8_t*>(data), len, extra);
}

uint64_t Cpu::mtime() {
    uint64_t value = 0, ignored = 0;
    transport(tlm::TLM_READ_COMMAND, config_.mtime_address, reinterpret_cast<uint8_t*>(&value), 8,
              ignored);
    return value;
}

bool Cpu::semihost(uint32_t op, uint32_t arg, uint32_t& result) {
    if (!semihosting_) return false;
    result = semihosting_->call(op, arg);
    return true;
}

} // namespace cimvp
