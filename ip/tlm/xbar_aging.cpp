#include "ip/tlm/xbar_aging.h"

#include "ip/tlm/xbar_regmap.h"

#include <cmath>
#include <stdexcept>

namespace cimvp {

namespace {
uint32_t lo(uint64_t v) { return static_cast<uint32_t>(v); }
uint32_t hi(uint64_t v) { return static_cast<uint32_t>(v >> 32); }
uint64_t set_lo(uint64_t v, uint64_t w) { return (v & ~uint64_t{0xffffffff}) | lo(w); }
uint64_t set_hi(uint64_t v, uint64_t w) { return (v & 0xffffffff) | (uint64_t{lo(w)} << 32); }
} // namespace

XbarAging::XbarAging(const xbar::XbarConfig& cfg,
                     const std::vector<std::unique_ptr<xbar::Crossbar>>& crossbars,
                     const Register& selected)
    : cfg_(cfg), crossbars_(crossbars), selected_(selected),
      threshold_(static_cast<uint64_t>(cfg.read_disturb.threshold)),
      written_s_(static_cast<size_t>(cfg.crossbars), 0.0),
      aged_s_(static_cast<size_t>(cfg.crossbars), 0.0) {} // crossbars are filled in later

void XbarAging::attach(Register& reg) {
    using sc_core::sc_time;
    auto max_reads = [this]() -> uint64_t {
        const uint64_t x = selected_.value();
        return x < crossbars_.size() ? crossbars_[x]->max_row_reads() : 0;
    };
    switch (reg.offset()) {
    case CIMX_XBAR_RD_THRESHOLD_LO:
        reg.on_read([this](const sc_time&) -> uint64_t { return lo(threshold_); });
        reg.on_write([this](uint64_t v, const sc_time&) { threshold_ = set_lo(threshold_, v); });
        break;
    case CIMX_XBAR_RD_THRESHOLD_HI:
        reg.on_read([this](const sc_time&) -> uint64_t { return hi(threshold_); });
        reg.on_write([this](uint64_t v, const sc_time&) { threshold_ = set_hi(threshold_, v); });
        break;
    case CIMX_XBAR_RD_STATUS:
        reg.on_read([this](const sc_time&) -> uint64_t {
            return over_threshold() != CIMX_RD_NONE ? CIMX_RD_STATUS_OVER : 0;
        });
        break;
    case CIMX_XBAR_RD_OVER_XBAR:
        reg.on_read([this](const sc_time&) -> uint64_t { return over_threshold(); });
        break;
    case CIMX_XBAR_RD_MAX_READS_LO:
        reg.on_read([max_reads](const sc_time&) -> uint64_t { return lo(max_reads()); });
        break;
    case CIMX_XBAR_RD_MAX_READS_HI:
        reg.on_read([max_reads](const sc_time&) -> uint64_t { return hi(max_reads()); });
        break;
    case CIMX_XBAR_REFRESH_FIRST:
        reg.on_write([this](uint64_t v, const sc_time&) { refresh_first_ = lo(v); });
        break;
    case CIMX_XBAR_REFRESH_ROWS:
        reg.on_write([this](uint64_t v, const sc_time&) { refresh_rows_ = lo(v); });
        break;
    case CIMX_XBAR_REFRESHED_ROWS_LO:
        reg.on_read([this](const sc_time&) -> uint64_t { return lo(refreshed_rows_); });
        break;
    case CIMX_XBAR_REFRESHED_ROWS_HI:
        reg.on_read([this](const sc_time&) -> uint64_t { return hi(refreshed_rows_); });
        break;
    default:
        throw std::logic_error("XbarAging::attach: not a read-disturb register: " + reg.name());
    }
}

// Without read disturb the crossbars count nothing and no row is ever over.
uint32_t XbarAging::over_threshold() const {
    if (threshold_ == 0) return CIMX_RD_NONE;
    for (size_t i = 0; i < crossbars_.size(); ++i)
        if (crossbars_[i]->programmed() && crossbars_[i]->max_row_reads() >= threshold_)
            return static_cast<uint32_t>(i);
    return CIMX_RD_NONE;
}

void XbarAging::before_command(uint32_t cmd, uint32_t index, double now_s) {
    if (index >= crossbars_.size()) return;
    xbar::Crossbar& xb = *crossbars_[index];
    if (cmd == CIMX_CMD_PROGRAM || cmd == CIMX_CMD_REFRESH) {
        xb.set_clock(now_s); // the write's time stamp
        if (cmd == CIMX_CMD_PROGRAM) written_s_[index] = aged_s_[index] = now_s;
        return;
    }
    if (cmd != CIMX_CMD_MVM || !cfg_.drift.on || !xb.programmed()) return;
    // (age + t0) of the youngest rows now and when last aged; re-age past the relative step.
    const double base = cfg_.drift.time_s + cfg_.drift.t0_s - written_s_[index];
    if (now_s + base > (aged_s_[index] + base) * (1.0 + cfg_.drift.update)) reage(index, now_s);
}

void XbarAging::reage(uint32_t index, double now_s) {
    crossbars_[index]->set_time(now_s);
    aged_s_[index] = now_s;
    ++reages_;
}

uint32_t XbarAging::refresh(uint32_t index, xbar::ProgramActivity& activity) {
    if (index >= crossbars_.size()) return CIMX_ERR_BAD_XBAR;
    xbar::Crossbar& xb = *crossbars_[index];
    if (!xb.programmed()) return CIMX_ERR_NOT_PROGRAMMED;
    const uint32_t rows = static_cast<uint32_t>(xb.used_rows());
    if (refresh_first_ >= rows) return CIMX_ERR_BAD_REFRESH_ROWS;
    const uint32_t count = refresh_rows_ ? refresh_rows_ : rows - refresh_first_;
    if (count > rows - refresh_first_) return CIMX_ERR_BAD_REFRESH_ROWS;
    activity = xb.refresh_rows(static_cast<int>(refresh_first_), static_cast<int>(count));
    refreshed_rows_ += count;
    // A partial refresh re-derives only its rows: bring the others to this time as well.
    if (cfg_.drift.on && count < rows) xb.set_time(xb.time());
    // The refreshed rows are the youngest now; the crossbar's clock is this command's time.
    written_s_[index] = aged_s_[index] = xb.time();
    return 0;
}

} // namespace cimvp
