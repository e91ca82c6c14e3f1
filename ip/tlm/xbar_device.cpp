#include "ip/tlm/xbar_device.h"

#include "ip/tlm/xbar_regmap.h"

#include <cstring>
#include <stdexcept>

namespace cimvp {

using sc_core::sc_time;

namespace {
uint32_t lo(uint64_t v) { return static_cast<uint32_t>(v); }
uint32_t hi(uint64_t v) { return static_cast<uint32_t>(v >> 32); }
} // namespace

XbarDevice::XbarDevice(sc_core::sc_module_name name, const xbar::XbarConfig& config, uint64_t base,
                       uint32_t buffer_bytes)
    : RegisterDevice(name, sc_core::SC_ZERO_TIME), dma("dma"), config_(config), base_(base),
      buffer_(buffer_bytes) {
    xbar::validate(config_);
    for (int i = 0; i < config_.crossbars; ++i)
        crossbars_.push_back(std::make_unique<xbar::Crossbar>(config_, static_cast<uint32_t>(i)));
    weight_sums_.resize(crossbars_.size());
    declare_registers();
    SC_HAS_PROCESS(XbarDevice);
    SC_METHOD(on_done);
    sensitive << done_event_;
    dont_initialize();
}

void XbarDevice::declare_registers() {
    Registers& r = regs_;
    r.ROWS = static_cast<uint64_t>(config_.rows);
    r.COLS = static_cast<uint64_t>(config_.cols);
    r.COUNT = static_cast<uint64_t>(config_.crossbars);
    r.MAPPING = static_cast<uint64_t>(config_.mapping);
    r.MAX_INPUTS = static_cast<uint64_t>(config_.max_tile_inputs());
    r.MAX_OUTPUTS = static_cast<uint64_t>(config_.max_tile_outputs());
    r.CMD.on_write(&XbarDevice::start);
    r.STATUS.on_read(&XbarDevice::status);
    r.IRQ_ENABLE.writable(CIMX_IRQ_DONE | CIMX_IRQ_ERROR).on_write(&XbarDevice::write_irq_register);
    r.IRQ_STATUS.on_write(&XbarDevice::write_irq_register);
    r.COUNTERS_CLEAR.on_write(&XbarDevice::clear_counters);
    r.QUEUE_DONE.on_read(&XbarDevice::queue_done);
    r.QUEUE_FAILED.on_read([this](const sc_time&) -> uint64_t { return queue_failed_; });

    struct Counter {
        Register& lo;
        Register& hi;
        std::function<uint64_t()> value;
    };
    const Counter counters[] = {
        // Registers show the totals since the last COUNTERS_CLEAR; the run's
        // statistics keep the totals since start.
        {r.BUSY_NS_LO, r.BUSY_NS_HI, [this] { return counters_.busy_ns - cleared_.busy_ns; }},
        {r.MVMS_LO, r.MVMS_HI, [this] { return counters_.mvms - cleared_.mvms; }},
        {r.CONVERSIONS_LO, r.CONVERSIONS_HI,
         [this] { return counters_.conversions - cleared_.conversions; }},
        {r.CELLS_LO, r.CELLS_HI, [this] { return counters_.cells - cleared_.cells; }},
        {r.ENERGY_FJ_LO, r.ENERGY_FJ_HI,
         [this] {
             return static_cast<uint64_t>((counters_.energy_pj - cleared_.energy_pj) * 1e3 + 0.5);
         }},
        {r.DMA_BYTES_LO, r.DMA_BYTES_HI,
         [this] { return counters_.dma_bytes - cleared_.dma_bytes; }},
    };
    for (const Counter& c : counters) {
        auto value = c.value;
        c.lo.on_read([value](const sc_time&) -> uint64_t { return lo(value()); });
        c.hi.on_read([value](const sc_time&) -> uint64_t { return hi(value()); });
    }
    for (Register* reg : {&r.RD_THRESHOLD_LO, &r.RD_THRESHOLD_HI, &r.RD_STATUS, &r.RD_OVER_XBAR,
                          &r.RD_MAX_READS_LO, &r.RD_MAX_READS_HI, &r.REFRESH_FIRST, &r.REFRESH_ROWS,
                          &r.REFRESHED_ROWS_LO, &r.REFRESHED_ROWS_HI})
        aging_.attach(*reg);
}

XbarDevice::Params XbarDevice::latch_params() const {
    Params p;
    p.xbar = static_cast<uint32_t>(regs_.XBAR);
    p.outputs = static_cast<uint32_t>(regs_.OUTPUTS);
    p.inputs = static_cast<uint32_t>(regs_.INPUTS);
    p.src = static_cast<uint32_t>(regs_.SRC);
    p.dst = static_cast<uint32_t>(regs_.DST);
    p.batch = static_cast<uint32_t>(regs_.BATCH);
    p.flags = static_cast<uint32_t>(regs_.FLAGS);
    p.src_stride = static_cast<uint32_t>(regs_.SRC_STRIDE);
    p.dst_stride = static_cast<uint32_t>(regs_.DST_STRIDE);
    p.adc_lo = static_cast<int32_t>(static_cast<uint32_t>(regs_.ADC_LO));
    p.adc_hi = static_cast<int32_t>(static_cast<uint32_t>(regs_.ADC_HI));
    p.queue_addr = static_cast<uint32_t>(regs_.QUEUE_ADDR);
    p.queue_len = static_cast<uint32_t>(regs_.QUEUE_LEN);
    return p;
}

// IRQ_ENABLE written, or IRQ_STATUS bits cleared: the line follows.
void XbarDevice::write_irq_register(uint64_t) { update_irq(); }

void XbarDevice::Counters::add_difference(const Counters& later, const Counters& earlier) {
    busy_ns += later.busy_ns - earlier.busy_ns, mvms += later.mvms - earlier.mvms;
    conversions += later.conversions - earlier.conversions, cells += later.cells - earlier.cells;
    dma_bytes += later.dma_bytes - earlier.dma_bytes, commands += later.commands - earlier.commands;
    energy_pj += later.energy_pj - earlier.energy_pj, mvm_ns += later.mvm_ns - earlier.mvm_ns;
    program_ns += later.program_ns - earlier.program_ns, dma_ns += later.dma_ns - earlier.dma_ns;
    mvm_pj += later.mvm_pj - earlier.mvm_pj, program_pj += later.program_pj - earlier.program_pj;
    dma_pj += later.dma_pj - earlier.dma_pj;
    mvm_array_pj += later.mvm_array_pj - earlier.mvm_array_pj;
    mvm_adc_pj += later.mvm_adc_pj - earlier.mvm_adc_pj;
    mvm_digital_pj += later.mvm_digital_pj - earlier.mvm_digital_pj;
    descriptors += later.descriptors - earlier.descriptors;
    periph_ns += later.periph_ns - earlier.periph_ns,
        periph_pj += later.periph_pj - earlier.periph_pj;
    dma_wait_ns += later.dma_wait_ns - earlier.dma_wait_ns;
}

void XbarDevice::clear_counters(uint64_t value) {
    if (value & 1) cleared_ = counters_;
}

// ---- commands ----------------------------------------------------------------

void XbarDevice::start(uint32_t cmd, const sc_time& now) {
    if (busy_ && now < done_at_) return fail(CIMX_ERR_BUSY, now);
    if (busy_) complete(); // due at this very moment
    p_ = latch_params();
    regs_.ERROR = 0;
    done_ = false;
    uint32_t err = 0;
    double ns = 0;
    OpCost cost;
    aging_.before_command(cmd, p_.xbar, now.to_seconds());
    switch (cmd) {
    case CIMX_CMD_PROGRAM: ns = (cost = run_program(p_, err)).total(); break;
    case CIMX_CMD_MVM: ns = (cost = run_mvm(p_, err, true)).total(); break;
    case CIMX_CMD_SET_ADC_RANGE: err = set_adc_range(p_, false); break;
    case CIMX_CMD_RESET_ADC_RANGE: err = set_adc_range(p_, true); break;
    case CIMX_CMD_RUN_QUEUE:
        queue_start_ = now;
        ns = run_queue(err);
        break;
    case CIMX_CMD_REFRESH: ns = cost.unit_ns = run_refresh(err); break;
    default: err = CIMX_ERR_BAD_COMMAND; break;
    }
    if (err) return fail(err, now);
    ++counters_.commands;
    busy_ = true;
    done_at_ = now + sc_time(ns, sc_core::SC_NS);
    counters_.busy_ns += static_cast<uint64_t>(ns + 0.5);
    if (waves_) record_command(cmd, cost, ns, now);
    if (cmd == CIMX_CMD_RUN_QUEUE)
        for (const auto& [layer, busy] : queue_layer_busy_) layer_counters_[layer].busy_ns += busy;
    done_event_.cancel(); // an earlier completion's notification must not finish this one
    done_event_.notify(done_at_ - sc_core::sc_time_stamp());
}

void XbarDevice::record_to(VcdWriter& vcd) {
    waves_ = std::make_unique<XbarWaves>(
        vcd, config_.crossbars,
        std::vector<const char*>{"threshold", "pool", "gather", "add"}); // PeripheryUnit order
}

// A single command's schedule: inputs by DMA, the crossbar, outputs by DMA, one after the
// other. A command list records its own (xbar_queue.cpp).
void XbarDevice::record_command(uint32_t cmd, const OpCost& cost, double ns,
                                const sc_core::sc_time& now) {
    const uint64_t start = vcd_ps(now);
    waves_->command(start, ns, cmd == CIMX_CMD_RUN_QUEUE);
    if (cmd == CIMX_CMD_RUN_QUEUE) return;
    const auto state = cmd == CIMX_CMD_MVM ? XbarWaves::computing : XbarWaves::programming;
    const double unit_start = cost.dma_in_ns, unit_end = unit_start + cost.unit_ns;
    waves_->dma(start, 0, cost.dma_in_ns);
    waves_->unit(start, int(p_.xbar), state, unit_start, unit_end);
    waves_->dma(start, unit_end, cost.dma_out_ns);
}

uint32_t XbarDevice::set_adc_range(const Params& p, bool reset) {
    if (p.xbar >= crossbars_.size()) return CIMX_ERR_BAD_XBAR;
    if (reset) {
        crossbars_[p.xbar]->reset_adc_range();
        return 0;
    }
    if (p.adc_lo >= p.adc_hi) return CIMX_ERR_BAD_ADC_RANGE;
    crossbars_[p.xbar]->set_adc_range({p.adc_lo * 1e-3, p.adc_hi * 1e-3}); // nA -> uA
    return 0;
}

void XbarDevice::on_done() {
    if (busy_ && sc_core::sc_time_stamp() >= done_at_) complete();
}

uint32_t XbarDevice::status(const sc_time& now) {
    if (busy_ && now >= done_at_) complete();
    return (busy_ ? CIMX_STATUS_BUSY : 0) | (done_ ? CIMX_STATUS_DONE : 0) |
           (regs_.ERROR ? CIMX_STATUS_ERROR : 0);
}

void XbarDevice::fail(uint32_t error, const sc_time&) {
    regs_.ERROR = error;
    raise(CIMX_IRQ_ERROR);
}

void XbarDevice::raise(uint32_t irq_bits) {
    regs_.IRQ_STATUS |= irq_bits;
    update_irq();
}

// Results reach memory, DONE is set and the interrupt rises: at done_at_, from
// the completion event or from an earlier-scheduled reader that is already there.
void XbarDevice::complete() {
    if (!busy_) return;
    for (size_t b = 0; b * pending_outputs_ < pending_results_.size(); ++b)
        dma_write(pending_dst_ + static_cast<uint32_t>(b) * pending_stride_,
                  pending_results_.data() + b * pending_outputs_, 4 * pending_outputs_);
    pending_results_.clear();
    busy_ = false;
    if (pending_error_) { // a queue that stopped at a failing descriptor
        regs_.ERROR = pending_error_;
        pending_error_ = 0;
        raise(CIMX_IRQ_ERROR);
        return;
    }
    done_ = true;
    raise(CIMX_IRQ_DONE);
}

uint32_t XbarDevice::check_tile(const Params& p, bool for_mvm) const {
    if (p.xbar >= crossbars_.size()) return CIMX_ERR_BAD_XBAR;
    if (!for_mvm) {
        if (p.outputs == 0 || p.inputs == 0 ||
            p.outputs > static_cast<uint32_t>(config_.max_tile_outputs()) ||
            p.inputs > static_cast<uint32_t>(config_.max_tile_inputs()))
            return CIMX_ERR_TILE_TOO_LARGE;
        return 0;
    }
    const xbar::Crossbar& xb = *crossbars_[p.xbar];
    if (!xb.programmed()) return CIMX_ERR_NOT_PROGRAMMED;
    if (p.outputs != static_cast<uint32_t>(xb.outputs()) ||
        p.inputs != static_cast<uint32_t>(xb.inputs()) || p.batch == 0)
        return CIMX_ERR_BAD_SHAPE;
    return 0;
}

XbarDevice::OpCost XbarDevice::run_program(const Params& p, uint32_t& error) {
    if ((error = check_tile(p, false))) return {};
    uint32_t bytes = p.outputs * p.inputs;
    const int8_t* w = view(p.src, bytes, scratch_.w);
    if (!w) return error = CIMX_ERR_DMA_RANGE, OpCost{};
    xbar::ProgramActivity activity;
    try {
        activity =
            crossbars_[p.xbar]->program(w, static_cast<int>(p.outputs), static_cast<int>(p.inputs));
    } catch (const std::invalid_argument&) {
        return error = CIMX_ERR_BAD_VALUE, OpCost{};
    }
    std::vector<int32_t>& sums = weight_sums_[p.xbar]; // for bit-sliced binary inputs
    sums.assign(p.outputs, 0);
    for (uint32_t o = 0; o < p.outputs; ++o)
        for (uint32_t i = 0; i < p.inputs; ++i) sums[o] += w[size_t(o) * p.inputs + i];
    xbar::Cost prog = xbar::program_cost(config_.timing, activity);
    xbar::Cost dma_in = xbar::dma_cost(config_.timing, bytes);
    counters_.cells += activity.cells;
    counters_.dma_bytes += bytes;
    counters_.energy_pj += prog.pj + dma_in.pj;
    counters_.program_ns += prog.ns;
    counters_.program_pj += prog.pj;
    counters_.dma_pj += dma_in.pj;
    counters_.dma_ns += dma_in.ns;
    OpCost c;
    c.dma_in_ns = dma_in.ns, c.unit_ns = prog.ns;
    return c;
}

// Re-programming rows costs what programming them costs (no DMA: the device re-writes the
// states the cells hold) and is counted as programming.
double XbarDevice::run_refresh(uint32_t& error) {
    xbar::ProgramActivity activity;
    if ((error = aging_.refresh(p_.xbar, activity))) return 0;
    const xbar::Cost cost = xbar::program_cost(config_.timing, activity);
    counters_.cells += activity.cells;
    counters_.energy_pj += cost.pj;
    counters_.program_ns += cost.ns;
    counters_.program_pj += cost.pj;
    return cost.ns;
}

namespace {
// Bit-sliced MVM results: vector b * batch + r is bit b of input row r; a binary alphabet drove
// x = 2 bit - 1, so W.bit = (W.x + sum W) / 2 (floored, as the firmware's CPU path does).
void recombine_slices(const std::vector<int32_t>& y8, uint32_t batch, uint32_t m, bool binary,
                      const std::vector<int32_t>& sums, int32_t* y) {
    for (uint32_t r = 0; r < batch; ++r)
        for (uint32_t o = 0; o < m; ++o) {
            int64_t s = 0;
            for (uint32_t b = 0; b < 8; ++b)
                s += int64_t(y8[(size_t(b) * batch + r) * m + o] + (binary ? sums[o] : 0)) *
                     (int64_t(1) << b); // not `<< b`: the sum may be negative (UB before C++20)
            y[size_t(r) * m + o] = int32_t(binary ? (s - (s & 1)) / 2 : s);
        }
}
} // namespace

XbarDevice::OpCost XbarDevice::run_mvm(const Params& p, uint32_t& error, bool defer_results,
                                       std::vector<MemRange>* reads,
                                       std::vector<MemRange>* writes) {
    if ((error = check_tile(p, true))) return {};
    xbar::Crossbar& xb = *crossbars_[p.xbar];
    const uint32_t n = p.inputs, m = p.outputs, batch = p.batch;
    const uint32_t src_stride = p.src_stride ? p.src_stride : n;
    const uint32_t dst_stride = p.dst_stride ? p.dst_stride : 4 * m;
    const bool accumulate = p.flags & CIMX_FLAG_ACCUMULATE;
    const bool bitslice = p.flags & CIMX_DESC_FLAG_BITSLICE;
    const size_t x_size = size_t(batch) * n;
    // The inputs in place when their rows are contiguous in one DMI region (the crossbar
    // only reads them; its results go to y), else row by row into scratch.
    const int8_t* x = nullptr;
    if (src_stride == n && uint64_t(p.src) + x_size <= (1ull << 32))
        x = reinterpret_cast<const int8_t*>(dma_pointer(p.src, static_cast<uint32_t>(x_size)));
    if (!x) scratch_.x.resize(x_size);
    const size_t y_size = size_t(batch) * m;
    std::vector<int32_t>& acc = scratch_.acc;
    acc.resize(accumulate ? y_size : 0);
    for (uint32_t b = 0; b < batch; ++b) {
        if ((!x && !dma_read(p.src + b * src_stride, scratch_.x.data() + size_t(b) * n, n)) ||
            !dma_pointer(p.dst + b * dst_stride, 4 * m))
            return error = CIMX_ERR_DMA_RANGE, OpCost{};
        if (accumulate) dma_read(p.dst + b * dst_stride, acc.data() + size_t(b) * m, 4 * m);
    }
    // The results straight into memory when they are written now, contiguous, aligned, and
    // clear of the inputs read in place; else into scratch, written row by row afterwards.
    int32_t* y = nullptr;
    if (!defer_results && !accumulate && dst_stride == 4 * m)
        y = direct_output<int32_t>(p.dst, y_size, {{p.src, uint64_t(batch - 1) * src_stride + n}});
    if (!y) scratch_.y.resize(y_size), y = scratch_.y.data(); // the crossbar writes every element
    if (!x) x = scratch_.x.data();
    xbar::MvmActivity activity;
    try {
        if (bitslice) {
            const bool binary = !config_.mapping_spec().ternary;
            std::vector<int8_t>& slices = scratch_.slices;
            slices.resize(x_size * 8);
            for (uint32_t b = 0; b < 8; ++b)
                for (size_t i = 0; i < x_size; ++i)
                    slices[b * x_size + i] =
                        (uint8_t(x[i]) >> b) & 1 ? 1 : static_cast<int8_t>(binary ? -1 : 0);
            std::vector<int32_t>& y8 = scratch_.y8;
            y8.resize(y_size * 8);
            activity = xb.mvm_batch(slices.data(), size_t(batch) * 8, y8.data());
            recombine_slices(y8, batch, m, binary, weight_sums_[p.xbar], y);
        } else {
            activity = xb.mvm_batch(x, batch, y);
        }
    } catch (const std::invalid_argument&) {
        return error = CIMX_ERR_BAD_VALUE, OpCost{};
    }
    for (size_t i = 0; i < acc.size(); ++i) y[i] += acc[i];
    if (defer_results) {
        pending_results_.swap(scratch_.y);
        pending_dst_ = p.dst, pending_stride_ = dst_stride, pending_outputs_ = m;
    } else if (y == scratch_.y.data()) {
        for (uint32_t b = 0; b < batch; ++b)
            dma_write(p.dst + b * dst_stride, y + size_t(b) * m, 4 * m);
    }
    if (reads) reads->push_back({p.src, n, src_stride, batch});
    if (writes) writes->push_back({p.dst, 4ull * m, dst_stride, batch});

    uint64_t in_bytes = uint64_t(batch) * n + (accumulate ? 4ull * batch * m : 0);
    uint64_t out_bytes = 4ull * batch * m;
    const xbar::MvmEnergy energy =
        xbar::mvm_energy(config_.timing, config_.device.v_read, xb.shape(), activity);
    const xbar::Cost compute = {static_cast<double>(activity.mvms) *
                                    xbar::mvm_time_ns(config_.timing, xb.shape()),
                                energy.total()};
    xbar::Cost dma_in = xbar::dma_cost(config_.timing, in_bytes);
    xbar::Cost dma_out = xbar::dma_cost(config_.timing, out_bytes);
    counters_.mvms += activity.mvms;
    counters_.conversions += activity.conversions;
    counters_.dma_bytes += in_bytes + out_bytes;
    counters_.energy_pj += compute.pj + dma_in.pj + dma_out.pj;
    counters_.mvm_ns += compute.ns;
    counters_.mvm_pj += compute.pj;
    counters_.mvm_array_pj += energy.array_pj();
    counters_.mvm_adc_pj += energy.adc_pj;
    counters_.mvm_digital_pj += energy.digital_pj;
    counters_.dma_pj += dma_in.pj + dma_out.pj;
    counters_.dma_ns += dma_in.ns + dma_out.ns;
    OpCost c;
    c.dma_in_ns = dma_in.ns, c.unit_ns = compute.ns, c.dma_out_ns = dma_out.ns;
    return c;
}

// ---- DMA -----------------------------------------------------------------------

uint8_t* XbarDevice::dma_pointer(uint32_t addr, uint32_t len) {
    uint64_t buf = base_ + CIMX_XBAR_BUFFER_OFFSET;
    if (addr >= buf && addr - buf <= buffer_.size() && buffer_.size() - (addr - buf) >= len)
        return buffer_.data() + (addr - buf);
    auto covers = [&](const tlm::tlm_dmi& d) {
        return addr >= d.get_start_address() && uint64_t(addr) + len - 1 <= d.get_end_address();
    };
    if (!have_dmi_ || !covers(dmi_)) {
        tlm::tlm_generic_payload tx;
        tx.set_address(addr);
        tx.set_command(tlm::TLM_READ_COMMAND);
        tlm::tlm_dmi d;
        if (!dma->get_direct_mem_ptr(tx, d) || !d.is_read_write_allowed() || !covers(d))
            return nullptr;
        dmi_ = d;
        have_dmi_ = true;
    }
    return dmi_.get_dmi_ptr() + (addr - dmi_.get_start_address());
}

bool XbarDevice::dma_read(uint32_t addr, void* dst, uint32_t len) {
    uint8_t* p = dma_pointer(addr, len);
    if (p) std::memcpy(dst, p, len);
    return p != nullptr;
}

bool XbarDevice::dma_write(uint32_t addr, const void* src, uint32_t len) {
    uint8_t* p = dma_pointer(addr, len);
    if (p) std::memcpy(p, src, len);
    return p != nullptr;
}

bool XbarDevice::access_unmapped(tlm::tlm_generic_payload& tx, const sc_time&) {
    uint64_t off = tx.get_address();
    uint32_t len = tx.get_data_length();
    if (off < CIMX_XBAR_BUFFER_OFFSET || off - CIMX_XBAR_BUFFER_OFFSET > buffer_.size() ||
        buffer_.size() - (off - CIMX_XBAR_BUFFER_OFFSET) < len)
        return false;
    uint8_t* p = buffer_.data() + (off - CIMX_XBAR_BUFFER_OFFSET);
    if (tx.is_read())
        std::memcpy(tx.get_data_ptr(), p, len);
    else if (tx.is_write())
        std::memcpy(p, tx.get_data_ptr(), len);
    return true;
}

} // namespace cimvp
