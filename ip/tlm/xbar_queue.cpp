// The command queue of the crossbar accelerator: RUN_QUEUE fetches QUEUE_LEN descriptors at
// QUEUE_ADDR by DMA (blocks of kFetchBlock) and runs them. Functionally they run one after the
// other when RUN_QUEUE is written (their results are in memory from then on: firmware waits for
// DONE before it looks, as it would on hardware); their timing comes from QueueSchedule
// (queue_timing.h): crossbars and periphery units work concurrently, the DMA channel is
// shared, dependent descriptors wait. DONE (or ERROR, with QUEUE_FAILED the failing index)
// and one interrupt come when the last descriptor ends. docs/crossbar/command-queue.md.
#include "ip/tlm/periphery.h"
#include "ip/tlm/xbar_device.h"

#include <algorithm>
#include <cstring>

namespace cimvp {

namespace {
constexpr uint32_t kFetchBlock = 16; // descriptors per fetch: the descriptor FIFO's depth
uint32_t lo16(uint32_t v) { return v & 0xffffu; }
uint32_t hi16(uint32_t v) { return v >> 16; }
} // namespace

double XbarDevice::run_queue(uint32_t& error) {
    pending_error_ = 0;
    queue_failed_ = CIMX_QUEUE_NONE;
    queue_ends_.clear();
    queue_layer_busy_.clear();
    if (p_.queue_len == 0) return error = CIMX_ERR_BAD_DESCRIPTOR, 0;
    QueueSchedule schedule(static_cast<int>(crossbars_.size()) + kPeripheryUnits);
    std::vector<uint32_t> block;
    std::vector<double> starts; // of each descriptor: a fetch slot frees when one starts
    std::vector<std::pair<uint32_t, double>> tagged_ends; // (layer tag, end) of tagged descriptors
    double ready = 0;
    for (uint32_t i = 0; i < p_.queue_len; ++i) {
        const Counters before = counters_;
        if (i % kFetchBlock == 0) {
            const uint32_t n = std::min(kFetchBlock, p_.queue_len - i);
            block.resize(size_t(n) * CIMX_DESC_WORDS);
            if (!dma_read(p_.queue_addr + i * CIMX_DESC_BYTES, block.data(), n * CIMX_DESC_BYTES)) {
                pending_error_ = CIMX_ERR_DMA_RANGE, queue_failed_ = i;
                break;
            }
            const xbar::Cost fetch = xbar::dma_cost(config_.timing, n * CIMX_DESC_BYTES);
            const double earliest = i ? starts[i - kFetchBlock] : 0.0;
            const double fetch_start = schedule.dma().book(earliest, fetch.ns);
            ready = fetch_start + fetch.ns;
            if (waves_) waves_->dma(vcd_ps(queue_start_), fetch_start, fetch.ns);
            counters_.dma_bytes += n * CIMX_DESC_BYTES;
            counters_.dma_ns += fetch.ns;
            counters_.dma_pj += fetch.pj;
            counters_.energy_pj += fetch.pj;
        }
        OpDemand demand;
        const uint32_t* d = block.data() + size_t(i % kFetchBlock) * CIMX_DESC_WORDS;
        const uint32_t err = run_descriptor(d, demand);
        const uint32_t layer = d[CIMX_DESC_LAYER_WORD];
        if (err) {
            pending_error_ = err, queue_failed_ = i;
            if (layer) layer_counters_[layer].add_difference(counters_, before);
            break;
        }
        const OpTimes t = schedule.add(demand, ready);
        if (waves_) record_descriptor(block[size_t(i % kFetchBlock) * CIMX_DESC_WORDS], demand, t);
        starts.push_back(t.start);
        queue_ends_.push_back(t.end);
        counters_.dma_wait_ns += t.dma_wait_ns;
        ++counters_.descriptors;
        if (layer) {
            layer_counters_[layer].add_difference(counters_, before);
            tagged_ends.emplace_back(layer, t.end);
        }
    }
    std::sort(queue_ends_.begin(), queue_ends_.end());
    if (waves_) waves_->descriptors_done(vcd_ps(queue_start_), queue_ends_);
    const double end = std::max(schedule.end(), ready);
    book_layer_busy(tagged_ends, end);
    return end;
}

// Each tagged descriptor's layer gets how far it moved the queue's end on (rounded to ns as
// the busy counter is, the rounding telescoping so that the shares add up to the rounded
// total); the last tagged descriptor also gets what is left up to the queue's end. An
// untagged queue books nothing (its busy time stays with the CPU's layer marker).
void XbarDevice::book_layer_busy(const std::vector<std::pair<uint32_t, double>>& ends,
                                 double queue_ns) {
    auto rounded = [](double ns) { return static_cast<uint64_t>(ns + 0.5); };
    double frontier = 0;
    uint64_t booked = 0;
    for (size_t i = 0; i < ends.size(); ++i) {
        frontier = std::max(frontier, i + 1 == ends.size() ? queue_ns : ends[i].second);
        const uint64_t upto = rounded(frontier);
        if (upto > booked) queue_layer_busy_.emplace_back(ends[i].first, upto - booked);
        booked = std::max(booked, upto);
    }
}

// One descriptor's schedule: its inputs by DMA, its unit, its outputs by DMA.
void XbarDevice::record_descriptor(uint32_t word0, const OpDemand& demand, const OpTimes& t) {
    const uint64_t start = vcd_ps(queue_start_);
    const auto state =
        (word0 & 0xff) == CIMX_OP_PROGRAM ? XbarWaves::programming : XbarWaves::computing;
    waves_->dma(start, t.start, demand.dma_in_ns);
    waves_->unit(start, demand.unit, state, t.unit_start, t.unit_end);
    waves_->dma(start, t.end - demand.dma_out_ns, demand.dma_out_ns);
}

uint32_t XbarDevice::queue_done(const sc_core::sc_time& now) {
    if (busy_ && now >= done_at_) complete();
    const double ns = (now - queue_start_).to_seconds() * 1e9;
    return static_cast<uint32_t>(std::upper_bound(queue_ends_.begin(), queue_ends_.end(), ns) -
                                 queue_ends_.begin());
}

uint32_t XbarDevice::run_descriptor(const uint32_t* d, OpDemand& demand) {
    const uint32_t op = d[0] & 0xff, flags = (d[0] >> 8) & 0xff, xbar = d[0] >> 16;
    Params p;
    p.xbar = xbar, p.src = d[1], p.dst = d[2], p.batch = d[3], p.flags = flags;
    p.outputs = d[4], p.inputs = d[5], p.src_stride = d[6], p.dst_stride = d[7];
    demand.unit = static_cast<int>(std::min<size_t>(xbar, crossbars_.size() - 1));
    uint32_t err = 0;
    OpCost cost;
    // Drift and write stamps: a list's descriptors are aged at the list's start time (a list
    // lasts micro- to milliseconds; drift moves on the scale of seconds).
    if (op == CIMX_OP_PROGRAM || op == CIMX_OP_MVM)
        aging_.before_command(op == CIMX_OP_PROGRAM ? CIMX_CMD_PROGRAM : CIMX_CMD_MVM, xbar,
                              queue_start_.to_seconds());
    switch (op) {
    case CIMX_OP_PROGRAM:
        cost = run_program(p, err);
        demand.reads.push_back({p.src, uint64_t(p.outputs) * p.inputs, 0, 1});
        break;
    case CIMX_OP_MVM: cost = run_mvm(p, err, false, &demand.reads, &demand.writes); break;
    case CIMX_OP_SET_ADC_RANGE:
        p.adc_lo = static_cast<int32_t>(d[4]), p.adc_hi = static_cast<int32_t>(d[5]);
        return set_adc_range(p, false);
    case CIMX_OP_RESET_ADC_RANGE: return set_adc_range(p, true);
    case CIMX_OP_THRESHOLD: return run_threshold(d, demand);
    case CIMX_OP_POOL: return run_pool(d, demand);
    case CIMX_OP_GATHER: return run_gather(d, demand);
    case CIMX_OP_ADD_ROWS: return run_add_rows(d, demand);
    default: return CIMX_ERR_BAD_DESCRIPTOR;
    }
    demand.dma_in_ns = cost.dma_in_ns, demand.unit_ns = cost.unit_ns;
    demand.dma_out_ns = cost.dma_out_ns;
    return err;
}

void XbarDevice::periphery_cost(OpDemand& demand, int unit, uint64_t in_bytes, uint64_t out_bytes,
                                uint64_t elements, double pj) {
    const xbar::TimingEnergyParams& t = config_.timing;
    const xbar::Cost in = xbar::dma_cost(t, in_bytes), out = xbar::dma_cost(t, out_bytes);
    demand.unit = static_cast<int>(crossbars_.size()) + unit;
    demand.dma_in_ns = in.ns, demand.dma_out_ns = out.ns;
    demand.unit_ns = static_cast<double>(elements) / t.periph_elements_per_ns;
    counters_.dma_bytes += in_bytes + out_bytes;
    counters_.dma_ns += in.ns + out.ns;
    counters_.dma_pj += in.pj + out.pj;
    counters_.periph_ns += demand.unit_ns;
    counters_.periph_pj += pj;
    counters_.energy_pj += in.pj + out.pj + pj;
}

uint32_t XbarDevice::run_threshold(const uint32_t* d, OpDemand& demand) {
    const uint32_t src = d[1], dst = d[2], rows = d[3], channels = d[4], table = d[5];
    if (!rows || !channels) return CIMX_ERR_BAD_PARAMS;
    const uint64_t n = uint64_t(rows) * channels;
    std::vector<int32_t> acc_copy;
    std::vector<periphery::Threshold> thr_copy;
    const int32_t* acc = view(src, n, acc_copy);
    const periphery::Threshold* thr = acc ? view(table, channels, thr_copy) : nullptr;
    if (!thr || n > 0xffffffffull || !dma_pointer(dst, static_cast<uint32_t>(n)))
        return CIMX_ERR_DMA_RANGE;
    int8_t* act = direct_output<int8_t>(dst, n, {{src, 4 * n}, {table, 12ull * channels}});
    if (act) {
        periphery::threshold(acc, rows, channels, thr, act);
    } else { // threshold() writes every element
        scratch_.act.resize(n);
        periphery::threshold(acc, rows, channels, thr, scratch_.act.data());
        dma_write(dst, scratch_.act.data(), static_cast<uint32_t>(n));
    }
    demand.reads = {{src, 4 * n, 0, 1}, {table, 12ull * channels, 0, 1}};
    demand.writes = {{dst, n, 0, 1}};
    periphery_cost(demand, kThresholdUnit, 4 * n + 12ull * channels, n, n,
                   double(n) * config_.timing.e_threshold_pj);
    return 0;
}

uint32_t XbarDevice::run_pool(const uint32_t* d, OpDemand& demand) {
    const uint32_t src = d[1], dst = d[2], maps = d[3], dir_addr = d[10];
    periphery::PoolGeometry g{lo16(d[4]), hi16(d[4]), lo16(d[5]), hi16(d[5]),
                              lo16(d[6]), hi16(d[6]), lo16(d[7]), hi16(d[7]),
                              lo16(d[8]), hi16(d[8]), d[9]};
    if (!maps || !g.kh || !g.kw || !g.sh || !g.sw || !g.in_h || !g.in_w || !g.out_h || !g.out_w ||
        !g.channels || g.pad_top >= g.kh || g.pad_left >= g.kw ||
        (g.out_h - 1) * g.sh >= g.in_h + g.pad_top || (g.out_w - 1) * g.sw >= g.in_w + g.pad_left)
        return CIMX_ERR_BAD_PARAMS;
    const uint64_t in_n = uint64_t(maps) * g.in_h * g.in_w * g.channels;
    const uint64_t out_n = uint64_t(maps) * g.out_h * g.out_w * g.channels;
    std::vector<int8_t> in_copy, dir_copy;
    const int8_t* in = view(src, in_n, in_copy);
    const int8_t* dir = in && dir_addr ? view(dir_addr, g.channels, dir_copy) : nullptr;
    if (!in || (dir_addr && !dir) || !dma_pointer(dst, static_cast<uint32_t>(out_n)))
        return CIMX_ERR_DMA_RANGE;
    int8_t* out = direct_output<int8_t>(
        dst, out_n, {{src, in_n}, {dir_addr, dir_addr ? uint64_t(g.channels) : 0}});
    if (out) {
        periphery::pool(g, in, maps, dir, out);
    } else { // pool() writes every element
        scratch_.pooled.resize(out_n);
        periphery::pool(g, in, maps, dir, scratch_.pooled.data());
        dma_write(dst, scratch_.pooled.data(), static_cast<uint32_t>(out_n));
    }
    demand.reads = {{src, in_n, 0, 1}};
    if (dir_addr) demand.reads.push_back({dir_addr, g.channels, 0, 1});
    demand.writes = {{dst, out_n, 0, 1}};
    const uint64_t compares = out_n * g.kh * g.kw;
    periphery_cost(demand, kPoolUnit, in_n + (dir_addr ? g.channels : 0), out_n, compares,
                   double(compares) * config_.timing.e_pool_pj);
    return 0;
}

uint32_t XbarDevice::run_gather(const uint32_t* d, OpDemand& demand) {
    const uint32_t src = d[1], dst = d[2], maps = d[3], table = d[9];
    periphery::GatherGeometry g{d[4], d[5], d[6], d[7], static_cast<int8_t>(d[8])};
    if (!maps || !g.positions || !g.taps || !g.run || !g.in_size) return CIMX_ERR_BAD_PARAMS;
    const uint64_t entries = uint64_t(g.positions) * g.taps;
    const uint64_t in_n = uint64_t(maps) * g.in_size, out_n = uint64_t(maps) * entries * g.run;
    std::vector<int32_t> offsets_copy;
    std::vector<uint8_t> in_copy;
    const int32_t* offsets = view(table, entries, offsets_copy);
    const uint8_t* in = offsets ? view(src, in_n, in_copy) : nullptr;
    if (!in || !dma_pointer(dst, static_cast<uint32_t>(out_n))) return CIMX_ERR_DMA_RANGE;
    for (uint64_t e = 0; e < entries; ++e)
        if (offsets[e] >= 0 && uint64_t(offsets[e]) + g.run > g.in_size) return CIMX_ERR_BAD_PARAMS;
    uint8_t* out = direct_output<uint8_t>(dst, out_n, {{src, in_n}, {table, 4 * entries}});
    if (out) {
        periphery::gather(g, offsets, in, maps, out);
    } else { // gather() writes every element
        scratch_.patches.resize(out_n);
        periphery::gather(g, offsets, in, maps, scratch_.patches.data());
        dma_write(dst, scratch_.patches.data(), static_cast<uint32_t>(out_n));
    }
    demand.reads = {{src, in_n, 0, 1}, {table, 4 * entries, 0, 1}};
    demand.writes = {{dst, out_n, 0, 1}};
    // The address generator issues one run per tap; the bytes move by DMA (its energy).
    periphery_cost(demand, kGatherUnit, in_n + 4 * entries, out_n, maps * entries, 0.0);
    return 0;
}

uint32_t XbarDevice::run_add_rows(const uint32_t* d, OpDemand& demand) {
    const uint32_t dst = d[2], maps = d[3], outputs = d[4], positions = d[5], n = d[6];
    const uint32_t rows_addr = d[7], values_addr = d[8];
    const int32_t sign = (d[0] >> 8) & CIMX_DESC_FLAG_SUBTRACT ? -1 : 1;
    if (!maps || !outputs || !positions || !n) return CIMX_ERR_BAD_PARAMS;
    const uint64_t total = uint64_t(maps) * positions * outputs;
    std::vector<uint32_t> rows_copy;
    std::vector<int32_t> values_copy;
    std::vector<int32_t>& acc = scratch_.acc; // read whole from dst, then updated
    const uint32_t* rows = view(rows_addr, n, rows_copy);
    const int32_t* values = rows ? view(values_addr, uint64_t(n) * outputs, values_copy) : nullptr;
    if (!values || !fetch(dst, acc, total)) return CIMX_ERR_DMA_RANGE;
    for (uint32_t i = 0; i < n; ++i)
        if (rows[i] >= positions) return CIMX_ERR_BAD_PARAMS;
    periphery::add_rows(acc.data(), maps, positions, outputs, rows, n, values, sign);
    dma_write(dst, acc.data(), static_cast<uint32_t>(4 * total));
    const uint64_t added = uint64_t(maps) * n * outputs;
    demand.reads = {{rows_addr, 4ull * n, 0, 1}, {values_addr, 4ull * n * outputs, 0, 1}};
    demand.writes = {{dst, 4 * total, 0, 1}};
    periphery_cost(demand, kAddUnit, 4ull * n + 4ull * n * outputs + 4 * added, 4 * added, added,
                   double(added) * config_.timing.e_add_pj);
    return 0;
}

} // namespace cimvp
