// IR drop: both solvers against networks solved by hand, against an independent dense nodal
// solve, against each other, and the crossbar's use of the transfer matrix. Units: conductances
// in uS, resistances in Ohm (1 / r Ohm = 1e6 / r uS), voltages in V, currents in uA.
#include "ip/xbar/crossbar.h"
#include "ip/xbar/ir_drop.h"
#include "tests/ip/xbar/test_util.h"
#include "ip/xbar/xbar_config.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

using namespace xbar;

namespace {

double parallel(double a, double b) { return a * b / (a + b); }

// Resistances in Ohm of conductances in uS.
double ohm(double g_us) { return 1e6 / g_us; }

// Plain Gaussian elimination with partial pivoting: an implementation independent of Eigen.
std::vector<double> dense_solve(std::vector<std::vector<double>> a, std::vector<double> b) {
    const size_t n = b.size();
    for (size_t k = 0; k < n; ++k) {
        size_t p = k;
        for (size_t i = k + 1; i < n; ++i)
            if (std::fabs(a[i][k]) > std::fabs(a[p][k])) p = i;
        std::swap(a[k], a[p]);
        std::swap(b[k], b[p]);
        for (size_t i = k + 1; i < n; ++i) {
            const double m = a[i][k] / a[k][k];
            for (size_t j = k; j < n; ++j) a[i][j] -= m * a[k][j];
            b[i] -= m * b[k];
        }
    }
    std::vector<double> x(n);
    for (size_t k = n; k-- > 0;) {
        double s = b[k];
        for (size_t j = k + 1; j < n; ++j) s -= a[k][j] * x[j];
        x[k] = s / a[k][k];
    }
    return x;
}

// Column currents of a rows x cols network by a dense nodal solve assembled element by element
// (conductance stamps), independently of ir_drop.cpp.
std::vector<double> dense_reference(const IrNetwork& n, const std::vector<double>& g,
                                    const std::vector<double>& v_rows) {
    const int rc = n.rows * n.cols, size = 2 * rc;
    std::vector<std::vector<double>> a(size, std::vector<double>(size, 0.0));
    std::vector<double> b(size, 0.0);
    const double gw = 1e6 / n.r_wl, gb = 1e6 / n.r_bl;
    auto stamp = [&](int i, int j, double y) {
        a[i][i] += y;
        if (j < 0) return; // j < 0: to a fixed potential, handled by the caller
        a[j][j] += y;
        a[i][j] -= y;
        a[j][i] -= y;
    };
    for (int r = 0; r < n.rows; ++r)
        for (int c = 0; c < n.cols; ++c) {
            const int w = r * n.cols + c, l = rc + w;
            stamp(w, l, g[w]);
            if (c == 0) {
                stamp(w, -1, gw);
                b[w] += gw * v_rows[r];
            } else {
                stamp(w - 1, w, gw);
            }
            if (r + 1 < n.rows)
                stamp(l, l + n.cols, gb);
            else
                stamp(l, -1, gb); // to the virtual ground
        }
    const std::vector<double> v = dense_solve(a, b);
    std::vector<double> out(n.cols);
    for (int c = 0; c < n.cols; ++c) out[c] = gb * v[rc + (n.rows - 1) * n.cols + c];
    return out;
}

// Column currents from a transfer matrix (rows x cols) and a drive pattern.
std::vector<double> from_transfer(const std::vector<double>& t, int rows, int cols,
                                  const std::vector<double>& v_rows, double v_read) {
    std::vector<double> out(cols, 0.0);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            out[c] += t[static_cast<size_t>(r) * cols + c] * v_rows[r] / v_read;
    return out;
}

void expect_close(const std::vector<double>& a, const std::vector<double>& b, double rel) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i)
        EXPECT_NEAR(a[i], b[i], rel * std::fabs(b[i]) + 1e-12) << "column " << i;
}

