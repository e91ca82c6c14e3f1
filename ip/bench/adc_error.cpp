// Mean absolute output error |y - W x| of the ADC transfer functions (mid-tread, mid-rise) per
// mapping and resolution, on random weights and inputs: the figures of docs/crossbar/adc.md.
// Ideal cells (no variability, no read noise), automatic full scale (alpha = 1), the largest
// tile of each mapping on a 256x256 crossbar. Not a test: it prints a markdown table.
//
//   xbar_adc_error [--vectors N] [--seed S]
#include "ip/bench/random_values.h"
#include "ip/xbar/crossbar.h"
#include "ip/xbar/xbar_config.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

using xbar_bench::random_values;

namespace {

// Mean |y - W x| over `vectors` random inputs of one random full tile.
double mean_abs_error(xbar::Mapping m, int bits, xbar::AdcLevels levels, int vectors,
                      unsigned seed) {
    xbar::XbarConfig c;
    c.mapping = m;
    c.adc.bits = bits;
    c.adc.levels = levels;
    const int outs = c.max_tile_outputs(), ins = c.max_tile_inputs();
    std::mt19937 g(seed); // the same weights and inputs for both transfer functions
    const bool ternary = xbar::spec(m).ternary;
    const std::vector<int8_t> w = random_values(static_cast<size_t>(outs) * ins, ternary, g);
    const std::vector<int8_t> x = random_values(static_cast<size_t>(vectors) * ins, ternary, g);
    xbar::Crossbar xb(c, 0);
    xb.program(w.data(), outs, ins);
    std::vector<int32_t> y(static_cast<size_t>(vectors) * outs);
    xb.mvm_batch(x.data(), static_cast<size_t>(vectors), y.data());
    double err = 0.0;
    for (int b = 0; b < vectors; ++b)
        for (int j = 0; j < outs; ++j) {
            long exact = 0;
            for (int i = 0; i < ins; ++i)
                exact += w[static_cast<size_t>(j) * ins + i] * x[static_cast<size_t>(b) * ins + i];
            err += std::labs(y[static_cast<size_t>(b) * outs + j] - exact);
        }
    return err / (static_cast<double>(vectors) * outs);
}

} // namespace

int main(int argc, char** argv) {
    int vectors = 64;
    unsigned seed = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--vectors"))
            vectors = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--seed"))
            seed = static_cast<unsigned>(std::strtoul(argv[i + 1], nullptr, 10));
    }
    if (vectors < 1) {
        std::fprintf(stderr, "xbar_adc_error: --vectors must be at least 1\n");
        return 1;
    }
    const int bits[] = {3, 4, 6};
    std::printf("| mapping | tile | ADC range |");
    for (int b : bits) std::printf(" %d b mid-tread | %d b mid-rise |", b, b);
    std::printf("\n|---|---|---|");
    for (size_t k = 0; k < 2 * sizeof bits / sizeof bits[0]; ++k) std::printf("---|");
    std::printf("\n");
    for (xbar::Mapping m : xbar::kAllMappings) {
        xbar::XbarConfig c;
        c.mapping = m;
        const bool symmetric = xbar::spec(m).adc_range == xbar::AdcRangeKind::symmetric;
        std::printf("| %s | %dx%d | %s |", xbar::to_string(m), c.max_tile_outputs(),
                    c.max_tile_inputs(), symmetric ? "symmetric" : "positive");
        for (int b : bits)
            for (xbar::AdcLevels l : {xbar::AdcLevels::midtread, xbar::AdcLevels::midrise})
                std::printf(" %.2f |", mean_abs_error(m, b, l, vectors, seed));
        std::printf("\n");
        std::fflush(stdout);
    }
    return 0;
}
