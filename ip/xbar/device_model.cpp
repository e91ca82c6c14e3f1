#include "device_model.h"

#include "rng.h"

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

double DeviceModel::programmed_current(bool lrs, uint32_t tile, uint32_t row, uint32_t col,
                                       uint64_t count) const {
    const double mean = nominal(lrs);
    const double sigma = lrs ? p_.sigma_lrs : p_.sigma_hrs;
    if (sigma <= 0.0) return mean;
    const double z = rng::normal(rng::key(seed_, rng::programming, tile, row, col, count));
    if (p_.variability == Variability::normal) return std::max(0.0, mean + sigma * z);
    // Log-normal with the same mean and standard deviation as the normal model: the resistance
    // R = V_read / I is then log-normal too (ln R = ln V_read - ln I is Gaussian).
    const double s2 = std::log1p((sigma / mean) * (sigma / mean));
    return mean * std::exp(std::sqrt(s2) * z - 0.5 * s2);
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
