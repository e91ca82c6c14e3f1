// The ADC input signals of a layer recorded during calibration, as an exact histogram (value ->
// count). An ideal crossbar's signals are whole numbers of cells times the cell currents, so
// they take few distinct values: memory stays small however many images are profiled, and the
// percentiles are exactly those of the full list of signals.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace cimc {

// The nearest rank of percentile p in (0, 100] among n values: ceil(p / 100 * n), at least 1
// (computed with a relative tolerance of 1e-12, so that 99.9 % of 1000 is rank 999, not 1000).
uint64_t percentile_rank(double p, uint64_t n);

class SignalHistogram {
  public:
    void add(double signal, uint64_t count = 1) {
        uint64_t key;
        signal += 0.0; // -0.0 -> +0.0
        std::memcpy(&key, &signal, sizeof key);
        if (2 * (used_ + 1) > keys_.size()) grow();
        size_t i = slot(key);
        while (counts_[i] != 0 && keys_[i] != key) i = (i + 1) & (keys_.size() - 1);
        if (counts_[i] == 0) keys_[i] = key, ++used_;
        counts_[i] += count;
        n_ += count;
    }
    void merge(const SignalHistogram& other);

    uint64_t count() const { return n_; }
    bool empty() const { return n_ == 0; }
    size_t distinct() const { return used_; }

    // Nearest-rank percentiles, p in (0, 100], with r = percentile_rank(p, count()):
    // upper(p) is the smallest recorded value v with at least r values <= v (p = 100: the
    // maximum); lower(p) the largest recorded value v with at least r values >= v (p = 100: the
    // minimum). Both throw std::logic_error when empty.
    double upper(double p) const;
    double lower(double p) const;

    // The histogram of |signal|.
    SignalHistogram magnitudes() const;
    // (value, count) in increasing order of value.
    std::vector<std::pair<double, uint64_t>> sorted() const;

  private:
    // The hot path of a profile is one add() per conversion: an open-addressing table (linear
    // probing, power-of-two size, at most half full) keyed by the value's bits; a count of 0 marks
    // a free slot.
    size_t slot(uint64_t key) const {
        // MurmurHash3's finaliser: the values' low mantissa bits are mostly 0, so every bit must
        // reach the low bits the mask keeps.
        key ^= key >> 33;
        key *= 0xff51afd7ed558ccdull;
        key ^= key >> 33;
        return size_t(key) & (keys_.size() - 1);
    }
    void grow();

    std::vector<uint64_t> keys_, counts_;
    size_t used_ = 0;
    uint64_t n_ = 0;
};

} // namespace cimc