// 1x1: driver, one word-line segment, the cell, one bit-line segment, the sense input in series:
// I = V / (r_wl + 1/g + r_bl).
TEST(IrDropHand, OneCell) {
    const IrNetwork n{1, 1, 300.0, 700.0, 0.2};
    const std::vector<double> g = {50.0}; // 20 kOhm
    const double expected = 0.2 / (300.0 + 20000.0 + 700.0) * 1e6;
    EXPECT_NEAR(ir_column_currents(n, g, {0.2})[0], expected, 1e-9 * expected);
    EXPECT_NEAR(ir_transfer_exact(n, g, 1, 1)[0], expected, 1e-9 * expected);
    EXPECT_NEAR(ir_transfer_fast(n, g, 1, 1)[0], expected, 1e-9 * expected);
}

// 2x2 with the cells of row 1 open (g = 0) and row 0 driven. Bit-line c then is cell (0, c) in
// series with its two segments (row 0 -> row 1 -> sense), R_c = 1/g(0,c) + 2 r_bl, and the
// word-line is the ladder driver -r_wl- node 0 -r_wl- node 1:
//   Z = r_wl + R_0 || (r_wl + R_1),  I = V / Z,  V_0 = V - I r_wl,
//   I_col0 = V_0 / R_0,  I_col1 = V_0 / (r_wl + R_1).
// The fast solver converges to it (200 sweeps here; a Gauss-Seidel iteration is exact only in
// the limit).
TEST(IrDropHand, TwoByTwoOneRowOpen) {
    const double rw = 1000.0, rb = 500.0, v = 0.2;
    const IrNetwork n{2, 2, rw, rb, v};
    const std::vector<double> g = {100.0, 10.0, 0.0, 0.0};
    const double r0 = ohm(100.0) + 2 * rb, r1 = ohm(10.0) + 2 * rb;
    const double z = rw + parallel(r0, rw + r1), i = v / z, v0 = v - i * rw;
    const std::vector<double> expected = {v0 / r0 * 1e6, v0 / (rw + r1) * 1e6};
    expect_close(ir_column_currents(n, g, {v, 0.0}), expected, 1e-9);
    expect_close(from_transfer(ir_transfer_exact(n, g, 2, 2), 2, 2, {v, 0.0}, v), expected, 1e-9);
    expect_close(from_transfer(ir_transfer_fast(n, g, 2, 2, 200), 2, 2, {v, 0.0}, v), expected,
                 1e-9);
}

// 3x3 with rows 1 and 2 open and row 0 driven: R_c = 1/g(0,c) + 3 r_bl, and the word-line ladder
// from its far end: Z_2 = R_2, Z_1 = R_1 || (r_wl + Z_2), Z_0 = R_0 || (r_wl + Z_1); the node
// voltages divide down the ladder: V_0 = V Z_0 / (r_wl + Z_0), V_1 = V_0 Z_1 / (r_wl + Z_1),
// V_2 = V_1 Z_2 / (r_wl + Z_2); I_col c = V_c / R_c.
TEST(IrDropHand, ThreeByThreeTwoRowsOpen) {
    const double rw = 2000.0, rb = 800.0, v = 0.3;
    const IrNetwork n{3, 3, rw, rb, v};
    const std::vector<double> g = {100.0, 10.0, 50.0, 0, 0, 0, 0, 0, 0};
    const double r[3] = {ohm(100.0) + 3 * rb, ohm(10.0) + 3 * rb, ohm(50.0) + 3 * rb};
    const double z2 = r[2], z1 = parallel(r[1], rw + z2), z0 = parallel(r[0], rw + z1);
    const double v0 = v * z0 / (rw + z0), v1 = v0 * z1 / (rw + z1), v2 = v1 * z2 / (rw + z2);
    const std::vector<double> expected = {v0 / r[0] * 1e6, v1 / r[1] * 1e6, v2 / r[2] * 1e6};
    expect_close(ir_column_currents(n, g, {v, 0, 0}), expected, 1e-9);
    expect_close(from_transfer(ir_transfer_exact(n, g, 3, 3), 3, 3, {v, 0, 0}, v), expected, 1e-9);
    expect_close(from_transfer(ir_transfer_fast(n, g, 3, 3, 200), 3, 3, {v, 0, 0}, v), expected,
                 1e-9);
}

