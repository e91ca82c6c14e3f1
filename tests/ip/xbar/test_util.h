// Shared helpers of the crossbar tests: random BNN/TNN data and the plain integer W x.
#pragma once

#include "ip/xbar/crossbar.h"
#include "ip/xbar/mapping.h"
#include "ip/xbar/xbar_config.h"

#include <cstdint>
#include <random>
#include <vector>

namespace xbar_test {

inline std::vector<int8_t> random_values(size_t n, bool ternary, std::mt19937& g) {
    std::vector<int8_t> v(n);
    std::uniform_int_distribution<int> d(0, ternary ? 2 : 1);
    for (int8_t& e : v) e = static_cast<int8_t>(ternary ? d(g) - 1 : 2 * d(g) - 1);
    return v;
}

// y = W x with W row-major (outputs x inputs), batch vectors.
inline std::vector<int32_t> reference_mvm(const std::vector<int8_t>& w, int outputs, int inputs,
                                          const std::vector<int8_t>& x, size_t batch) {
    std::vector<int32_t> y(batch * outputs, 0);
    for (size_t b = 0; b < batch; ++b)
        for (int j = 0; j < outputs; ++j) {
            int32_t s = 0;
            for (int i = 0; i < inputs; ++i)
                s += w[static_cast<size_t>(j) * inputs + i] * x[b * inputs + i];
            y[b * outputs + j] = s;
        }
    return y;
}

inline xbar::XbarConfig config(xbar::Mapping m, xbar::ComputeMode mode, int rows = 256,
                               int cols = 256) {
    xbar::XbarConfig c;
    c.mapping = m;
    c.mode = mode;
    c.rows = rows;
    c.cols = cols;
    return c;
}

// Runs a batch through a freshly programmed crossbar.
inline std::vector<int32_t> run(const xbar::XbarConfig& c, const std::vector<int8_t>& w,
                                int outputs, int inputs, const std::vector<int8_t>& x,
                                size_t batch) {
    xbar::Crossbar xb(c, 0);
    xb.program(w.data(), outputs, inputs);
    std::vector<int32_t> y(batch * outputs);
    xb.mvm_batch(x.data(), batch, y.data());
    return y;
}

} // namespace xbar_test
