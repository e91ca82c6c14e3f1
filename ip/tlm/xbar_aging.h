// The crossbar device's view of the cells' ageing (docs/crossbar/nonidealities.md): read-disturb
// bookkeeping and the REFRESH command, and conductance drift driven by the simulated time.
//
// - Read counts are kept by the crossbar model (per word-line, reads since the row's last write,
//   with xbar.read_disturb = on); this exposes them as registers (RD_MAX_READS of the selected
//   crossbar, RD_STATUS / RD_OVER_XBAR against RD_THRESHOLD) so firmware polls one register
//   instead of scanning rows.
// - REFRESH re-programs word-lines of a tile with the weights they hold (Crossbar::refresh_rows);
//   the device charges it as programming (program_cost of the refreshed rows).
// - Drift: every write is stamped with the simulated time of its command, and before an MVM the
//   crossbar's cells are re-aged to the command's time once (age + t0) has grown by the factor
//   1 + xbar.drift_update since they were last aged (re-ageing costs O(cells), with IR drop a
//   new solve, so it is not done per MVM).
// Kept apart from xbar_device.cpp so that the device only forwards to it.
#pragma once

#include "ip/xbar/crossbar.h"
#include "platform/tlm_base/register_device.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace cimvp {

class XbarAging {
  public:
    // `crossbars` is filled by the device after this is constructed (cfg.crossbars of them);
    // `selected` is the device's XBAR register (the crossbar RD_MAX_READS reports).
    XbarAging(const xbar::XbarConfig& cfg,
              const std::vector<std::unique_ptr<xbar::Crossbar>>& crossbars,
              const Register& selected);

    // Gives one of the registers of xbar_regmap.h this class serves (RD_*, REFRESH_*,
    // REFRESHED_ROWS_*) its behaviour; throws std::logic_error for another register.
    void attach(Register& reg);

    // Called by the device before it runs command `cmd` on crossbar `index` at simulated time
    // now_s (s): stamps writes, re-ages cells before MVMs. Ignores a bad index (the command
    // fails on it).
    void before_command(uint32_t cmd, uint32_t index, double now_s);

    // REFRESH of crossbar `index` (rows from the REFRESH_FIRST / REFRESH_ROWS registers): 0 or
    // a CIMX_ERR_* code; on success the work to charge as programming in `activity`.
    uint32_t refresh(uint32_t index, xbar::ProgramActivity& activity);

    uint64_t refreshed_rows() const { return refreshed_rows_; }
    uint64_t reages() const { return reages_; } // drift updates done (statistics, tests)

  private:
    uint32_t over_threshold() const; // lowest crossbar index at/over the threshold, or none
    void reage(uint32_t index, double now_s);

    const xbar::XbarConfig& cfg_;
    const std::vector<std::unique_ptr<xbar::Crossbar>>& crossbars_;
    const Register& selected_;
    uint64_t threshold_;
    uint32_t refresh_first_ = 0, refresh_rows_ = 0;
    uint64_t refreshed_rows_ = 0, reages_ = 0;
    std::vector<double> written_s_, aged_s_; // per crossbar: last write, last re-ageing (s)
};

} // namespace cimvp