// 2x2 with every cell conducting and both rows driven, by Kirchhoff's current law written out:
// word-line nodes a = (0,0), b = (0,1), c = (1,0), d = (1,1), bit-line nodes e, f, h, k at the
// same positions, gw = 1/r_wl, gb = 1/r_bl, drivers V0 and V1 (currents leaving each node):
//   a: gw (a - V0) + gw (a - b) + g00 (a - e) = 0      e: g00 (e - a) + gb (e - h) = 0
//   b: gw (b - a)  + g01 (b - f) = 0                   f: g01 (f - b) + gb (f - k) = 0
//   c: gw (c - V1) + gw (c - d) + g10 (c - h) = 0      h: g10 (h - c) + gb (h - e) + gb h = 0
//   d: gw (d - c)  + g11 (d - k) = 0                   k: g11 (k - d) + gb (k - f) + gb k = 0
// and the column currents gb h, gb k.
TEST(IrDropHand, TwoByTwoAllCells) {
    const double rw = 1500.0, rb = 900.0, v0 = 0.2, v1 = 0.2;
    const double gw = 1e6 / rw, gb = 1e6 / rb;
    const double g00 = 100.0, g01 = 10.0, g10 = 10.0, g11 = 100.0;
    // clang-format off
    const std::vector<std::vector<double>> a = {
        //  a          b        c          d        e          f          h               k
        {2 * gw + g00, -gw,     0,         0,       -g00,      0,         0,              0},
        {-gw,      gw + g01,    0,         0,       0,         -g01,      0,              0},
        {0,        0,        2 * gw + g10, -gw,     0,         0,         -g10,           0},
        {0,        0,           -gw,   gw + g11,    0,         0,         0,              -g11},
        {-g00,     0,           0,         0,       g00 + gb,  0,         -gb,            0},
        {0,        -g01,        0,         0,       0,         g01 + gb,  0,              -gb},
        {0,        0,           -g10,      0,       -gb,       0,         g10 + 2 * gb,   0},
        {0,        0,           0,         -g11,    0,         -gb,       0,              g11 + 2 * gb},
    };
    // clang-format on
    const std::vector<double> b = {gw * v0, 0, gw * v1, 0, 0, 0, 0, 0};
    const std::vector<double> x = dense_solve(a, b);
    const std::vector<double> expected = {gb * x[6], gb * x[7]};
    const IrNetwork n{2, 2, rw, rb, 0.2};
    const std::vector<double> g = {g00, g01, g10, g11};
    expect_close(ir_column_currents(n, g, {v0, v1}), expected, 1e-9);
    expect_close(from_transfer(ir_transfer_exact(n, g, 2, 2), 2, 2, {v0, v1}, 0.2), expected, 1e-9);
    expect_close(from_transfer(ir_transfer_fast(n, g, 2, 2, 200), 2, 2, {v0, v1}, 0.2), expected,
                 1e-9);
}

// 3x3, all cells conducting, a mixed drive pattern, against the dense stamp solve.
TEST(IrDropHand, ThreeByThreeAgainstDenseNodalSolve) {
    const IrNetwork n{3, 3, 1200.0, 700.0, 0.2};
    const std::vector<double> g = {100, 10, 100, 10, 10, 100, 100, 100, 10};
    for (const std::vector<double>& drive :
         {std::vector<double>{0.2, 0, 0.2}, {0, 0.2, 0}, {0.2, 0.2, 0.2}}) {
        const std::vector<double> expected = dense_reference(n, g, drive);
        expect_close(ir_column_currents(n, g, drive), expected, 1e-9);
        expect_close(from_transfer(ir_transfer_exact(n, g, 3, 3), 3, 3, drive, 0.2), expected,
                     1e-9);
    }
}

std::vector<double> random_cells(int rows, int cols, double g_hrs, double g_lrs, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<double> g(static_cast<size_t>(rows) * cols);
    for (double& e : g) e = (rng() & 1) ? g_lrs : g_hrs;
    return g;
}

// Superposition: the transfer matrix reproduces the direct solve of any drive pattern.
TEST(IrDropSolvers, TransferMatchesDirectSolve) {
    const IrNetwork n{24, 20, 2.5, 2.5, 0.2};
    const std::vector<double> g = random_cells(24, 20, 10.0, 100.0, 7);
    const std::vector<double> t = ir_transfer_exact(n, g, 24, 20);
    std::mt19937 rng(3);
    for (int k = 0; k < 4; ++k) {
        std::vector<double> drive(24);
        for (double& d : drive) d = (rng() & 1) ? 0.2 : 0.0;
        expect_close(from_transfer(t, 24, 20, drive, 0.2), ir_column_currents(n, g, drive), 1e-9);
    }
}

