// Error of the fast IR-drop solver against the exact one, and the size of IR drop itself, for
// square crossbars holding a BNN I tile (every differential column pair has one LRS and one HRS
// cell; default cells: 10 kOhm / 100 kOhm at 0.2 V). Prints the tables of
// docs/crossbar/nonidealities.md; not a test.
//
//   xbar_ir_error [--sizes 64,128,256,512] [--r 1,2.5,5] [--sweeps 1,2,3,5] [--vectors 64]
//
// Figures, over `vectors` random input vectors (each row driven with probability 1/2), in units
// of dI = I_LRS - I_HRS (one LRS cell more or less on a column, i.e. one unit of the count K the
// ADC estimates):
//   IR loss:  max and mean over columns and vectors of (ideal - exact) column current;
//   signal:   max |exact - ideal| of the differential pair signal I(+) - I(-) the ADC converts;
//   fast err: max |fast - exact| of the differential signal, per number of sweeps;
// and the CPU seconds of each transfer-matrix computation (once per programming of a tile).
#include "ip/xbar/ir_drop.h"
#include "ip/xbar/xbar_config.h"

#include <cmath>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

template <typename T> std::vector<T> parse_list(const char* s) {
    std::vector<T> out;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ',')) out.push_back(static_cast<T>(std::stod(item)));
    return out;
}

// CPU time of this thread: meaningful on a machine shared with other jobs.
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct Signals {
    std::vector<double> column; // per vector and column
    std::vector<double> pair;   // per vector and pair: I(2j) - I(2j+1)
};

Signals signals(const std::vector<double>& t, int n, const std::vector<uint8_t>& drive,
                int vectors) {
    Signals s{std::vector<double>(static_cast<size_t>(vectors) * n, 0.0),
              std::vector<double>(static_cast<size_t>(vectors) * n / 2)};
    for (int v = 0; v < vectors; ++v) {
        double* col = s.column.data() + static_cast<size_t>(v) * n;
        for (int r = 0; r < n; ++r)
            if (drive[static_cast<size_t>(v) * n + r])
                for (int c = 0; c < n; ++c) col[c] += t[static_cast<size_t>(r) * n + c];
        for (int j = 0; j < n / 2; ++j)
            s.pair[static_cast<size_t>(v) * n / 2 + j] = col[2 * j] - col[2 * j + 1];
    }
    return s;
}

double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
    double m = 0.0;
    for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
    return m;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<int> sizes = {64, 128, 256, 512};
    std::vector<double> resistances = {1.0, 2.5, 5.0};
    std::vector<int> sweeps = {1, 2, 3, 5};
    int vectors = 64;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--sizes"))
            sizes = parse_list<int>(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--r"))
            resistances = parse_list<double>(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--sweeps"))
            sweeps = parse_list<int>(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--vectors"))
            vectors = std::stoi(argv[i + 1]);
        else {
            std::fprintf(stderr, "xbar_ir_error: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    const xbar::DeviceParams dev;
    const double di = dev.delta_i(), v = dev.v_read;
    std::printf(
        "# BNN I tile on an NxN crossbar, I_HRS %.3g uA, I_LRS %.3g uA at %.3g V; %d random "
        "input vectors; errors in units of dI = %.3g uA\n",
        dev.i_hrs, dev.i_lrs, v, vectors, di);
    std::printf("| N | r (Ohm) | IR loss max | IR loss mean | signal error (exact vs ideal) | "
                "exact (CPU s) |");
    for (int s : sweeps) std::printf(" fast %d sweep%s: error | CPU s |", s, s == 1 ? "" : "s");
    std::printf("\n|---|---|---|---|---|---|");
    for (size_t i = 0; i < sweeps.size(); ++i) std::printf("---|---|");
    std::printf("\n");
    for (int n : sizes) {
        std::mt19937 rng(static_cast<uint32_t>(n));
        std::vector<double> g(static_cast<size_t>(n) * n), ideal(g.size());
        for (int r = 0; r < n; ++r)
            for (int j = 0; j < n / 2; ++j) {
                const bool plus = rng() & 1; // weight +1: LRS in the + column
                g[static_cast<size_t>(r) * n + 2 * j] = (plus ? dev.i_lrs : dev.i_hrs) / v;
                g[static_cast<size_t>(r) * n + 2 * j + 1] = (plus ? dev.i_hrs : dev.i_lrs) / v;
            }
        for (size_t i = 0; i < g.size(); ++i) ideal[i] = g[i] * v;
        std::vector<uint8_t> drive(static_cast<size_t>(vectors) * n);
        for (uint8_t& d : drive) d = rng() & 1;
        const Signals si = signals(ideal, n, drive, vectors);
        for (double r : resistances) {
            const xbar::IrNetwork net{n, n, r, r, v};
            double t0 = cpu_seconds();
            const std::vector<double> exact = xbar::ir_transfer_exact(net, g, n, n);
            const double t_exact = cpu_seconds() - t0;
            const Signals se = signals(exact, n, drive, vectors);
            double loss_max = 0.0, loss_sum = 0.0;
            for (size_t i = 0; i < se.column.size(); ++i) {
                loss_max = std::max(loss_max, si.column[i] - se.column[i]);
                loss_sum += si.column[i] - se.column[i];
            }
            std::printf("| %d | %g | %.3g | %.3g | %.3g | %.2f |", n, r, loss_max / di,
                        loss_sum / static_cast<double>(se.column.size()) / di,
                        max_abs_diff(se.pair, si.pair) / di, t_exact);
            for (int s : sweeps) {
                t0 = cpu_seconds();
                const std::vector<double> fast = xbar::ir_transfer_fast(net, g, n, n, s);
                const double t_fast = cpu_seconds() - t0;
                const Signals sf = signals(fast, n, drive, vectors);
                std::printf(" %.2g | %.3f |", max_abs_diff(sf.pair, se.pair) / di, t_fast);
            }
            std::printf("\n");
            std::fflush(stdout);
        }
    }
    return 0;
}
