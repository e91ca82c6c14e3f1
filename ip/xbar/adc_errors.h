// Static and dynamic imperfections of the column ADCs (docs/crossbar/nonidealities.md), each off
// at 0:
//  * offset: a fixed shift of ADC a's input, o_a ~ N(0, offset_lsb^2) LSB;
//  * gain error: a fixed factor 1 + e_a, e_a ~ N(0, gain_sigma^2), on ADC a's input;
//  * INL/DNL: a fixed table per ADC of its 2^bits - 1 code transitions, transition k (between
//    codes k-1 and k) at k - 1/2 + eps_k LSB above the level of code 0, eps_k ~ N(0, inl_lsb^2),
//    sorted so that the converter stays monotonic (crossed transitions become missing codes);
//    INL of transition k is eps_k, DNL of code k is eps_{k+1} - eps_k;
//  * input-referred noise: a fresh N(0, noise_lsb^2) LSB per conversion.
// "ADC a" is a physical converter: ADC index = column * adcs / cols, the columns sharing it
// through the multiplexer, in crossbar `tile`. Static draws are keyed by (seed, tile, ADC index),
// noise by (seed, tile, read counter, conversion), so results never depend on threads.
#pragma once

#include "ip/xbar/adc.h"
#include "ip/xbar/nonideal_defaults.h"

#include <cstdint>
#include <vector>

namespace xbar {

struct AdcErrorParams {
    double offset_lsb = nonideal_defaults::adc_offset_lsb; // std. dev. of the per-ADC offset
    double gain_sigma = nonideal_defaults::adc_gain_sigma; // std. dev. of the per-ADC gain error
    double inl_lsb = nonideal_defaults::adc_inl_lsb;       // std. dev. of each code transition
    double noise_lsb = nonideal_defaults::adc_noise_lsb;   // rms input-referred noise
    bool any() const {
        return offset_lsb > 0.0 || gain_sigma > 0.0 || inl_lsb > 0.0 || noise_lsb > 0.0;
    }
};

// Largest resolution with an INL table (2^bits - 1 floats per ADC).
constexpr int kMaxInlBits = 12;

class AdcErrors {
  public:
    AdcErrors(const AdcErrorParams& p, int bits, int adcs, uint64_t seed, uint32_t tile);

    const AdcErrorParams& params() const { return p_; }
    int adcs() const { return static_cast<int>(offset_.size()); }
    double offset_lsb(int a) const { return offset_[a]; }
    double gain(int a) const { return gain_[a]; }
    // Position of transition k (1 .. 2^bits - 1) of ADC a, in LSB above the level of code 0
    // (ideally k - 0.5); only with an INL table.
    double transition_lsb(int a, int k) const { return transitions_[index(a, k)]; }
    bool has_inl() const { return !transitions_.empty(); }

    // Output code of ADC a for input current `signal` (uA) under `adc`'s range, with the
    // standard normal deviate z of this conversion's noise.
    uint32_t code(const Adc& adc, int a, double signal, double z) const;
    // The current the code stands for (the digital side assumes the ideal levels).
    double convert(const Adc& adc, int a, double signal, double z) const {
        return adc.level(code(adc, a, signal, z));
    }

  private:
    size_t index(int a, int k) const {
        return static_cast<size_t>(a) * (codes_ - 1) + static_cast<size_t>(k - 1);
    }

    AdcErrorParams p_;
    uint64_t codes_;
    std::vector<double> offset_, gain_;
    std::vector<float> transitions_; // per ADC, transitions 1 .. codes - 1, increasing
};

} // namespace xbar