// The fast solver against the exact one on a 64x64 crossbar with the default cells (10 / 100 uS)
// and realistic wires (1 and 5 Ohm), on the column currents of random drive patterns, in units of
// dI = 18 uA (one LRS cell): within 0.01 dI with the default 3 sweeps (the error table of
// docs/crossbar/nonidealities.md measures 3e-7 and 1.5e-3), and every sweep brings it closer.
TEST(IrDropSolvers, FastWithinBoundOfExact) {
    for (double r : {1.0, 5.0}) {
        const IrNetwork n{64, 64, r, r, 0.2};
        const std::vector<double> g = random_cells(64, 64, 10.0, 100.0, 11);
        const std::vector<double> exact = ir_transfer_exact(n, g, 64, 64);
        std::mt19937 rng(4);
        std::vector<std::vector<double>> drives(8, std::vector<double>(64));
        for (auto& d : drives)
            for (double& e : d) e = (rng() & 1) ? 0.2 : 0.0;
        double previous = 1e9;
        for (int sweeps : {1, 2, 3, 5}) {
            const std::vector<double> fast = ir_transfer_fast(n, g, 64, 64, sweeps);
            double worst = 0.0;
            for (const auto& d : drives) {
                const std::vector<double> a = from_transfer(fast, 64, 64, d, 0.2);
                const std::vector<double> b = from_transfer(exact, 64, 64, d, 0.2);
                for (int c = 0; c < 64; ++c) worst = std::max(worst, std::fabs(a[c] - b[c]) / 18.0);
            }
            if (sweeps == 3) {
                EXPECT_LT(worst, 0.01) << "r = " << r;
            }
            EXPECT_LT(worst, previous) << "r = " << r << ", " << sweeps << " sweeps";
            previous = worst;
        }
        // And IR drop is really there: the far corner loses current against the ideal cell.
        EXPECT_LT(exact[63], g[63] * 0.2 * (1 - 1e-4)) << "r = " << r;
    }
}

TEST(IrDropSolvers, BadNetworksAreRejected) {
    const std::vector<double> g(4, 10.0);
    EXPECT_THROW(ir_transfer_exact({2, 2, 0.0, 1.0, 0.2}, g, 2, 2), std::invalid_argument);
    EXPECT_THROW(ir_transfer_fast({2, 2, 1.0, 1.0, 0.2}, std::vector<double>(3), 2, 2),
                 std::invalid_argument);
}

XbarConfig small_config(IrDropSolver s, double r) {
    XbarConfig c = xbar_test::config(Mapping::BNN_I, ComputeMode::analog, 8, 8);
    c.ir_drop.solver = s;
    c.ir_drop.r_wire_ohm = r;
    return c;
}

// The crossbar's ADC input signals under IR drop are the differences of the network's column
// currents for the MVM's drive pattern (BNN I: input +1 drives its row), the whole 8x8 array
// being the network.
TEST(IrDropCrossbar, SignalsAreTheNetworksColumnCurrents) {
    const XbarConfig c = small_config(IrDropSolver::exact, 400.0);
    std::mt19937 rng(5);
    const std::vector<int8_t> w = xbar_test::random_values(4 * 8, false, rng);
    Crossbar xb(c, 0);
    xb.program(w.data(), 4, 8);
    std::vector<double> g(64);
    for (int r = 0; r < 8; ++r)
        for (int col = 0; col < 8; ++col)
            g[r * 8 + col] =
                (xb.cell_lrs(r, col) ? c.device.i_lrs : c.device.i_hrs) / c.device.v_read;
    const IrNetwork n{8, 8, 400.0, 400.0, c.device.v_read};
    for (int k = 0; k < 3; ++k) {
        const std::vector<int8_t> x = xbar_test::random_values(8, false, rng);
        std::vector<double> drive(8);
        for (int i = 0; i < 8; ++i) drive[i] = x[i] == 1 ? c.device.v_read : 0.0;
        const std::vector<double> cols = ir_column_currents(n, g, drive);
        std::vector<int32_t> y(4);
        std::vector<double> signals(4);
        xb.probe(x.data(), y.data(), signals.data());
        for (int j = 0; j < 4; ++j)
            EXPECT_NEAR(signals[j], cols[2 * j] - cols[2 * j + 1], 1e-4) << "output " << j;
    }
}

