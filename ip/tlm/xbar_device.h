// The crossbar accelerator as a memory-mapped TLM-2.0 device.
//
// Registers (xbar_regmap.h, the single source shared with firmware and docs)
// at the target socket, the on-chip buffer after them, an initiator socket for
// the DMA engine (bulk data goes RAM <-> crossbar through DMI, never word by
// word through the CPU) and one interrupt line (to the CPU's MEIP).
//
// A command runs functionally when it is written (inputs are read at that
// moment) and completes at start + its modelled duration (DMA + programming
// or MVM time from xbar::timing_energy): results reach memory, DONE is set and
// the interrupt rises then. STATUS is evaluated at the reader's local time; a
// command that is due by then completes at that read, so a temporally
// decoupled CPU never sees stale status. Misuse sets ERROR and the error
// interrupt and never stops the simulation.
#pragma once

#include "ip/tlm/xbar_aging.h"
#include "ip/tlm/xbar_regmap.h"
#include "ip/tlm/xbar_waves.h"
#include "ip/xbar/crossbar.h"
#include "ip/xbar/xbar_config.h"
#include "platform/tlm_base/irq_line.h"
#include "ip/tlm/queue_timing.h"
#include "platform/tlm_base/register_device.h"

#include <tlm_utils/simple_initiator_socket.h>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <vector>

namespace cimvp {

class XbarDevice : public RegisterDevice {
  public:
    tlm_utils::simple_initiator_socket<XbarDevice> dma;
    IrqLine irq;

    XbarDevice(sc_core::sc_module_name name, const xbar::XbarConfig& config, uint64_t base,
               uint32_t buffer_bytes);

    // Totals for end-of-run statistics.
    struct Counters {
        uint64_t busy_ns = 0, mvms = 0, conversions = 0, cells = 0, dma_bytes = 0, commands = 0;
        double energy_pj = 0, mvm_ns = 0, program_ns = 0, dma_ns = 0;
        double mvm_pj = 0, program_pj = 0, dma_pj = 0; // energy_pj by component
        // mvm_pj by component (they add up to it): word-line drivers and cell reads, ADC
        // conversions, digital shift-and-add (xbar::MvmEnergy).
        double mvm_array_pj = 0, mvm_adc_pj = 0, mvm_digital_pj = 0;
        // The command queue: descriptors run, their digital periphery (threshold, pool,
        // row-add, im2col units: time busy and energy, part of energy_pj), and the time
        // descriptors spent ready but waiting for the shared DMA channel.
        uint64_t descriptors = 0;
        double periph_ns = 0, periph_pj = 0, dma_wait_ns = 0;
        // Adds later - earlier, field by field.
        void add_difference(const Counters& later, const Counters& earlier);
    };
    const Counters& counters() const { return counters_; }
    // The work of queue descriptors by their layer tag (CIMX_DESC_LAYER_WORD, tags >= 1),
    // since start: a part of counters(). busy_ns is the layer's share of the queues' busy
    // time: how far its descriptors moved the queue's end (the latest end so far) on, so
    // that the shares of a queue add up to its busy time exactly. A descriptor fetch counts
    // in the layer of the first descriptor it brings.
    const std::map<uint32_t, Counters>& layer_counters() const { return layer_counters_; }
    const xbar::XbarConfig& config() const { return config_; }
    const XbarAging& aging() const { return aging_; }
    const xbar::Crossbar& crossbar(uint32_t i) const { return *crossbars_.at(i); }
    // Before the simulation starts: records the device's activity into `vcd` (xbar_waves.h).
    void record_to(VcdWriter& vcd);

  private:
    // The registers of xbar_regmap.h, one member each (regs_.STATUS, regs_.XBAR, ...), with the
    // table's access and reset value; declare_registers() adds the behaviour.
    struct Registers {
        RegisterDevice& device;
        // clang-format off
#define CIMVP_XBAR_REGISTER_MEMBER(name, offset, access, reset, meaning) \
        Register name{device, #name, offset, 4, Access::access, reset};
        CIMX_XBAR_REGISTERS(CIMVP_XBAR_REGISTER_MEMBER)
#undef CIMVP_XBAR_REGISTER_MEMBER
        // clang-format on
    };
    struct Params { // the command registers, latched when a command starts
        uint32_t xbar = 0, outputs = 0, inputs = 0, src = 0, dst = 0, batch = 1, flags = 0;
        uint32_t src_stride = 0, dst_stride = 0;
        int32_t adc_lo = 0, adc_hi = 0;
        uint32_t queue_addr = 0, queue_len = 0;
    };
    // Where a command's time goes: input transfer, its unit, output transfer (ns).
    struct OpCost {
        double dma_in_ns = 0, unit_ns = 0, dma_out_ns = 0;
        double total() const { return dma_in_ns + unit_ns + dma_out_ns; }
    };
    // The queue's units: crossbars 0..count-1, then the periphery units.
    enum PeripheryUnit { kThresholdUnit = 0, kPoolUnit, kGatherUnit, kAddUnit, kPeripheryUnits };

    void declare_registers();
    Params latch_params() const;
    void start(uint32_t cmd, const sc_core::sc_time& now);
    void write_irq_register(uint64_t value);
    void clear_counters(uint64_t value);
    uint32_t status(const sc_core::sc_time& now);
    void fail(uint32_t error, const sc_core::sc_time& now);
    void raise(uint32_t irq_bits);
    void update_irq() { irq.set((regs_.IRQ_STATUS & regs_.IRQ_ENABLE) != 0); }
    void complete();
    void on_done();
    void record_command(uint32_t cmd, const OpCost& cost, double ns, const sc_core::sc_time& now);

