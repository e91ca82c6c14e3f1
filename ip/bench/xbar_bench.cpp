// Throughput of the crossbar model on one core: MVMs per second for a full 256x256 crossbar
// (largest tile of each mapping), batches of random input vectors. Prints a table; the figures
// are reported in docs/crossbar/performance.md. Not a test: timing targets are checked by
// reading this output.
//
//   xbar_bench [--mapping NAME|all] [--batch N] [--seconds S]
#include "crossbar.h"
#include "xbar_config.h"

#include <ctime>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

struct Scenario {
    const char* name;
    xbar::ComputeMode mode;
    int adc_bits;
    bool variability;
    bool read_noise;
};

const Scenario kScenarios[] = {
    {"digital", xbar::ComputeMode::digital, 0, false, false},
    {"analog ideal", xbar::ComputeMode::analog, 0, false, false},
    {"analog 6b + var", xbar::ComputeMode::analog, 6, true, false},
    {"analog 6b + var + read", xbar::ComputeMode::analog, 6, true, true},
};

xbar::XbarConfig config_for(xbar::Mapping m, const Scenario& s) {
    xbar::XbarConfig c;
    c.mapping = m;
    c.mode = s.mode;
    c.adc.bits = s.adc_bits;
    if (s.variability) {
        c.device.sigma_hrs = 0.5;
        c.device.sigma_lrs = 2.0;
    }
    if (s.read_noise) c.device.sigma_read = 0.02;
    return c;
}

std::vector<int8_t> random_values(size_t n, bool ternary, std::mt19937& g) {
    std::vector<int8_t> v(n);
    std::uniform_int_distribution<int> d(ternary ? -1 : 0, 1);
    for (int8_t& e : v) {
        const int r = d(g);
        e = static_cast<int8_t>(ternary ? r : (r ? 1 : -1));
    }
    return v;
}

// CPU time of this thread: the figure stays meaningful on a machine shared with other jobs.
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double measure(xbar::Mapping m, const Scenario& s, size_t batch, double seconds) {
    const xbar::XbarConfig cfg = config_for(m, s);
    xbar::Crossbar xb(cfg, 0);
    const int outs = cfg.max_tile_outputs(), ins = cfg.max_tile_inputs();
    std::mt19937 g(42);
    const bool ternary = xbar::spec(m).ternary;
    const std::vector<int8_t> w = random_values(static_cast<size_t>(outs) * ins, ternary, g);
    const std::vector<int8_t> x = random_values(batch * ins, ternary, g);
    std::vector<int32_t> y(batch * outs);
    xb.program(w.data(), outs, ins);
    xb.mvm_batch(x.data(), batch, y.data()); // warm-up
    size_t done = 0;
    const double t0 = cpu_seconds();
    double elapsed = 0.0;
    while (elapsed < seconds) {
        xb.mvm_batch(x.data(), batch, y.data());
        done += batch;
        elapsed = cpu_seconds() - t0;
    }
    return static_cast<double>(done) / elapsed;
}

} // namespace

int main(int argc, char** argv) {
    std::string only = "all";
    size_t batch = 256;
    double seconds = 0.3;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--mapping"))
            only = argv[i + 1];
        else if (!std::strcmp(argv[i], "--batch"))
            batch = std::stoul(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--seconds"))
            seconds = std::stod(argv[i + 1]);
    }
    std::printf(
        "# 256x256 crossbar, largest tile per mapping, batch %zu, 1 thread, MVM per CPU-second\n",
        batch);
    std::printf("%-8s %-9s", "mapping", "tile");
    for (const Scenario& s : kScenarios) std::printf(" %23s", s.name);
    std::printf("\n");
    for (xbar::Mapping m : xbar::kAllMappings) {
        if (only != "all" && only != xbar::to_string(m)) continue;
        xbar::XbarConfig c;
        c.mapping = m;
        const std::string tile =
            std::to_string(c.max_tile_outputs()) + "x" + std::to_string(c.max_tile_inputs());
        std::printf("%-8s %-9s", xbar::to_string(m), tile.c_str());
        for (const Scenario& s : kScenarios) std::printf(" %23.0f", measure(m, s, batch, seconds));
        std::printf("\n");
        std::fflush(stdout);
    }
    return 0;
}
