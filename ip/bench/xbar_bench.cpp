// Throughput of the crossbar model on one core: MVMs per second for a full 256x256 crossbar
// (largest tile of each mapping), batches of random input vectors, and the CPU time of
// programming the tile (where IR drop, drift and read disturb do their work). Prints two tables;
// the figures are reported in docs/crossbar/performance.md. Not a test: timing targets are checked
// by reading this output.
//
//   xbar_bench [--mapping NAME|all] [--scenario NAME|all] [--batch N] [--seconds S]
#include "ip/bench/random_values.h"
#include "ip/xbar/crossbar.h"
#include "ip/xbar/xbar_config.h"

#include <ctime>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using xbar_bench::random_values;

namespace {

struct Scenario {
    const char* name;
    void (*configure)(xbar::XbarConfig& c);
};

void variability(xbar::XbarConfig& c) {
    c.device.sigma_hrs = 0.5;
    c.device.sigma_lrs = 2.0;
}

// clang-format off
const Scenario kScenarios[] = {
    {"digital", [](xbar::XbarConfig& c) { c.mode = xbar::ComputeMode::digital; }},
    {"analog ideal", [](xbar::XbarConfig&) {}},
    {"analog 6b + var", [](xbar::XbarConfig& c) { c.adc.bits = 6; variability(c); }},
    {"analog 6b + var + read", [](xbar::XbarConfig& c) {
         c.adc.bits = 6; variability(c); c.device.sigma_read = 0.02; }},
    // Each non-ideality of docs/crossbar/nonidealities.md alone on an ideal-cell 6-bit crossbar.
    {"6b", [](xbar::XbarConfig& c) { c.adc.bits = 6; }},
    {"6b + IR exact", [](xbar::XbarConfig& c) {
         c.adc.bits = 6; c.ir_drop.solver = xbar::IrDropSolver::exact; }},
    {"6b + IR fast", [](xbar::XbarConfig& c) {
         c.adc.bits = 6; c.ir_drop.solver = xbar::IrDropSolver::fast; }},
    {"6b + drift", [](xbar::XbarConfig& c) {
         c.adc.bits = 6; c.drift.on = true; c.drift.time_s = 1e4; }},
    // Past the transition time (1e12 prior reads = 1e4 s of stress): the disturb path runs on
    // every driven row.
    {"6b + disturb", [](xbar::XbarConfig& c) {
         c.adc.bits = 6; c.read_disturb.on = true; c.read_disturb.prior_reads = 1e12; }},
    {"6b + ADC errors", [](xbar::XbarConfig& c) {
         c.adc.bits = 6; c.adc_errors.offset_lsb = 0.5; c.adc_errors.gain_sigma = 0.01;
         c.adc_errors.inl_lsb = 0.3; c.adc_errors.noise_lsb = 0.5; }},
};
// clang-format on

xbar::XbarConfig config_for(xbar::Mapping m, const Scenario& s) {
    xbar::XbarConfig c;
    c.mapping = m;
    s.configure(c);
    return c;
}

// CPU time of this thread: the figure stays meaningful on a machine shared with other jobs.
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct Figures {
    double mvm_per_s;
    double program_s; // CPU seconds of one programming of the tile
};

Figures measure(xbar::Mapping m, const Scenario& s, size_t batch, double seconds) {
    const xbar::XbarConfig cfg = config_for(m, s);
    xbar::Crossbar xb(cfg, 0);
    const int outs = cfg.max_tile_outputs(), ins = cfg.max_tile_inputs();
    std::mt19937 g(42);
    const bool ternary = xbar::spec(m).ternary;
    const std::vector<int8_t> w = random_values(static_cast<size_t>(outs) * ins, ternary, g);
    const std::vector<int8_t> x = random_values(batch * ins, ternary, g);
    std::vector<int32_t> y(batch * outs);
    const double p0 = cpu_seconds();
    xb.program(w.data(), outs, ins);
    const double program_s = cpu_seconds() - p0;
    xb.mvm_batch(x.data(), batch, y.data()); // warm-up
    size_t done = 0;
    const double t0 = cpu_seconds();
    double elapsed = 0.0;
    while (elapsed < seconds) {
        xb.mvm_batch(x.data(), batch, y.data());
        done += batch;
        elapsed = cpu_seconds() - t0;
    }
    return {static_cast<double>(done) / elapsed, program_s};
}

} // namespace

int main(int argc, char** argv) {
    std::string only = "all", scenario = "all";
    size_t batch = 256;
    double seconds = 0.3;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--mapping"))
            only = argv[i + 1];
        else if (!std::strcmp(argv[i], "--scenario"))
            scenario = argv[i + 1];
        else if (!std::strcmp(argv[i], "--batch"))
            batch = std::stoul(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--seconds"))
            seconds = std::stod(argv[i + 1]);
    }
    std::vector<const Scenario*> scenarios;
    for (const Scenario& s : kScenarios)
        if (scenario == "all" || scenario == s.name) scenarios.push_back(&s);
    std::printf(
        "# 256x256 crossbar, largest tile per mapping, batch %zu, 1 thread, MVM per CPU-second\n",
        batch);
    std::printf("%-8s %-9s", "mapping", "tile");
    for (const Scenario* s : scenarios) std::printf(" %23s", s->name);
    std::printf("\n");
    std::vector<std::string> program_rows;
    for (xbar::Mapping m : xbar::kAllMappings) {
        if (only != "all" && only != xbar::to_string(m)) continue;
        xbar::XbarConfig c;
        c.mapping = m;
        const std::string tile =
            std::to_string(c.max_tile_outputs()) + "x" + std::to_string(c.max_tile_inputs());
        std::printf("%-8s %-9s", xbar::to_string(m), tile.c_str());
        char line[64];
        std::snprintf(line, sizeof line, "%-8s %-9s", xbar::to_string(m), tile.c_str());
        std::string program_row = line;
        for (const Scenario* s : scenarios) {
            const Figures f = measure(m, *s, batch, seconds);
            std::printf(" %23.0f", f.mvm_per_s);
            std::snprintf(line, sizeof line, " %23.4f", f.program_s);
            program_row += line;
            std::fflush(stdout);
        }
        std::printf("\n");
        program_rows.push_back(program_row);
    }
    std::printf("# CPU seconds of one programming of the tile\n%-8s %-9s", "mapping", "tile");
    for (const Scenario* s : scenarios) std::printf(" %23s", s->name);
    std::printf("\n");
    for (const std::string& r : program_rows) std::printf("%s\n", r.c_str());
    return 0;
}
