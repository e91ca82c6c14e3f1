// One RRAM crossbar holding one programmed tile of a BNN/TNN weight matrix, evaluating y = W x
// under the configured mapping in digital or analog mode (see xbar_config.h).
//
// Storage, chosen for the hot path (docs/crossbar/performance.md):
//  * cell states as bit columns (one bit per row), so the number of LRS cells a phase reads on a
//    column is a popcount of (column bits AND driven rows); stored word-major (the same 64 rows
//    of every column contiguous), so one word of the driven-row mask serves all the columns;
//  * with device-to-device or programming variability, each cell's deviation from its state's
//    nominal current as a row-major float array, so the deviation a phase adds to every column is a
//    sum of the driven rows (vectorised, and exact in the ideal case because the nominal part is
//    counted, not summed);
//  * read noise drawn once per column and read with the summed variance of the read cells;
//  * the slow non-idealities (IR drop, conductance drift, read disturb; docs/crossbar/
//    nonidealities.md) change the cells' effective currents between programmings, not per read:
//    they are folded into the same float deviation array, rebuilt when a tile is programmed or
//    refreshed and when the simulated time moves (set_time), so an MVM costs what it costs with
//    variability; read disturb adds, per driven row past its transition time, a weighted sum
//    of that row's LRS currents.
// Every random draw is a function of (seed, tile id, indices): the same seed gives the same
// results bit for bit, whatever the thread count.
#pragma once

#include "ip/xbar/adc.h"
#include "ip/xbar/adc_errors.h"
#include "ip/xbar/aligned.h"
#include "ip/xbar/device_model.h"
#include "ip/xbar/mapping.h"
#include "ip/xbar/timing_energy.h"
#include "ip/xbar/xbar_config.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace xbar {

class Crossbar {
  public:
    // Throws ConfigError if cfg is invalid. tile_id keys this crossbar's random draws.
    Crossbar(const XbarConfig& cfg, uint32_t tile_id);

    // Programs a tile of `outputs` x `inputs` weights, row-major (weights[j * inputs + i] links
    // input i to output j). Throws std::invalid_argument (crossbar unchanged) if the tile does not
    // fit under the mapping or a weight is outside the mapping's alphabet.
    ProgramActivity program(const int8_t* weights, int outputs, int inputs);

    // y[0..outputs) = W x for one input vector x[0..inputs). Throws std::invalid_argument if no
    // tile is programmed or an input is outside the alphabet. Advances the read counter by one.
    MvmActivity mvm(const int8_t* x, int32_t* y);
    // `batch` vectors, x[b * inputs + i] -> y[b * outputs + j]; the read counter advances by
    // `batch` and vector b uses read (reads() + b), so `threads` never changes the results.
    MvmActivity mvm_batch(const int8_t* x, size_t batch, int32_t* y, unsigned threads = 1);

    // One read of x that also returns the ADC input signals (uA), signals[j * n_conversions + q]
    // for output j and conversion q of the mapping (digital mode: the nominal signals), e.g. for
    // profiling ADC ranges. Advances the read counter like mvm().
    MvmActivity probe(const int8_t* x, int32_t* y, double* signals);

    // Explicit ADC range (uA) for this tile, e.g. from calibrating firmware; kept across
    // re-programming until reset_adc_range() restores the automatic range.
    void set_adc_range(const AdcRange& r);
    void reset_adc_range();
    const AdcRange& adc_range() const { return adc_.range(); }

    bool programmed() const { return outputs_ > 0; }
    int outputs() const { return outputs_; }
    int inputs() const { return inputs_; }
    int used_rows() const { return rows_; }
    int used_cols() const { return cols_; }
    uint32_t tile_id() const { return tile_id_; }
    uint64_t reads() const { return reads_; }
    uint64_t programmings() const { return programmings_; }
    const XbarConfig& config() const { return cfg_; }
    const MappingSpec& mapping() const { return spec_; }
    MvmShape shape() const;

