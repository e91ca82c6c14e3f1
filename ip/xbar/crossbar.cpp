#include "ip/xbar/crossbar.h"

#include "ip/xbar/drift.h"
#include "ip/xbar/ir_drop.h"
#include "ip/xbar/read_disturb.h"
#include "ip/xbar/rng.h"
#include "ip/xbar/word_line_drive.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>

namespace xbar {

// Per-thread scratch space, sized once per call.
struct Crossbar::Workspace {
    std::vector<uint64_t> pos, neg, zero; // inputs equal to +1, -1, 0 (bit masks)
    std::vector<uint64_t> mask;           // driven rows, words_ per phase
    std::vector<int32_t> count;           // LRS cells on driven rows, cols_ per phase
    std::vector<double> current;          // column currents (uA), cols_ per phase
    aligned_vector<float> acc;            // masked row sums, cols_
    aligned_vector<float> acc_sq;         // masked row sums of I^2, cols_
    std::vector<int> driven;              // indices of the driven rows of a phase
    int n_driven = 0;                     // their number
    std::vector<uint64_t> reads;          // read count of every row, with read disturb

    Workspace(int phases, int inputs, int words, int cols, int disturbed_rows = 0)
        : pos((inputs + 63) / 64), neg(pos.size()), zero(pos.size()),
          mask(static_cast<size_t>(phases) * words), count(static_cast<size_t>(phases) * cols),
          current(static_cast<size_t>(phases) * cols), acc(cols), acc_sq(cols),
          driven(static_cast<size_t>(words) * 64), reads(disturbed_rows) {}
};

namespace {

// The hot kernels get a popcnt / AVX2 clone where the host has them. Each column's float sum is
// accumulated row after row in the same order in every clone, so the clones agree bit for bit.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define XBAR_CLONES(...) __attribute__((target_clones(__VA_ARGS__)))
#else
#define XBAR_CLONES(...)
#endif

// Paths taken only with a non-ideality on are kept out of line, so that they do not change the
// compiler's inlining of the ideal paths (measured: same instruction count as before them).
// The recombinations are inlined into compute(), which specialises them for signals == nullptr.
#if defined(__GNUC__)
#define XBAR_NOINLINE __attribute__((noinline))
#define XBAR_INLINE __attribute__((always_inline)) inline
#else
#define XBAR_NOINLINE
#define XBAR_INLINE inline
#endif

// k[c] = number of rows set in both column c and mask. Word-major bits (word w of column c
// at bits[w * cols + c]): a mask word is broadcast across the columns, so the loop vectorises
// (eight columns per instruction with AVX-512 VPOPCNTDQ).
XBAR_INLINE void popcount_columns_body(const uint64_t* bits, const uint64_t* mask, int words,
                                       int cols, int32_t* __restrict k) {
    for (int c = 0; c < cols; ++c) k[c] = 0;
    for (int w = 0; w < words; ++w) {
        const uint64_t m = mask[w];
        const uint64_t* __restrict row = bits + static_cast<size_t>(w) * cols;
        for (int c = 0; c < cols; ++c)
            k[c] += static_cast<int32_t>(__builtin_popcountll(row[c] & m));
    }
}

using PopcountColumns = void (*)(const uint64_t*, const uint64_t*, int, int, int32_t*);

// GCC 12's target_clones cannot dispatch on VPOPCNTDQ: the variant is chosen once, explicitly.
// Integer counts: every variant gives the same result.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target("avx512f,avx512vpopcntdq"))) void
popcount_columns_vpopcnt(const uint64_t* bits, const uint64_t* mask, int words, int cols,
                         int32_t* k) {
    popcount_columns_body(bits, mask, words, cols, k);
}

__attribute__((target("popcnt"))) void popcount_columns_popcnt(const uint64_t* bits,
                                                               const uint64_t* mask, int words,
                                                               int cols, int32_t* k) {
    popcount_columns_body(bits, mask, words, cols, k);
}
#endif

void popcount_columns_default(const uint64_t* bits, const uint64_t* mask, int words, int cols,
                              int32_t* k) {
    popcount_columns_body(bits, mask, words, cols, k);
}

PopcountColumns choose_popcount_columns() {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512vpopcntdq")) return popcount_columns_vpopcnt;
    if (__builtin_cpu_supports("popcnt")) return popcount_columns_popcnt;
#endif
    return popcount_columns_default;
}

const PopcountColumns popcount_columns = choose_popcount_columns();

// The indices of the rows set in mask, in increasing order; returns their number.
int set_rows(const uint64_t* mask, int words, int* index) {
    int n = 0;
    for (int w = 0; w < words; ++w)
        for (uint64_t m = mask[w]; m != 0; m &= m - 1) index[n++] = w * 64 + __builtin_ctzll(m);
    return n;
}

// The popcounts of the word-line drive, once per MVM: the POPCNT instruction where the host has
// it (a library call per word otherwise).
XBAR_CLONES("popcnt", "default")
int popcount_words(const uint64_t* v, int words) {
    int n = 0;
    for (int w = 0; w < words; ++w) n += __builtin_popcountll(v[w]);
    return n;
}

// sx = #(+1) - #(-1) and nonzero = #(+1) + #(-1) of an input vector from its masks.
XBAR_CLONES("popcnt", "default")
void input_sums(const uint64_t* pos, const uint64_t* neg, int words, int* sx, int* nonzero) {
    int p = 0, n = 0;
    for (int w = 0; w < words; ++w) {
        p += __builtin_popcountll(pos[w]);
        n += __builtin_popcountll(neg[w]);
    }
    *sx = p - n;
    *nonzero = p + n;
}

// 16 floats, unaligned: GCC lowers it to one zmm, two ymm or four xmm registers per clone.
typedef float float16v __attribute__((vector_size(64), aligned(4)));

// acc[c] = sum over the n rows index[0..n) of rows[r * cols + c], each column summed row after
// row from 0 in index order (the order of a plain loop, so every clone gives the same bits).
// Register-blocked: a block of 64 columns stays in four vector registers while all the rows
// stream through, instead of loading and storing acc once per row.
XBAR_CLONES("arch=x86-64-v4", "avx2", "default")
void row_sum(const float* rows, const int* index, int n, int cols, float* acc) {
    int c0 = 0;
    for (; c0 + 64 <= cols; c0 += 64) {
        float16v a0 = {}, a1 = {}, a2 = {}, a3 = {};
        for (int k = 0; k < n; ++k) {
            const float* row = rows + static_cast<size_t>(index[k]) * cols + c0;
            a0 += *reinterpret_cast<const float16v*>(row);
            a1 += *reinterpret_cast<const float16v*>(row + 16);
            a2 += *reinterpret_cast<const float16v*>(row + 32);
            a3 += *reinterpret_cast<const float16v*>(row + 48);
        }
        *reinterpret_cast<float16v*>(acc + c0) = a0;
        *reinterpret_cast<float16v*>(acc + c0 + 16) = a1;
        *reinterpret_cast<float16v*>(acc + c0 + 32) = a2;
        *reinterpret_cast<float16v*>(acc + c0 + 48) = a3;
    }
    for (; c0 + 16 <= cols; c0 += 16) {
        float16v a = {};
        for (int k = 0; k < n; ++k)
            a += *reinterpret_cast<const float16v*>(rows + static_cast<size_t>(index[k]) * cols +
                                                    c0);
        *reinterpret_cast<float16v*>(acc + c0) = a;
    }
    for (int c = c0; c < cols; ++c) {
        float a = 0.0f;
        for (int k = 0; k < n; ++k) a += rows[static_cast<size_t>(index[k]) * cols + c];
        acc[c] = a;
    }
}

// cur[c] = base + di * k[c], plus acc[c] when given: a phase's column currents from the LRS
// counts and the summed deviations. No FMA clone: a fused multiply-add would round once where
// the plain code rounds twice.
XBAR_CLONES("avx2", "default")
void column_currents(double base, double di, const int32_t* k, const float* acc, int cols,
                     double* cur) {
    if (acc)
        for (int c = 0; c < cols; ++c) cur[c] = (base + di * k[c]) + acc[c];
    else
        for (int c = 0; c < cols; ++c) cur[c] = base + di * k[c];
}

// acc[c] += w * row[c]: read disturb's loss of one row's LRS currents.
XBAR_CLONES("avx2", "default")
void add_scaled_row(const float* row, float w, int cols, float* acc) {
    for (int c = 0; c < cols; ++c) acc[c] += w * row[c];
}

// The recombination of a mapping with one conversion per output (BNN I, II, V, VI, TNN I), as
// recombine_analog computes it, operation for operation, in a loop the compiler vectorises:
// signal = pos[j s] - neg[j s] (neg null: single-ended), converted by the ADC (lo, step, its
// reciprocal and top code; step 0: ideal, the signal itself), minus the baseline, times
// coef / dI, plus the digital offsets, clamped and rounded half away from zero. Codes are below
// 2^24, so converting through int32 gives the bits of the scalar path's uint32 conversion.
struct OneConversion {
    const double *pos, *neg;
    int stride;
    double baseline, inv_di;
    int coef, k_sw;
    double lo, step, inv_step, top; // step == 0: ideal ADC
    bool quantise;
    double offsets_sx, offsets_n; // k_sx Sx and k_n n, as doubles
};

// The loop of recombine_one for a stride and an ADC known at compile time, with the fields in
// locals and y restrict-qualified: so the compiler vectorises it (the fields of q could alias
// y otherwise, and a run-time stride blocks the vectoriser). Same operations, same order.
template <int Stride, bool Differential, bool Quantise>
XBAR_INLINE void recombine_one_loop(const OneConversion& q, const int32_t* weight_sum, int outputs,
                                    int32_t* __restrict y) {
    const double lim = std::numeric_limits<int32_t>::max();
    const double* __restrict pos = q.pos;
    const double* __restrict neg = q.neg;
    const double baseline = q.baseline, inv_di = q.inv_di, lo = q.lo, step = q.step;
    const double inv_step = q.inv_step, top = q.top, offsets_sx = q.offsets_sx;
    const double offsets_n = q.offsets_n;
    const int coef = q.coef, k_sw = q.k_sw;
    for (int j = 0; j < outputs; ++j) {
        const double signal = pos[j * Stride] - (Differential ? neg[j * Stride] : 0.0);
        double conv = signal;
        if (Quantise) {
            double k = (signal - lo) * inv_step + 0.5;
            k = k > 0.0 ? k : 0.0;
            k = k < top ? k : top;
            conv = lo + static_cast<double>(static_cast<int32_t>(k)) * step;
        }
        const double sum = coef * ((conv - baseline) * inv_di);
        double v = sum + static_cast<double>(k_sw * weight_sum[j]) + offsets_sx + offsets_n;
        v = v < -lim ? -lim : v;
        v = v > lim ? lim : v;
        y[j] = static_cast<int32_t>(v + std::copysign(0.5, v));
    }
}

template <int Stride>
XBAR_INLINE void recombine_one_stride(const OneConversion& q, const int32_t* weight_sum,
                                      int outputs, int32_t* y) {
    if (q.neg && q.quantise)
        return recombine_one_loop<Stride, true, true>(q, weight_sum, outputs, y);
    if (q.neg) return recombine_one_loop<Stride, true, false>(q, weight_sum, outputs, y);
    if (q.quantise) return recombine_one_loop<Stride, false, true>(q, weight_sum, outputs, y);
    recombine_one_loop<Stride, false, false>(q, weight_sum, outputs, y);
}

// The mappings with one conversion per output have one or two columns per output.
XBAR_CLONES("arch=x86-64-v4", "avx2", "default")
void recombine_one(const OneConversion& q, const int32_t* weight_sum, int outputs, int32_t* y) {
    if (q.stride == 1) return recombine_one_stride<1>(q, weight_sum, outputs, y);
    if (q.stride == 2) return recombine_one_stride<2>(q, weight_sum, outputs, y);
    throw std::logic_error("recombine_one: more than two columns per output");
}

// Sum with four independent accumulators (a single chain of dependent additions is
// latency-bound); the order is fixed, so the result is too.
double sum(const double* v, int n) {
    double s[4] = {0.0, 0.0, 0.0, 0.0};
    int i = 0;
    for (; i + 4 <= n; i += 4)
        for (int l = 0; l < 4; ++l) s[l] += v[i + l];
    for (; i < n; ++i) s[0] += v[i];
    return (s[0] + s[1]) + (s[2] + s[3]);
}

// Cell (row, col) of word-major bits with `cols` columns.
void set_bit(std::vector<uint64_t>& v, int cols, int row, int col) {
    v[static_cast<size_t>(row / 64) * cols + col] |= uint64_t{1} << (row % 64);
}

bool get_bit(const std::vector<uint64_t>& v, int cols, int row, int col) {
    return (v[static_cast<size_t>(row / 64) * cols + col] >> (row % 64)) & 1u;
}

} // namespace

Crossbar::Crossbar(const XbarConfig& cfg, uint32_t tile_id)
    : cfg_(cfg), spec_(spec(cfg.mapping)), device_(cfg.device, cfg.seed),
      adc_(cfg.adc.bits, {0.0, 0.0}, adc_spacing(spec_.adc_range, cfg.adc.levels)),
      tile_id_(tile_id), analog_(cfg.mode == ComputeMode::analog) {
    validate(cfg_);
    ir_ = analog_ && cfg_.ir_drop.active();
    drift_ = analog_ && cfg_.drift.on;
    disturb_ = analog_ && cfg_.read_disturb.on;
    slow_ = ir_ || drift_ || disturb_;
    disturb_exponent_ = read_disturb::exponent(cfg_.read_disturb, cfg_.device.v_read);
    t_read_s_ = cfg_.timing.t_read_ns * 1e-9;
    if (slow_) row_writes_.assign(cfg_.rows, 0); // physical rows: cycles survive re-programming
    if (analog_ && cfg_.adc_errors.any())
        adc_errors_ = std::make_shared<const AdcErrors>(cfg_.adc_errors, cfg_.adc.bits,
                                                        cfg_.adc.adcs, cfg_.seed, tile_id_);
    for (int p = 0; p < spec_.phases; ++p)
        for (int t = 0; t < spec_.rows_per_input; ++t)
            for (int x = -1; x <= 1; ++x) drive_lut_[p][t][x + 1] = spec_.drive(x, t, p);
}

ProgramActivity Crossbar::program(const int8_t* weights, int outputs, int inputs) {
    check_tile(weights, outputs, inputs);
    ++programmings_;
    allocate(outputs, inputs);
    for (int j = 0; j < outputs; ++j)
        for (int i = 0; i < inputs; ++i) {
            const int w = weights[static_cast<size_t>(j) * inputs + i];
            weight_sum_[j] += w;
            for (int t = 0; t < spec_.rows_per_input; ++t)
                for (int s = 0; s < spec_.cols_per_output; ++s) program_cell(w, j, i, t, s);
        }
    if (slow_) {
        start_rows(0, rows_);
        rebuild_all();
    }
    if (!explicit_range_) reset_adc_range();
    return {static_cast<uint64_t>(rows_), static_cast<uint64_t>(rows_) * cols_};
}

// A write of rows [first, first + count): one more cycle, no reads, age 0.
void Crossbar::start_rows(int first, int count) {
    for (int r = first; r < first + count; ++r) {
        ++row_writes_[r];
        row_written_s_[r] = now_s_;
        if (!disturb_) continue;
        row_reads_[r] = 0;
        transition_s_[r] =
            read_disturb::transition_time_s(cfg_.read_disturb, disturb_exponent_, row_cycles(r));
    }
}

// Throws before anything changes, so a rejected tile leaves the crossbar as it was.
void Crossbar::check_tile(const int8_t* weights, int outputs, int inputs) const {
    const int max_out = cfg_.max_tile_outputs(), max_in = cfg_.max_tile_inputs();
    if (outputs < 1 || inputs < 1 || outputs > max_out || inputs > max_in)
        throw std::invalid_argument(
            "tile of " + std::to_string(outputs) + " outputs x " + std::to_string(inputs) +
            " inputs does not fit a " + std::to_string(cfg_.rows) + "x" +
            std::to_string(cfg_.cols) + " crossbar under " + spec_.name + " (at most " +
            std::to_string(max_out) + " outputs x " + std::to_string(max_in) + " inputs)");
    for (int j = 0; j < outputs; ++j)
        for (int i = 0; i < inputs; ++i)
            if (!in_alphabet(spec_, weights[static_cast<size_t>(j) * inputs + i]))
                throw std::invalid_argument(
                    "weight " + std::to_string(weights[static_cast<size_t>(j) * inputs + i]) +
                    " (output " + std::to_string(j) + ", input " + std::to_string(i) +
                    ") is not in the " + alphabet_name(spec_));
}

// Sizes the arrays for a tile; the float arrays exist only when a non-ideality needs them.
void Crossbar::allocate(int outputs, int inputs) {
    outputs_ = outputs;
    inputs_ = inputs;
    scratch_.ws.reset(); // sized for the previous tile
    rows_ = inputs * spec_.rows_per_input;
    cols_ = outputs * spec_.cols_per_output;
    words_ = (rows_ + 63) / 64;
    const size_t nbits = static_cast<size_t>(cols_) * words_;
    ideal_bits_.assign(nbits, 0);
    bits_.assign(nbits, 0);
    const size_t ncells = static_cast<size_t>(rows_) * cols_;
    const bool cells = analog_ && (cfg_.device.has_cell_variability() || slow_);
    delta_.assign(cells ? ncells : 0, 0.0f);
    square_.assign(cells && cfg_.device.has_read_noise() ? ncells : 0, 0.0f);
    weight_sum_.assign(outputs, 0);
    base_.assign(slow_ ? ncells : 0, 0.0f);
    lrs_current_.assign(disturb_ ? ncells : 0, 0.0f);
    row_reads_.assign(disturb_ ? rows_ : 0, 0);
    transition_s_.assign(disturb_ ? rows_ : 0, 0.0);
    row_refreshes_.assign(cells ? rows_ : 0, 0);
    row_written_s_.assign(slow_ ? rows_ : 0, 0.0);
}

void Crossbar::program_cell(int w, int j, int i, int t, int s) {
    const int r = i * spec_.rows_per_input + t;
    const int c = j * spec_.cols_per_output + s;
    const bool lrs = spec_.cell(w, t, s);
    if (lrs) set_bit(ideal_bits_, cols_, r, c);
    const bool eff = analog_ ? device_.effective_state(lrs, tile_id_, r, c) : lrs;
    if (eff) set_bit(bits_, cols_, r, c);
    if (!delta_.empty()) store_cell_current(r, c, eff);
}

// The key of the programming draws of a row: the crossbar's programming count, with the row's
// refreshes since in the high bits (0 keeps the draws of a plain programming).
uint64_t Crossbar::programming_key(int row) const {
    const uint64_t refreshes = row_refreshes_.empty() ? 0 : row_refreshes_[row];
    return programmings_ | (refreshes << 40);
}

// The programmed current of a cell: into the deviation arrays directly, or with slow
// non-idealities into base_, from which rebuild_cells() derives them.
void Crossbar::store_cell_current(int r, int c, bool eff) {
    const double cur = device_.programmed_current(eff, tile_id_, r, c, programming_key(r));
    const size_t cell = static_cast<size_t>(r) * cols_ + c;
    if (slow_) {
        base_[cell] = static_cast<float>(cur);
        return;
    }
    delta_[cell] = static_cast<float>(cur - device_.nominal(eff));
    if (!square_.empty()) square_[cell] = static_cast<float>(cur * cur);
}

double Crossbar::drift_factor(int r, int c, bool lrs) const {
    const double z =
        cfg_.drift.nu_sigma > 0.0
            ? rng::normal(rng::key(cfg_.seed, rng::drift, tile_id_, r, c, programming_key(r)))
            : 0.0;
    return drift::factor(cfg_.drift, row_age_s(r), drift::nu(cfg_.drift, lrs, z));
}

// Effective currents of rows [first_row, last_row) from the programmed ones: drift at the current
// time, then IR drop (which couples all cells, so it always takes the whole tile).
void Crossbar::rebuild_cells(int first_row, int last_row) {
    if (ir_) first_row = 0, last_row = rows_;
    const size_t c0 = static_cast<size_t>(first_row) * cols_,
                 c1 = static_cast<size_t>(last_row) * cols_;
    std::vector<double> cur(c1 - c0);
    for (int r = first_row; r < last_row; ++r)
        for (int c = 0; c < cols_; ++c) {
            const size_t cell = static_cast<size_t>(r) * cols_ + c;
            double i = base_[cell];
            if (drift_) i *= drift_factor(r, c, cell_lrs(r, c));
            cur[cell - c0] = i;
        }
    if (ir_) cur = ir_transfer(cur);
    for (int r = first_row; r < last_row; ++r)
        for (int c = 0; c < cols_; ++c) {
            const size_t cell = static_cast<size_t>(r) * cols_ + c;
            const double i = cur[cell - c0];
            const bool lrs = cell_lrs(r, c);
            delta_[cell] = static_cast<float>(i - device_.nominal(lrs));
            if (!square_.empty()) square_[cell] = static_cast<float>(i * i);
            if (disturb_) lrs_current_[cell] = lrs ? static_cast<float>(i) : 0.0f;
        }
}

// Currents of the tile's cells as their columns' sense inputs receive them with only their row
// driven. The network is the whole physical crossbar: cells outside the tile are in HRS.
std::vector<double> Crossbar::ir_transfer(const std::vector<double>& current) const {
    IrNetwork n;
    n.rows = cfg_.rows;
    n.cols = cfg_.cols;
    n.r_wl = cfg_.ir_drop.r_wl();
    n.r_bl = cfg_.ir_drop.r_bl();
    n.v_read = cfg_.device.v_read;
    const double v = cfg_.device.v_read;
    std::vector<double> g(static_cast<size_t>(n.rows) * n.cols, cfg_.device.i_hrs / v);
    for (int r = 0; r < rows_; ++r)
        for (int c = 0; c < cols_; ++c)
            g[static_cast<size_t>(r) * n.cols + c] =
                current[static_cast<size_t>(r) * cols_ + c] / v;
    return cfg_.ir_drop.solver == IrDropSolver::exact
               ? ir_transfer_exact(n, g, rows_, cols_)
               : ir_transfer_fast(n, g, rows_, cols_, cfg_.ir_drop.fast_sweeps);
}

void Crossbar::set_time(double now_s) {
    now_s_ = now_s;
    if (drift_ && programmed()) rebuild_all();
}

double Crossbar::row_age_s(int row) const {
    const double written = row_written_s_.empty() ? 0.0 : row_written_s_.at(row);
    return now_s_ - written + cfg_.drift.time_s;
}

uint64_t Crossbar::row_reads(int row) const { return row_reads_.empty() ? 0 : row_reads_.at(row); }

uint64_t Crossbar::max_row_reads() const {
    uint64_t m = 0;
    for (uint64_t n : row_reads_) m = std::max(m, n);
    return m;
}

double Crossbar::row_cycles(int row) const {
    const double writes = row_writes_.empty() ? 0.0 : row_writes_.at(row);
    return cfg_.read_disturb.prior_cycles + writes;
}

double Crossbar::row_transition_s(int row) const {
    return read_disturb::transition_time_s(cfg_.read_disturb, disturb_exponent_, row_cycles(row));
}

// The stress history xbar.rd_prior_reads precedes the run: it stays with the programmed cells
// until a refresh re-writes them.
double Crossbar::disturb_factor(int r, uint64_t reads) const {
    const double prior = row_refreshes_[r] == 0 ? cfg_.read_disturb.prior_reads : 0.0;
    const double stress = (static_cast<double>(reads) + prior) * t_read_s_;
    return read_disturb::factor(stress, transition_s_[r], disturb_exponent_);
}

double Crossbar::row_disturb_factor(int row) const {
    if (!disturb_ || !programmed()) return 1.0;
    return disturb_factor(row, row_reads(row));
}

ProgramActivity Crossbar::refresh_rows(int first, int count) {
    if (!programmed()) throw std::invalid_argument("refresh of a crossbar with no programmed tile");
    if (first < 0 || count < 0 || first + count > rows_)
        throw std::invalid_argument("refresh of rows " + std::to_string(first) + ".." +
                                    std::to_string(first + count - 1) + " outside the tile's " +
                                    std::to_string(rows_) + " rows");
    refreshes_ += static_cast<uint64_t>(count);
    if (!row_refreshes_.empty())
        for (int r = first; r < first + count; ++r) ++row_refreshes_[r];
    if (slow_) start_rows(first, count);
    if (!delta_.empty())
        for (int r = first; r < first + count; ++r)
            for (int c = 0; c < cols_; ++c) store_cell_current(r, c, cell_lrs(r, c));
    if (slow_) rebuild_cells(first, first + count);
    return {static_cast<uint64_t>(count), static_cast<uint64_t>(count) * cols_};
}

void Crossbar::set_adc_range(const AdcRange& r) {
    if (!(r.hi > r.lo)) throw std::invalid_argument("ADC range needs hi > lo");
    adc_.set_range(r);
    explicit_range_ = true;
}

void Crossbar::reset_adc_range() {
    explicit_range_ = false;
    adc_.set_range(programmed() ? auto_range(spec_.adc_range, inputs_, cfg_.device.i_hrs,
                                             cfg_.device.i_lrs, cfg_.adc)
                                : AdcRange{0.0, 0.0});
}

MvmShape Crossbar::shape() const {
    return {spec_.phases, outputs_ * spec_.n_conversions / spec_.phases, cfg_.adc.bits,
            cfg_.adc.adcs};
}

bool Crossbar::cell_lrs(int row, int col) const { return get_bit(bits_, cols_, row, col); }

double Crossbar::cell_current(int row, int col) const {
    const bool lrs = cell_lrs(row, col);
    const double d = delta_.empty() ? 0.0 : delta_[static_cast<size_t>(row) * cols_ + col];
    return device_.nominal(lrs) + d;
}

void Crossbar::check_programmed() const {
    if (!programmed()) throw std::invalid_argument("MVM on a crossbar with no programmed tile");
}

void Crossbar::check_inputs(const int8_t* x, size_t batch) const {
    check_programmed();
    const int iw = (inputs_ + 63) / 64;
    std::vector<uint64_t> pos(iw), neg(iw), zero(iw);
    for (size_t b = 0; b < batch; ++b) {
        const int8_t* xb = x + b * inputs_;
        input_masks(xb, inputs_, pos.data(), neg.data(), zero.data());
        if (!masks_in_alphabet(pos.data(), neg.data(), zero.data())) bad_input(xb, b);
    }
}

// Every input of the masks' vector is in the alphabet: +1, -1 or (ternary) 0.
bool Crossbar::masks_in_alphabet(const uint64_t* pos, const uint64_t* neg,
                                 const uint64_t* zero) const {
    const int iw = (inputs_ + 63) / 64;
    for (int w = 0; w < iw; ++w) {
        const int bits = std::min(64, inputs_ - 64 * w);
        const uint64_t all = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
        if ((pos[w] | neg[w] | (spec_.ternary ? zero[w] : 0)) != all) return false;
    }
    return true;
}

void Crossbar::bad_input(const int8_t* x, size_t vector) const {
    for (int i = 0; i < inputs_; ++i)
        if (!in_alphabet(spec_, x[i]))
            throw std::invalid_argument("input " + std::to_string(x[i]) + " (vector " +
                                        std::to_string(vector) + ", element " + std::to_string(i) +
                                        ") is not in the " + alphabet_name(spec_));
    throw std::logic_error("bad_input without a bad input");
}

Crossbar::DriveSums Crossbar::drive(const int8_t* x, Workspace& ws) const {
    DriveSums d;
    const int iw = (inputs_ + 63) / 64;
    input_masks(x, inputs_, ws.pos.data(), ws.neg.data(), ws.zero.data());
    d.valid = masks_in_alphabet(ws.pos.data(), ws.neg.data(), ws.zero.data());
    input_sums(ws.pos.data(), ws.neg.data(), iw, &d.sx, &d.nonzero);
    std::fill(ws.mask.begin(), ws.mask.end(), 0);
    for (int p = 0; p < spec_.phases; ++p)
        for (int t = 0; t < spec_.rows_per_input; ++t) {
            const bool* lut = drive_lut_[p][t];
            uint64_t* mask = ws.mask.data() + static_cast<size_t>(p) * words_;
            for (int w = 0; w < iw; ++w) {
                const uint64_t m =
                    (lut[0] ? ws.neg[w] : 0) | (lut[1] ? ws.zero[w] : 0) | (lut[2] ? ws.pos[w] : 0);
                if (spec_.rows_per_input == 1) {
                    mask[w] = m;
                    continue;
                }
                // Two rows per input: input i drives row 2i + t.
                mask[2 * w] |= spread_even(static_cast<uint32_t>(m)) << t;
                if (2 * w + 1 < words_)
                    mask[2 * w + 1] |= spread_even(static_cast<uint32_t>(m >> 32)) << t;
            }
        }
    // Each driven row is one bit of its phase's mask.
    for (int p = 0; p < spec_.phases; ++p)
        d.rows[p] = popcount_words(ws.mask.data() + static_cast<size_t>(p) * words_, words_);
    return d;
}

void Crossbar::count_columns(const std::vector<uint64_t>& bits, const uint64_t* mask,
                             int32_t* k) const {
    popcount_columns(bits.data(), mask, words_, cols_, k);
}

// Column currents of phase p: nominal part from the LRS count (exact), deviations of the
// programmed cells as a masked sum of rows, then read noise.
void Crossbar::analog_phase(int p, const DriveSums& d, uint64_t read, Workspace& ws) const {
    const uint64_t* mask = ws.mask.data() + static_cast<size_t>(p) * words_;
    int32_t* k = ws.count.data() + static_cast<size_t>(p) * cols_;
    double* cur = ws.current.data() + static_cast<size_t>(p) * cols_;
    count_columns(bits_, mask, k);
    const double base = cfg_.device.i_hrs * d.rows[p], di = cfg_.device.delta_i();
    if (!delta_.empty()) {
        ws.n_driven = set_rows(mask, words_, ws.driven.data());
        row_sum(delta_.data(), ws.driven.data(), ws.n_driven, cols_, ws.acc.data());
    }
    column_currents(base, di, k, delta_.empty() ? nullptr : ws.acc.data(), cols_, cur);
    if (disturb_) add_disturb(p, ws);
    if (!cfg_.device.has_read_noise()) return;
    if (cfg_.device.read_noise_model == ReadNoiseModel::summed)
        add_read_noise(p, d, read, ws);
    else
        add_read_noise_per_cell(p, read, ws);
}

// Read disturb: every driven row past its transition time has lost the share 1 - f of its LRS
// cells' currents, f = (stress / t_tr)^-p from its read count before this MVM.
XBAR_NOINLINE void Crossbar::add_disturb(int p, Workspace& ws) const {
    const uint64_t* mask = ws.mask.data() + static_cast<size_t>(p) * words_;
    double* cur = ws.current.data() + static_cast<size_t>(p) * cols_;
    bool any = false;
    for (int w = 0; w < words_; ++w)
        for (uint64_t m = mask[w]; m != 0; m &= m - 1) {
            const int r = w * 64 + __builtin_ctzll(m);
            const double f = disturb_factor(r, ws.reads[r]);
            if (f == 1.0) continue;
            if (!any) std::fill(ws.acc.begin(), ws.acc.end(), 0.0f);
            any = true;
            add_scaled_row(lrs_current_.data() + static_cast<size_t>(r) * cols_,
                           static_cast<float>(f - 1.0), cols_, ws.acc.data());
        }
    if (any)
        for (int c = 0; c < cols_; ++c) cur[c] += ws.acc[c];
}

// One read of every cell of the rows each phase drove.
XBAR_NOINLINE void Crossbar::count_reads(Workspace& ws) const {
    for (int p = 0; p < spec_.phases; ++p) {
        const uint64_t* mask = ws.mask.data() + static_cast<size_t>(p) * words_;
        for (int w = 0; w < words_; ++w)
            for (uint64_t m = mask[w]; m != 0; m &= m - 1) ++ws.reads[w * 64 + __builtin_ctzll(m)];
    }
}

// The read counts before input vector `vectors` of a batch: a thread that starts in the middle of
// a batch first catches up with the reads of the vectors before its share.
XBAR_NOINLINE void Crossbar::skip_reads(const int8_t* x, int vectors, Workspace& ws) const {
    ws.reads = row_reads_;
    for (int b = 0; b < vectors; ++b) {
        drive(x + static_cast<size_t>(b) * inputs_, ws);
        count_reads(ws);
    }
}

// The sum of independent Gaussian cell deviations sigma * I_r * z_r over the read cells is
// Gaussian with variance sigma^2 * sum(I_r^2): one draw per column replaces one per cell.
void Crossbar::add_read_noise(int p, const DriveSums& d, uint64_t read, Workspace& ws) const {
    const int32_t* k = ws.count.data() + static_cast<size_t>(p) * cols_;
    double* cur = ws.current.data() + static_cast<size_t>(p) * cols_;
    const double sigma = cfg_.device.sigma_read;
    const double h2 = cfg_.device.i_hrs * cfg_.device.i_hrs;
    const double l2 = cfg_.device.i_lrs * cfg_.device.i_lrs;
    // square_ exists only with delta_, so analog_phase has listed the driven rows of phase p.
    if (!square_.empty())
        row_sum(square_.data(), ws.driven.data(), ws.n_driven, cols_, ws.acc_sq.data());
    const uint64_t key = device_.read_noise_key(tile_id_, read, p);
    for (int c = 0; c < cols_; c += 2) {
        const DeviceModel::Pair z = DeviceModel::read_noise_pair(key, c / 2);
        for (int q = 0; q < 2 && c + q < cols_; ++q) {
            const int col = c + q;
            const double sum_sq =
                square_.empty() ? (d.rows[p] - k[col]) * h2 + k[col] * l2 : ws.acc_sq[col];
            cur[col] += sigma * std::sqrt(std::max(0.0, sum_sq)) * (q == 0 ? z.z0 : z.z1);
        }
    }
}

// Reference model: one draw per read cell.
void Crossbar::add_read_noise_per_cell(int p, uint64_t read, Workspace& ws) const {
    const uint64_t* mask = ws.mask.data() + static_cast<size_t>(p) * words_;
    double* cur = ws.current.data() + static_cast<size_t>(p) * cols_;
    const double sigma = cfg_.device.sigma_read;
    for (int w = 0; w < words_; ++w)
        for (uint64_t m = mask[w]; m != 0; m &= m - 1) {
            const int r = w * 64 + __builtin_ctzll(m);
            for (int c = 0; c < cols_; ++c)
                cur[c] +=
                    sigma * cell_current(r, c) * device_.read_noise_cell(tile_id_, read, p, r, c);
        }
}

double Crossbar::compute(const int8_t* x, int32_t* y, uint64_t read, size_t vector, Workspace& ws,
                         MvmActivity& a, double* signals) const {
    const DriveSums d = drive(x, ws);
    if (!d.valid) bad_input(x, vector);
    const double di = cfg_.device.delta_i();
    double column_current = 0.0;
    for (int p = 0; p < spec_.phases; ++p) {
        if (analog_) {
            analog_phase(p, d, read, ws);
            column_current += sum(ws.current.data() + static_cast<size_t>(p) * cols_, cols_);
        } else {
            int32_t* k = ws.count.data() + static_cast<size_t>(p) * cols_;
            count_columns(ideal_bits_, ws.mask.data() + static_cast<size_t>(p) * words_, k);
            int64_t lrs = 0;
            for (int c = 0; c < cols_; ++c) lrs += k[c];
            column_current += cfg_.device.i_hrs * d.rows[p] * cols_ + di * static_cast<double>(lrs);
        }
        a.word_lines += static_cast<uint64_t>(d.rows[p]);
    }
    if (disturb_) count_reads(ws);
    if (!analog_)
        recombine_digital(d, ws, y, signals);
    else if (adc_errors_)
        recombine_analog_errors(d, ws, y, signals, read);
    else
        recombine_analog(d, ws, y, signals);
    a.mvms += 1;
    a.conversions += static_cast<uint64_t>(outputs_) * spec_.n_conversions;
    return column_current;
}

// y = sum(coef * K) + k_sw * Sw + k_sx * Sx + k_n * n, rounded once.
int32_t Crossbar::finish(int j, const DriveSums& d, double sum_coef_k) const {
    const double y =
        sum_coef_k + spec_.k_sw * weight_sum_[j] + spec_.k_sx * d.sx + spec_.k_n * d.nonzero;
    const double lim = std::numeric_limits<int32_t>::max();
    const double c = std::clamp(y, -lim, lim);
    // Round half away from zero without a branch on the sign (std::llround is a library call).
    return static_cast<int32_t>(c + std::copysign(0.5, c));
}

XBAR_INLINE void Crossbar::recombine_digital(const DriveSums& d, const Workspace& ws, int32_t* y,
                                             double* signals) const {
    const double di = cfg_.device.delta_i(), ih = cfg_.device.i_hrs;
    for (int j = 0; j < outputs_; ++j) {
        int64_t sum = 0;
        for (int q = 0; q < spec_.n_conversions; ++q) {
            const Conversion& cv = spec_.conversions[q];
            const int32_t* k = ws.count.data() + static_cast<size_t>(cv.phase) * cols_;
            const int col = j * spec_.cols_per_output;
            const int32_t kk = k[col + cv.pos] - (cv.neg >= 0 ? k[col + cv.neg] : 0);
            sum += static_cast<int64_t>(cv.coef) * kk;
            if (signals)
                signals[j * spec_.n_conversions + q] =
                    di * kk + (cv.neg >= 0 ? 0.0 : ih * d.rows[cv.phase]);
        }
        y[j] = finish(j, d, static_cast<double>(sum));
    }
}

// The converted current estimates the LRS count K of the signal: differential signals cancel the
// HRS baseline, single-ended ones carry I_HRS per driven row, subtracted here exactly.
XBAR_INLINE void Crossbar::recombine_analog(const DriveSums& d, const Workspace& ws, int32_t* y,
                                            double* signals) const {
    const double inv_di = 1.0 / cfg_.device.delta_i();
    const int nc = spec_.n_conversions, cpo = spec_.cols_per_output;
    if (nc == 1 && !signals && (adc_.ideal() || adc_.bits() <= 24)) {
        const Conversion& cv = spec_.conversions[0];
        const double* cur = ws.current.data() + static_cast<size_t>(cv.phase) * cols_;
        OneConversion q;
        q.pos = cur + cv.pos;
        q.neg = cv.neg >= 0 ? cur + cv.neg : nullptr;
        q.stride = cpo;
        q.baseline = cv.neg >= 0 ? 0.0 : cfg_.device.i_hrs * d.rows[cv.phase];
        q.inv_di = inv_di;
        q.coef = cv.coef;
        q.k_sw = spec_.k_sw;
        q.quantise = !adc_.ideal(); // an empty range (step 0) gives code 0, as Adc::code
        q.lo = adc_.range().lo;
        q.step = adc_.step();
        q.inv_step = adc_.step() > 0.0 ? 1.0 / adc_.step() : 0.0;
        q.top = static_cast<double>(adc_.codes() - 1);
        q.offsets_sx = static_cast<double>(spec_.k_sx * d.sx);
        q.offsets_n = static_cast<double>(spec_.k_n * d.nonzero);
        return recombine_one(q, weight_sum_.data(), outputs_, y);
    }
    const double* cur[4];
    double baseline[4];
    for (int q = 0; q < nc; ++q) {
        const Conversion& cv = spec_.conversions[q];
        cur[q] = ws.current.data() + static_cast<size_t>(cv.phase) * cols_;
        baseline[q] = cv.neg >= 0 ? 0.0 : cfg_.device.i_hrs * d.rows[cv.phase];
    }
    for (int j = 0; j < outputs_; ++j) {
        double sum = 0.0;
        for (int q = 0; q < nc; ++q) {
            const Conversion& cv = spec_.conversions[q];
            const double* c = cur[q] + j * cpo;
            const double signal = c[cv.pos] - (cv.neg >= 0 ? c[cv.neg] : 0.0);
            if (signals) signals[j * nc + q] = signal;
            sum += cv.coef * ((adc_.convert(signal) - baseline[q]) * inv_di);
        }
        y[j] = finish(j, d, sum);
    }
}

// As recombine_analog, each signal converted by its physical ADC with that ADC's static errors and
// a fresh noise draw keyed by (seed, tile, read, conversion).
XBAR_NOINLINE void Crossbar::recombine_analog_errors(const DriveSums& d, const Workspace& ws,
                                                     int32_t* y, double* signals,
                                                     uint64_t read) const {
    const double inv_di = 1.0 / cfg_.device.delta_i();
    const int nc = spec_.n_conversions, cpo = spec_.cols_per_output;
    const bool noise = cfg_.adc_errors.noise_lsb > 0.0;
    const uint64_t key = rng::prefix(cfg_.seed, rng::adc_noise, tile_id_, read);
    const int64_t adcs = cfg_.adc.adcs, phys_cols = cfg_.cols;
    for (int j = 0; j < outputs_; ++j) {
        double sum = 0.0;
        for (int q = 0; q < nc; ++q) {
            const Conversion& cv = spec_.conversions[q];
            const double* c = ws.current.data() + static_cast<size_t>(cv.phase) * cols_ + j * cpo;
            const double signal = c[cv.pos] - (cv.neg >= 0 ? c[cv.neg] : 0.0);
            if (signals) signals[j * nc + q] = signal;
            const int adc =
                static_cast<int>(static_cast<int64_t>(j * cpo + cv.pos) * adcs / phys_cols);
            // One Box-Muller pair serves two consecutive conversions.
            const uint64_t conv = static_cast<uint64_t>(j) * nc + q;
            double z = 0.0;
            if (noise) {
                const rng::NormalPair zz = rng::normal_pair(rng::at(key, conv / 2));
                z = conv % 2 ? zz.z1 : zz.z0;
            }
            const double baseline = cv.neg >= 0 ? 0.0 : cfg_.device.i_hrs * d.rows[cv.phase];
            sum += cv.coef * ((adc_errors_->convert(adc_, adc, signal, z) - baseline) * inv_di);
        }
        y[j] = finish(j, d, sum);
    }
}

void Crossbar::compute_range(int begin, int end, const int8_t* x, int32_t* y, uint64_t read0,
                             MvmActivity& a, double* column_current,
                             std::vector<uint64_t>* final_reads) const {
    Workspace ws(spec_.phases, inputs_, words_, cols_, disturb_ ? rows_ : 0);
    if (disturb_) skip_reads(x, begin, ws);
    for (int b = begin; b < end; ++b)
        column_current[b] =
            compute(x + static_cast<size_t>(b) * inputs_, y + static_cast<size_t>(b) * outputs_,
                    read0 + static_cast<uint64_t>(b), static_cast<size_t>(b), ws, a);
    if (final_reads) final_reads->swap(ws.reads);
}

MvmActivity Crossbar::mvm(const int8_t* x, int32_t* y) { return mvm_batch(x, 1, y, 1); }

MvmActivity Crossbar::probe(const int8_t* x, int32_t* y, double* signals) {
    check_inputs(x, 1);
    Workspace ws(spec_.phases, inputs_, words_, cols_, disturb_ ? rows_ : 0);
    if (disturb_) ws.reads = row_reads_;
    MvmActivity a;
    a.column_current = compute(x, y, reads_, 0, ws, a, signals);
    if (disturb_) row_reads_ = std::move(ws.reads);
    ++reads_;
    return a;
}

MvmActivity Crossbar::mvm_batch(const int8_t* x, size_t batch, int32_t* y, unsigned threads) {
    const int n = static_cast<int>(batch);
    const unsigned nt = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(n)));
    if (nt == 1) return mvm_serial(x, n, y);
    // Checked first: an exception in a worker thread could not reach the caller.
    check_inputs(x, batch);
    std::vector<MvmActivity> acts(nt);
    std::vector<double> column_current(batch);
    double* cc = column_current.data();
    // The last share ends with the read counts after the whole batch.
    std::vector<uint64_t> final_reads;
    std::vector<uint64_t>* fr = disturb_ ? &final_reads : nullptr;
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < nt; ++t) {
        const int begin = static_cast<int>(static_cast<int64_t>(n) * t / nt);
        const int end = static_cast<int>(static_cast<int64_t>(n) * (t + 1) / nt);
        std::vector<uint64_t>* out = t + 1 == nt ? fr : nullptr;
        pool.emplace_back(
            [=, &acts] { compute_range(begin, end, x, y, reads_, acts[t], cc, out); });
    }
    for (std::thread& th : pool) th.join();
    if (disturb_) row_reads_ = std::move(final_reads);
    reads_ += batch;
    MvmActivity total;
    for (const MvmActivity& a : acts) total += a;              // integer counts
    for (double c : column_current) total.column_current += c; // in vector order, any threads
    return total;
}

// One thread, the common case (the VP's MVMs of a few vectors each): the inputs are checked as
// they are driven (a bad one throws before the crossbar changes; y may be partly written) and
// the scratch space is kept from call to call. Adds the column currents in vector order, from
// 0, as the threaded path does.
MvmActivity Crossbar::mvm_serial(const int8_t* x, int n, int32_t* y) {
    check_programmed();
    Workspace& ws = workspace();
    if (disturb_) ws.reads = row_reads_;
    MvmActivity a;
    for (int b = 0; b < n; ++b) {
        const double c =
            compute(x + static_cast<size_t>(b) * inputs_, y + static_cast<size_t>(b) * outputs_,
                    reads_ + static_cast<uint64_t>(b), static_cast<size_t>(b), ws, a);
        a.column_current += c;
    }
    if (disturb_) row_reads_.swap(ws.reads);
    reads_ += static_cast<uint64_t>(n);
    return a;
}

Crossbar::Workspace& Crossbar::workspace() {
    if (!scratch_.ws)
        scratch_.ws =
            std::make_shared<Workspace>(spec_.phases, inputs_, words_, cols_, disturb_ ? rows_ : 0);
    return *scratch_.ws;
}

} // namespace xbar
