// The SystemC/TLM wrapper around the ISS core (iss::Core, no SystemC inside).
//
// Temporal decoupling: the core runs ahead of SystemC time in chunks and the
// wrapper keeps its local time offset in a tlm_utils::tlm_quantumkeeper. The
// CPU's time is always cycles * clock period. A chunk ends at the earlier of
//  * the end of the global quantum (--quantum; default 10 us), and
//  * the next pending SystemC event (sc_time_to_pending_activity), so timer
//    and device interrupts are taken at the cycle they are due, however
//    large the quantum;
// and only then does the wrapper synchronise. The per-instruction path has a
// single `cycles < limit` compare (see iss/rv32_core.h).
//
// Instruction fetch and RAM loads/stores use DMI; other accesses go through
// the initiator socket with the local time offset as the annotated delay, and
// the target's latency is charged to the core as stall cycles.
//
// A debugger (CpuDebugger, e.g. the GDB server) is served from this thread
// between chunks: while it waits for its user the whole simulation stands
// still. Without one, the only cost is a pointer test per chunk.
#pragma once

#include "platform/tlm_base/irq_line.h"
#include "platform/tlm_base/vcd_writer.h"
#include "platform/iss/rv32_core.h"
#include "platform/semihosting.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include <optional>
#include <string>

namespace cimvp {

struct CpuConfig {
    sc_core::sc_time clock_period = sc_core::sc_time(10, sc_core::SC_NS); // 100 MHz
    iss::CpiTable cpi;
    iss::BusErrorPolicy bus_errors = iss::BusErrorPolicy::stop;
    bool blocks = true, native_code = true; // the ISS's engine (--cpu.engine)
    bool sync_every_chunk = false;          // --cpu.sync every-chunk (Cpu::skip_sync)
    uint64_t max_instructions = 0;          // 0: unlimited
    uint32_t mtime_address = 0;             // where `time` CSR reads come from (CLINT mtime)
};

enum class RunEnd { running, exited, fatal, instruction_limit, sleeping_forever, killed };

// A debugger attached to the CPU (platform/gdb_server.h). The CPU calls it
// from its SystemC thread, so simulated time does not advance while it runs.
class CpuDebugger {
  public:
    // watchpoint: a debugger's trigger fired (iss::Core::last_trigger()).
    enum class Event { attached, breakpoint, watchpoint, step, interrupted };
    enum class Command { resume, step, detach, kill };
    virtual ~CpuDebugger() = default;
    // The CPU stopped before the instruction at pc: returns how to go on.
    virtual Command stopped(Event why) = 0;
    // Polled while running, every kDebugPollCycles: the user asked to stop.
    virtual bool interrupt_requested() = 0;
};

class Cpu : public sc_core::sc_module, private iss::BusPort {
  public:
    tlm_utils::simple_initiator_socket<Cpu> socket;

    Cpu(sc_core::sc_module_name name, const CpuConfig& config);

    void start(uint32_t entry, uint32_t tohost);
    void set_semihosting(Semihosting* sh) { semihosting_ = sh; }
    void request_exit(int code) { core_.halt(code); }
    // Connects a device's interrupt output to one of the core's mip bits.
    void connect_irq(IrqLine& line, iss::IrqBit bit);

    // Before the simulation starts: records its sleep (wfi) and interrupt lines into `vcd`.
    void record_to(VcdWriter& vcd);
    // Before the simulation starts: the CPU stops for it before the first instruction.
    void attach_debugger(CpuDebugger* debugger) { debugger_ = debugger; }
    // Memory as a debugger sees it: the bus's debug transport (RAM, device
    // registers, no time passing), except writes outside RAM, which are bus
    // writes so that they reach the device (a register's side effects).
    // Writes drop the decoded instructions they overwrite. False if
    // [addr, addr + len) is not one target's, whole.
    bool debug_access(bool write, uint32_t addr, uint8_t* data, unsigned len);

    iss::Core& core() { return core_; }
    RunEnd end() const { return end_; }
    bool sleeping() const { return sleeping_; }
    // Cycles spent asleep in wfi (part of cycles()).
    uint64_t sleep_cycles() const { return sleep_cycles_; }
    // Simulated time as the CPU sees it (it may be ahead of sc_time_stamp()).
    sc_core::sc_time local_now() const { return cycles_to_time(core_.cycles()); }
    sc_core::sc_time cycles_to_time(uint64_t c) const {
        return sc_core::sc_time::from_value(c * period_);
    }

  private:
    // Exposes the quantum keeper's next sync point (protected in TLM).
    struct QuantumKeeper : tlm_utils::tlm_quantumkeeper {
        sc_core::sc_time next_sync_point() const { return m_next_sync_point; }
    };
    bool sync_would_run_nothing_else() const;
    void skip_sync();

    void thread();
    uint64_t chunk_limit();
    bool serve_debugger();
    iss::Stop run_debugged(uint64_t limit);
    void sleep_until_interrupt();
    void acquire_dmi();
    void invalidate_dmi(sc_dt::uint64, sc_dt::uint64) { acquire_dmi(); }
    uint64_t time_to_cycles_ceil(const sc_core::sc_time& t) const {
        return (t.value() + period_ - 1) / period_;
    }
    iss::BusStatus transport(tlm::tlm_command cmd, uint32_t addr, uint8_t* data, unsigned len,
                             uint64_t& extra_cycles);

    // iss::BusPort
    iss::BusStatus read(uint32_t addr, uint8_t* data, unsigned len, uint64_t& extra) override;
    iss::BusStatus write(uint32_t addr, const uint8_t* data, unsigned len,
                         uint64_t& extra) override;
    uint64_t mtime() override;
    bool semihost(uint32_t op, uint32_t arg, uint32_t& result) override;

    CpuConfig config_;
    uint64_t period_; // clock period in SystemC time-resolution units
    iss::Core core_;
    QuantumKeeper qk_;
    // While chunk ends skip their synchronisation (skip_sync): the quantum boundary the
    // skipped syncs would have set, in place of qk_'s; zero when the last chunk end synced.
    sc_core::sc_time skipped_sync_point_;
    bool syncs_skipped_ = false;
    Semihosting* semihosting_ = nullptr;
    sc_core::sc_event irq_event_;
    RunEnd end_ = RunEnd::running;
    bool sleeping_ = false;
    uint64_t sleep_cycles_ = 0;
    uint32_t entry_ = 0;
    iss::DmiWindow ram_; // the DMI window: RAM

    // Debugging (all idle without a debugger).
    static constexpr uint64_t kDebugPollCycles = 1u << 20; // a few ms of host time
    CpuDebugger* debugger_ = nullptr;
    std::optional<CpuDebugger::Event> debug_stop_; // to report before the next chunk
    bool stepping_ = false;                        // the debugger asked for one instruction
    bool resuming_ = false;                        // first chunk after a stop
    bool trigger_stop_ = false;                    // stopped at a debugger's trigger
    uint64_t next_poll_ = 0;

    // Waveform (--vcd; idle without one).
    VcdWriter* vcd_ = nullptr;
    VcdWriter::Signal vcd_sleep_ = 0, vcd_irq_[iss::irq_mei + 1] = {};
    sc_core::sc_process_handle thread_handle_;
    uint64_t vcd_now_ps() const;
};

} // namespace cimvp