// Zero wire resistance is the ideal crossbar bit for bit, and so is xbar.ir_drop = off, with
// every other non-ideality on.
TEST(IrDropCrossbar, ZeroWireResistanceIsTheIdealModelBitForBit) {
    XbarConfig base = xbar_test::config(Mapping::TNN_IV, ComputeMode::analog, 64, 64);
    base.device.sigma_hrs = 0.3;
    base.device.sigma_lrs = 1.5;
    base.device.sigma_read = 0.02;
    base.adc.bits = 6;
    std::mt19937 rng(9);
    const int outs = base.max_tile_outputs(), ins = base.max_tile_inputs();
    const std::vector<int8_t> w = xbar_test::random_values(outs * ins, true, rng);
    const std::vector<int8_t> x = xbar_test::random_values(16 * ins, true, rng);
    const std::vector<int32_t> ref = xbar_test::run(base, w, outs, ins, x, 16);
    for (IrDropSolver s : {IrDropSolver::exact, IrDropSolver::fast}) {
        XbarConfig c = base;
        c.ir_drop.solver = s;
        c.ir_drop.r_wire_ohm = 0.0;
        EXPECT_EQ(xbar_test::run(c, w, outs, ins, x, 16), ref) << to_string(s);
    }
    XbarConfig off = base;
    off.ir_drop.r_wire_ohm = 5.0; // resistance without the switch: nothing happens
    EXPECT_EQ(xbar_test::run(off, w, outs, ins, x, 16), ref);
}

// With strong IR drop the outputs change, the fast solver's signals match the exact ones, and
// threads do not matter.
TEST(IrDropCrossbar, OutputsChangeAndAreThreadIndependent) {
    XbarConfig c = xbar_test::config(Mapping::BNN_I, ComputeMode::analog, 64, 64);
    c.ir_drop.r_wire_ohm = 5.0;
    c.ir_drop.fast_sweeps = 8;
    std::mt19937 rng(2);
    const int outs = c.max_tile_outputs(), ins = c.max_tile_inputs();
    const std::vector<int8_t> w = xbar_test::random_values(outs * ins, false, rng);
    const std::vector<int8_t> x = xbar_test::random_values(32 * ins, false, rng);
    const std::vector<int32_t> ideal = xbar_test::reference_mvm(w, outs, ins, x, 32);
    std::vector<double> signals[2];
    int k = 0;
    for (IrDropSolver s : {IrDropSolver::exact, IrDropSolver::fast}) {
        c.ir_drop.solver = s;
        Crossbar a(c, 1), b(c, 1);
        a.program(w.data(), outs, ins);
        b.program(w.data(), outs, ins);
        std::vector<int32_t> ya(32 * outs), yb(32 * outs);
        a.mvm_batch(x.data(), 32, ya.data(), 1);
        b.mvm_batch(x.data(), 32, yb.data(), 3);
        EXPECT_EQ(ya, yb);
        EXPECT_NE(ya, ideal) << to_string(s);
        signals[k].resize(outs);
        std::vector<int32_t> y(outs);
        a.probe(x.data(), y.data(), signals[k++].data());
    }
    for (int j = 0; j < outs; ++j)
        EXPECT_NEAR(signals[0][j], signals[1][j], 0.01 * c.device.delta_i()) << "output " << j;
}

TEST(IrDropConfig, OneSidedWiresAreRejected) {
    XbarConfig c;
    c.ir_drop.solver = IrDropSolver::exact;
    c.ir_drop.r_wire_ohm = 0.0;
    c.ir_drop.r_wl_ohm = 2.0;
    EXPECT_THROW(validate(c), ConfigError);
    c.ir_drop.r_bl_ohm = 3.0;
    EXPECT_NO_THROW(validate(c));
    EXPECT_DOUBLE_EQ(c.ir_drop.r_wl(), 2.0);
    EXPECT_DOUBLE_EQ(c.ir_drop.r_bl(), 3.0);
}

} // namespace
