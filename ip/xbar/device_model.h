// RRAM cell model: a cell is HRS or LRS and is read as a current at V_read. Non-idealities, each
// off by default:
//  * device-to-device (D2D) variability: a deviation of each cell's current in each state, fixed
//    for the simulated chip (keyed by crossbar, row, column and seed), so a cell programmed to
//    HRS, then LRS, then HRS again reads the same HRS current each time it is in HRS;
//  * programming (write-to-write) variability: a fresh deviation each time a cell is programmed,
//    kept until the next programming;
//    both normal on the current (one clamp at 0 of their sum) or log-normal on the resistance
//    (their factors multiply), see docs/crossbar/device-model.md;
//  * read (cycle-to-cycle) noise: a fresh Gaussian deviation per read, relative to the cell
//    current;
//  * stuck-at-HRS / stuck-at-LRS faults: a permanent property of the cell, so re-programming does
//    not cure it.
// All draws are counter-based (see rng.h): a function of (seed, tile, row, column, ...).
#pragma once

#include <cstdint>

namespace xbar {

enum class Variability { normal, lognormal };
// summed: one Gaussian per column and read with the summed variance of the read cells (exact in
// distribution, fast); per_cell: one Gaussian per read cell (the reference it is tested against).
enum class ReadNoiseModel { summed, per_cell };

struct DeviceParams {
    double i_hrs = 2.0;          // uA, read current of a cell in HRS at v_read (100 kOhm at 0.2 V)
    double i_lrs = 20.0;         // uA, read current of a cell in LRS at v_read (10 kOhm at 0.2 V)
    double v_read = 0.2;         // V, read voltage; used for read energy and conductances
    double sigma_hrs = 0.0;      // uA, D2D variability of HRS cells (standard deviation)
    double sigma_lrs = 0.0;      // uA, D2D variability of LRS cells (standard deviation)
    double sigma_prog_hrs = 0.0; // uA, programming variability of HRS cells (standard deviation)
    double sigma_prog_lrs = 0.0; // uA, programming variability of LRS cells (standard deviation)
    Variability variability = Variability::normal;
    double sigma_read = 0.0; // relative standard deviation of one cell read (0.02 = 2 %)
    ReadNoiseModel read_noise_model = ReadNoiseModel::summed;
    double p_stuck_hrs = 0.0; // probability that a cell is stuck at HRS
    double p_stuck_lrs = 0.0; // probability that a cell is stuck at LRS

    double delta_i() const { return i_lrs - i_hrs; }
    // Conductances in uS (uA / V), the other usual way to state the cell states.
    double g_hrs_us() const { return i_hrs / v_read; }
    double g_lrs_us() const { return i_lrs / v_read; }
    bool has_cell_variability() const {
        return sigma_hrs > 0.0 || sigma_lrs > 0.0 || sigma_prog_hrs > 0.0 || sigma_prog_lrs > 0.0;
    }
    bool has_read_noise() const { return sigma_read > 0.0; }
    bool has_stuck_cells() const { return p_stuck_hrs > 0.0 || p_stuck_lrs > 0.0; }
};

enum class CellFault { none, stuck_hrs, stuck_lrs };

class DeviceModel {
  public:
    DeviceModel(const DeviceParams& p, uint64_t seed) : p_(p), seed_(seed) {}

    const DeviceParams& params() const { return p_; }
    double nominal(bool lrs) const { return lrs ? p_.i_lrs : p_.i_hrs; }

    // Permanent fault of a cell: depends on its position only.
    CellFault fault(uint32_t tile, uint32_t row, uint32_t col) const;

    // State the cell really takes when programmed to `lrs` (stuck cells ignore the request).
    bool effective_state(bool lrs, uint32_t tile, uint32_t row, uint32_t col) const;

    // Read current (uA) of a cell in state `lrs` after the `count`-th programming of its
    // crossbar: the nominal current with the cell's D2D deviation and the deviation of this
    // programming.
    double programmed_current(bool lrs, uint32_t tile, uint32_t row, uint32_t col,
                              uint64_t count) const;
    // The standard normal deviates behind it: the cell's D2D deviate in state `lrs` (the same for
    // every programming) and the programming deviate of programming `count`.
    double d2d_deviate(bool lrs, uint32_t tile, uint32_t row, uint32_t col) const;
    double programming_deviate(uint32_t tile, uint32_t row, uint32_t col, uint64_t count) const;

    // Standard normal deviates for the summed read noise of columns (2k, 2k+1) in one phase of
    // one read (read = the crossbar's read counter): the key of (tile, read, phase) is hashed
    // once per phase, then extended by the column pair k.
    struct Pair {
        double z0, z1;
    };
    uint64_t read_noise_key(uint32_t tile, uint64_t read, uint32_t phase) const;
    static Pair read_noise_pair(uint64_t read_key, uint32_t col_pair);

    // Standard normal deviate of one cell in one phase of one read (per_cell model).
    double read_noise_cell(uint32_t tile, uint64_t read, uint32_t phase, uint32_t row,
                           uint32_t col) const;

  private:
    DeviceParams p_;
    uint64_t seed_;
};

} // namespace xbar