    // Physical cell (row, col) of the programmed tile: effective state (stuck faults applied) and
    // programmed read current in uA, without read noise.
    bool cell_lrs(int row, int col) const;
    double cell_current(int row, int col) const;

    // Simulated time, for conductance drift and as the time stamp of writes: `now_s` is the
    // current simulated time in seconds (any origin, never decreasing in a real run); a row
    // written (programmed or refreshed) at time w has the age now_s - w + xbar.drift_time_s. With
    // drift on this rebuilds the cell currents (O(cells); with IR drop also a new solve), so a
    // caller moves it at the granularity it needs, not per MVM. Without drift it only stores
    // the time.
    void set_time(double now_s);
    // Moves the simulated time without re-deriving the cells, for a caller about to write
    // (program or refresh): the write is stamped with now_s; rows not written keep the age of the
    // last set_time until the next.
    void set_clock(double now_s) { now_s_ = now_s; }
    double time() const { return now_s_; }
    double row_age_s(int row) const;

    // Read disturb. A cell is read in every phase of an MVM that drives its row, so the read
    // count of a cell is that of its row: the reads since the row was last written. Counted only
    // with xbar.read_disturb = on (0 otherwise). The reads of an MVM disturb from the next MVM on.
    uint64_t row_reads(int row) const;
    uint64_t cell_reads(int row, int /*col*/) const { return row_reads(row); }
    uint64_t max_row_reads() const;
    // SET/RESET cycles of the cells of `row` as the read-disturb model sees them
    // (xbar.rd_prior_cycles + writes of the row), and the row's transition time (s).
    double row_cycles(int row) const;
    double row_transition_s(int row) const;
    // Conductance factor G / G_prog that read disturb has applied to the LRS cells of `row`.
    double row_disturb_factor(int row) const;

    // Refresh: re-programs rows [first, first + count) of the tile with the states they hold
    // (write-verify), as firmware does against read disturb and drift: their read counts restart
    // at 0, their age at the current time, their programming variability is drawn anew (D2D
    // deviations and stuck cells stay). Returns the work for program_cost(). Throws
    // std::invalid_argument without a tile or for rows outside it.
    ProgramActivity refresh_rows(int first, int count);
    ProgramActivity refresh() { return refresh_rows(0, rows_); }
    uint64_t refreshes() const { return refreshes_; } // rows refreshed, summed

    // ADC imperfections of this crossbar's ADCs, or null when off.
    const AdcErrors* adc_errors() const { return adc_errors_.get(); }

  private:
    struct Workspace;
    struct DriveSums {
        int sx = 0;        // sum of the inputs
        int nonzero = 0;   // inputs different from 0
        int rows[2] = {};  // driven word-lines per phase
        bool valid = true; // every input in the alphabet
    };
    // The single-threaded MVMs' scratch space, kept between calls; a copy of the crossbar
    // starts without (the scratch is never shared).
    struct Scratch {
        std::shared_ptr<Workspace> ws;
        Scratch() = default;
        Scratch(const Scratch&) {}
        Scratch& operator=(const Scratch&) {
            ws.reset();
            return *this;
        }
        Scratch(Scratch&&) = default;
        Scratch& operator=(Scratch&&) = default;
    };

