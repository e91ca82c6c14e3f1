#include "ip/xbar/device_model.h"

#include "ip/xbar/rng.h"

#include <algorithm>
#include <cmath>

namespace xbar {

CellFault DeviceModel::fault(uint32_t tile, uint32_t row, uint32_t col) const {
    if (!p_.has_stuck_cells()) return CellFault::none;
    const double u = rng::uniform(rng::key(seed_, rng::stuck, tile, row, col));
    if (u < p_.p_stuck_hrs) return CellFault::stuck_hrs;
    if (u < p_.p_stuck_hrs + p_.p_stuck_lrs) return CellFault::stuck_lrs;
    return CellFault::none;
}

bool DeviceModel::effective_state(bool lrs, uint32_t tile, uint32_t row, uint32_t col) const {
    switch (fault(tile, row, col)) {
    case CellFault::stuck_hrs: return false;
    case CellFault::stuck_lrs: return true;
    case CellFault::none: break;
    }
    return lrs;
}

double DeviceModel::d2d_deviate(bool lrs, uint32_t tile, uint32_t row, uint32_t col) const {
    // One key per cell; the Box-Muller pair gives independent deviates for its two states.
    const rng::NormalPair z =
        rng::normal_pair(rng::key(seed_, rng::device_to_device, tile, row, col));
    return lrs ? z.z1 : z.z0;
}

double DeviceModel::programming_deviate(uint32_t tile, uint32_t row, uint32_t col,
                                        uint64_t count) const {
    return rng::normal(rng::key(seed_, rng::programming, tile, row, col, count));
}

double DeviceModel::programmed_current(bool lrs, uint32_t tile, uint32_t row, uint32_t col,
                                       uint64_t count) const {
    const double mean = nominal(lrs);
    const double sd = lrs ? p_.sigma_lrs : p_.sigma_hrs;
    const double sp = lrs ? p_.sigma_prog_lrs : p_.sigma_prog_hrs;
    if (sd <= 0.0 && sp <= 0.0) return mean;
    const double zd = sd > 0.0 ? d2d_deviate(lrs, tile, row, col) : 0.0;
    const double zp = sp > 0.0 ? programming_deviate(tile, row, col, count) : 0.0;
    // Normal: independent Gaussian deviations add (variances add), one clamp at 0 of the sum.
    if (p_.variability == Variability::normal) return std::max(0.0, mean + sd * zd + sp * zp);
    // Log-normal: each sigma (uA) is matched by moments, s^2 = ln(1 + (sigma / I)^2), and the
    // mean-one factors exp(s z - s^2 / 2) multiply, so ln I (and ln R = ln V_read - ln I) is
    // Gaussian with variance s_d^2 + s_p^2 and E[I] stays I_state.
    const double vd = std::log1p((sd / mean) * (sd / mean));
    const double vp = std::log1p((sp / mean) * (sp / mean));
    return mean * std::exp(std::sqrt(vd) * zd + std::sqrt(vp) * zp - 0.5 * (vd + vp));
}

uint64_t DeviceModel::read_noise_key(uint32_t tile, uint64_t read, uint32_t phase) const {
    return rng::prefix(seed_, rng::read_noise, tile, read, phase);
}

DeviceModel::Pair DeviceModel::read_noise_pair(uint64_t read_key, uint32_t col_pair) {
    const rng::NormalPair n = rng::normal_pair(rng::at(read_key, col_pair));
    return {n.z0, n.z1};
}

double DeviceModel::read_noise_cell(uint32_t tile, uint64_t read, uint32_t phase, uint32_t row,
                                    uint32_t col) const {
    const uint64_t rc = (static_cast<uint64_t>(row) << 32) | col;
    return rng::normal(rng::key(seed_, rng::read_noise_cell, tile, read, phase, rc));
}

} // namespace xbar