    OpCost run_program(const Params& p, uint32_t& error);
    OpCost run_mvm(const Params& p, uint32_t& error, bool defer_results,
                   std::vector<MemRange>* reads = nullptr, std::vector<MemRange>* writes = nullptr);
    double run_refresh(uint32_t& error);
    uint32_t set_adc_range(const Params& p, bool reset);
    uint32_t check_tile(const Params& p, bool for_mvm) const;

    // The command queue (xbar_queue.cpp).
    double run_queue(uint32_t& error);
    uint32_t run_descriptor(const uint32_t* d, OpDemand& demand);
    uint32_t run_threshold(const uint32_t* d, OpDemand& demand);
    uint32_t run_pool(const uint32_t* d, OpDemand& demand);
    uint32_t run_gather(const uint32_t* d, OpDemand& demand);
    uint32_t run_add_rows(const uint32_t* d, OpDemand& demand);
    void periphery_cost(OpDemand& demand, int unit, uint64_t in_bytes, uint64_t out_bytes,
                        uint64_t elements, double pj);
    uint32_t queue_done(const sc_core::sc_time& now);
    void record_descriptor(uint32_t word0, const OpDemand& demand, const OpTimes& t);
    void book_layer_busy(const std::vector<std::pair<uint32_t, double>>& ends, double queue_ns);

    // DMA: copies between system memory (RAM via DMI, or the on-chip buffer)
    // and host vectors; false if the range is not DMA-able.
    bool dma_read(uint32_t addr, void* dst, uint32_t len);
    bool dma_write(uint32_t addr, const void* src, uint32_t len);
    uint8_t* dma_pointer(uint32_t addr, uint32_t len);
    // Copies `n` elements at bus address `addr` into `v`; false if not DMA-able.
    template <typename T> bool fetch(uint32_t addr, std::vector<T>& v, uint64_t n) {
        if (n * sizeof(T) > 0xffffffffull) return false;
        v.resize(n);
        return dma_read(addr, v.data(), static_cast<uint32_t>(n * sizeof(T)));
    }
    // The `n` elements at bus address `addr` for reading: in place (through DMI) when they
    // are aligned for T, else copied into `copy`; nullptr if not DMA-able. Only for inputs
    // that nothing writes before the command has read them (the outputs go to scratch
    // buffers and reach memory after the computation), so that reading in place gives
    // what the copy gave.
    template <typename T> const T* view(uint32_t addr, uint64_t n, std::vector<T>& copy) {
        if (n * sizeof(T) > 0xffffffffull) return nullptr;
        const uint8_t* p = dma_pointer(addr, static_cast<uint32_t>(n * sizeof(T)));
        if (p && reinterpret_cast<uintptr_t>(p) % alignof(T) == 0)
            return reinterpret_cast<const T*>(p);
        return p && fetch(addr, copy, n) ? copy.data() : nullptr;
    }
    // Where a command writes its `n` results at bus address `dst` directly: the memory
    // itself when it is DMA-able, aligned for T and clear of every input byte range
    // (address, length) the command reads in place; else nullptr (the command computes
    // into scratch and copies, so that no result overwrites an input still to be read).
    struct ByteRange {
        uint32_t addr;
        uint64_t len;
    };
    template <typename T>
    T* direct_output(uint32_t dst, uint64_t n, std::initializer_list<ByteRange> inputs) {
        const uint64_t len = n * sizeof(T);
        if (uint64_t(dst) + len > (1ull << 32)) return nullptr;
        for (const ByteRange& in : inputs)
            if (uint64_t(dst) < uint64_t(in.addr) + in.len && uint64_t(in.addr) < dst + len)
                return nullptr;
        uint8_t* p = dma_pointer(dst, static_cast<uint32_t>(len));
        if (!p || reinterpret_cast<uintptr_t>(p) % alignof(T)) return nullptr;
        return reinterpret_cast<T*>(p);
    }
    bool access_unmapped(tlm::tlm_generic_payload& tx, const sc_core::sc_time& now) override;

    xbar::XbarConfig config_;
    uint64_t base_;
    std::vector<std::unique_ptr<xbar::Crossbar>> crossbars_;
    std::vector<std::vector<int32_t>> weight_sums_; // per crossbar: row sums of its tile
    std::vector<uint8_t> buffer_;
    Registers regs_{*this};
    Params p_;
    bool busy_ = false, done_ = false;
    uint32_t pending_error_ = 0; // a queue's error, reported at its completion
    uint32_t queue_failed_ = CIMX_QUEUE_NONE;
    sc_core::sc_time queue_start_;
    std::vector<double> queue_ends_; // ns after queue_start_ at which each descriptor ended, sorted
    std::map<uint32_t, Counters> layer_counters_;
    std::vector<std::pair<uint32_t, uint64_t>> queue_layer_busy_; // booked when the queue starts
    sc_core::sc_time done_at_;
    sc_core::sc_event done_event_;
    std::vector<int32_t> pending_results_; // written to DST at completion
    // Scratch buffers of the commands, kept from one command to the next: a fresh vector
    // of a megabyte per command costs an mmap, its page faults and a zero fill (about
    // 10 % of a tnn-cnn run's time). Every command writes all of what it then reads.
    struct Scratch {
        std::vector<int8_t> x, slices, act, pooled, w;
        std::vector<int32_t> y, y8, acc;
        std::vector<uint8_t> patches;
    } scratch_;
    uint32_t pending_dst_ = 0, pending_stride_ = 0, pending_outputs_ = 0;
    tlm::tlm_dmi dmi_;
    bool have_dmi_ = false;
    Counters counters_, cleared_;
    XbarAging aging_{config_, crossbars_, regs_.XBAR}; // read disturb, REFRESH, drift clock
    std::unique_ptr<XbarWaves> waves_;                 // --vcd (null: not recording)
};

} // namespace cimvp