    void check_programmed() const;
    void check_inputs(const int8_t* x, size_t batch) const;
    bool masks_in_alphabet(const uint64_t* pos, const uint64_t* neg, const uint64_t* zero) const;
    MvmActivity mvm_serial(const int8_t* x, int n, int32_t* y);
    Workspace& workspace();
    [[noreturn]] void bad_input(const int8_t* x, size_t vector) const;
    void check_tile(const int8_t* weights, int outputs, int inputs) const;
    void allocate(int outputs, int inputs);
    void program_cell(int w, int j, int i, int t, int s);
    uint64_t programming_key(int row) const;
    void store_cell_current(int r, int c, bool eff);
    void start_rows(int first, int count);
    void rebuild_cells(int first_row, int last_row);
    void rebuild_all() { rebuild_cells(0, rows_); }
    std::vector<double> ir_transfer(const std::vector<double>& current) const;
    double drift_factor(int r, int c, bool lrs) const;
    double disturb_factor(int r, uint64_t reads) const;
    void add_disturb(int p, Workspace& ws) const;
    void count_reads(Workspace& ws) const;
    void skip_reads(const int8_t* x, int vectors, Workspace& ws) const;
    DriveSums drive(const int8_t* x, Workspace& ws) const;
    void count_columns(const std::vector<uint64_t>& bits, const uint64_t* mask, int32_t* k) const;
    void analog_phase(int p, const DriveSums& d, uint64_t read, Workspace& ws) const;
    void add_read_noise(int p, const DriveSums& d, uint64_t read, Workspace& ws) const;
    void add_read_noise_per_cell(int p, uint64_t read, Workspace& ws) const;
    // Returns the summed column current of this MVM (uA) for the energy model.
    double compute(const int8_t* x, int32_t* y, uint64_t read, size_t vector, Workspace& ws,
                   MvmActivity& a, double* signals = nullptr) const;
    void recombine_digital(const DriveSums& d, const Workspace& ws, int32_t* y,
                           double* signals) const;
    void recombine_analog(const DriveSums& d, const Workspace& ws, int32_t* y,
                          double* signals) const;
    void recombine_analog_errors(const DriveSums& d, const Workspace& ws, int32_t* y,
                                 double* signals, uint64_t read) const;
    int32_t finish(int j, const DriveSums& d, double sum_coef_k) const;
    void compute_range(int batch_begin, int batch_end, const int8_t* x, int32_t* y, uint64_t read0,
                       MvmActivity& a, double* column_current,
                       std::vector<uint64_t>* final_reads) const;

    XbarConfig cfg_;
    const MappingSpec& spec_;
    DeviceModel device_;
    Adc adc_;
    uint32_t tile_id_;
    bool analog_;
    bool drive_lut_[2][2][3] = {}; // [phase][row slot][x + 1]

    int outputs_ = 0, inputs_ = 0, rows_ = 0, cols_ = 0, words_ = 0;
    std::vector<uint64_t> ideal_bits_; // intended states, word-major: [row / 64][col]
    std::vector<uint64_t> bits_;       // effective states (stuck faults applied)
    aligned_vector<float> delta_;      // row-major I - nominal, only with variability
    aligned_vector<float> square_;     // row-major I^2, only with variability and read noise
    std::vector<int32_t> weight_sum_;  // Sw per output

    // Slow non-idealities (analog mode only).
    bool ir_ = false, drift_ = false, disturb_ = false;
    bool slow_ = false;                   // any of the three: cell currents are rebuilt
    aligned_vector<float> base_;          // row-major programmed current (uA), with slow_
    aligned_vector<float> lrs_current_;   // row-major effective current of LRS cells, with disturb_
    std::vector<uint64_t> row_reads_;     // reads since the row's last write, with disturb_
    std::vector<uint32_t> row_writes_;    // writes (programming + refreshes) of each row
    std::vector<uint32_t> row_refreshes_; // refreshes since the last programming
    std::vector<double> row_written_s_;   // simulated time of each row's last write
    std::vector<double> transition_s_;    // read-disturb transition time of each row
    double disturb_exponent_ = 0.0, t_read_s_ = 0.0;
    double now_s_ = 0.0;
    uint64_t refreshes_ = 0;
    std::shared_ptr<const AdcErrors> adc_errors_; // shared: immutable once drawn
    bool explicit_range_ = false;
    uint64_t programmings_ = 0;
    uint64_t reads_ = 0;
    Scratch scratch_;
};

} // namespace xbar
