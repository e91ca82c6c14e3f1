// The host reference executor's MVM kernel: a tile's ternary/binary weights as two bit planes
// (w = +1, w = -1), an input vector of {-1, 0, +1} likewise, so a dot product is
//   popcount(agree) - popcount(disagree),  agree = (W+ & x+) | (W- & x-),
//                                          disagree = (W+ & x-) | (W- & x+),
// 64 inputs per word instead of one multiply-add per element. Exact integer arithmetic, the
// same bits as the plain product sum_i w_i x_i; an input vector with any other value takes the
// plain loop. Independent of the crossbar model (ip/xbar), which it is a reference for.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cimc {

class PackedTile {
  public:
    // weights[o * inputs + i] in {-1, 0, +1}, o < outputs, i < inputs (the caller checks).
    void pack(const int8_t* weights, uint32_t outputs, uint32_t inputs);

    // y[o] = sum_i w[o][i] * x[i] for x[0..inputs), or y[o] += that with `accumulate`.
    void mvm(const int8_t* x, int32_t* y, bool accumulate) const;

    bool packed() const { return outputs_ > 0; }
    uint32_t outputs() const { return outputs_; }
    uint32_t inputs() const { return inputs_; }

  private:
    void plain_mvm(const int8_t* x, int32_t* y, bool accumulate) const;

    uint32_t outputs_ = 0, inputs_ = 0, words_ = 0;
    // Word-major planes, plane[w * outputs + o]: one word of every output is contiguous, so the
    // kernel runs across outputs (vectorised) with one input word broadcast.
    std::vector<uint64_t> plus_, minus_;
    std::vector<int8_t> weights_;            // row-major copy for the plain loop
    mutable std::vector<uint64_t> x_planes_; // scratch: the input's x+ and x- planes
    mutable std::vector<int32_t> sums_;      // scratch: one dot product per output
};

// Bit i % 64 of word i / 64 of `plus` / `minus` set when x[i] is +1 / -1; returns false if an
// x[i] is outside {-1, 0, +1}. `plus` and `minus` have (n + 63) / 64 words.
bool pack_ternary(const int8_t* x, uint32_t n, uint64_t* plus, uint64_t* minus);

} // namespace cimc
