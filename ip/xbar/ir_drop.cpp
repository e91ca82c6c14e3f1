#include "ip/xbar/ir_drop.h"

#include <Eigen/Sparse>
#include <Eigen/SparseCholesky>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace xbar {
namespace {

using SparseMatrix = Eigen::SparseMatrix<double>;
using Triplet = Eigen::Triplet<double>;

void check(const IrNetwork& n, const std::vector<double>& g) {
    if (n.rows < 1 || n.cols < 1) throw std::invalid_argument("IR drop: empty network");
    if (!(n.r_wl > 0.0) || !(n.r_bl > 0.0))
        throw std::invalid_argument("IR drop: wire resistances must be > 0 Ohm");
    if (g.size() != static_cast<size_t>(n.rows) * n.cols)
        throw std::invalid_argument("IR drop: " + std::to_string(g.size()) +
                                    " conductances for a " + std::to_string(n.rows) + "x" +
                                    std::to_string(n.cols) + " network");
}

// Node numbering: word-line node (r, c) = r * cols + c, bit-line node (r, c) = rows * cols + the
// same. Units: conductances in uS, voltages in V, currents in uA.
struct Nodes {
    int rows, cols;
    int wl(int r, int c) const { return r * cols + c; }
    int bl(int r, int c) const { return rows * cols + r * cols + c; }
    int count() const { return 2 * rows * cols; }
};

// The nodal conductance matrix A of the network with the drivers and the sense inputs as fixed
// potentials (moved to the right-hand side): symmetric positive definite.
SparseMatrix nodal_matrix(const IrNetwork& n, const std::vector<double>& g) {
    const Nodes nd{n.rows, n.cols};
    const double gw = 1e6 / n.r_wl, gb = 1e6 / n.r_bl;
    std::vector<Triplet> t;
    t.reserve(static_cast<size_t>(nd.count()) * 5);
    auto link = [&t](int a, int b, double y) { // conductance y between two free nodes
        t.emplace_back(a, a, y);
        t.emplace_back(b, b, y);
        t.emplace_back(a, b, -y);
        t.emplace_back(b, a, -y);
    };
    for (int r = 0; r < n.rows; ++r)
        for (int c = 0; c < n.cols; ++c) {
            const double y = g[static_cast<size_t>(r) * n.cols + c];
            if (y != 0.0) link(nd.wl(r, c), nd.bl(r, c), y);
            if (c == 0)
                t.emplace_back(nd.wl(r, 0), nd.wl(r, 0), gw); // segment to the driver
            else
                link(nd.wl(r, c - 1), nd.wl(r, c), gw);
            if (r == n.rows - 1)
                t.emplace_back(nd.bl(r, c), nd.bl(r, c), gb); // segment to the sense input
            else
                link(nd.bl(r, c), nd.bl(r + 1, c), gb);
        }
    SparseMatrix a(nd.count(), nd.count());
    a.setFromTriplets(t.begin(), t.end());
    return a;
}

using Solver = Eigen::SimplicialLDLT<SparseMatrix>;

void factorise(Solver& s, const SparseMatrix& a) {
    s.compute(a);
    if (s.info() != Eigen::Success)
        throw std::runtime_error("IR drop: the nodal matrix could not be factorised");
}

} // namespace

std::vector<double> ir_column_currents(const IrNetwork& n, const std::vector<double>& g,
                                       const std::vector<double>& v_rows) {
    check(n, g);
    const Nodes nd{n.rows, n.cols};
    Solver solver;
    factorise(solver, nodal_matrix(n, g));
    Eigen::VectorXd b = Eigen::VectorXd::Zero(nd.count());
    const double gw = 1e6 / n.r_wl, gb = 1e6 / n.r_bl;
    for (int r = 0; r < n.rows; ++r) b[nd.wl(r, 0)] = gw * v_rows.at(r);
    const Eigen::VectorXd v = solver.solve(b);
    std::vector<double> out(n.cols);
    for (int c = 0; c < n.cols; ++c) out[c] = gb * v[nd.bl(n.rows - 1, c)];
    return out;
}

// One factorisation, then one right-hand side per used row, in blocks (a dense block of 2 R C
// doubles per right-hand side).
std::vector<double> ir_transfer_exact(const IrNetwork& n, const std::vector<double>& g,
                                      int used_rows, int used_cols) {
    check(n, g);
    const Nodes nd{n.rows, n.cols};
    Solver solver;
    factorise(solver, nodal_matrix(n, g));
    const double gw = 1e6 / n.r_wl, gb = 1e6 / n.r_bl;
    std::vector<double> t(static_cast<size_t>(used_rows) * used_cols);
    const int block = 16;
    for (int r0 = 0; r0 < used_rows; r0 += block) {
        const int k = std::min(block, used_rows - r0);
        Eigen::MatrixXd b = Eigen::MatrixXd::Zero(nd.count(), k);
        for (int q = 0; q < k; ++q) b(nd.wl(r0 + q, 0), q) = gw * n.v_read;
        const Eigen::MatrixXd v = solver.solve(b);
        for (int q = 0; q < k; ++q)
            for (int c = 0; c < used_cols; ++c)
                t[static_cast<size_t>(r0 + q) * used_cols + c] = gb * v(nd.bl(n.rows - 1, c), q);
    }
    return t;
}

// Fast solver: block Gauss-Seidel by lines on the single-row problems, started from the ideal
// crossbar (the driven word-line at V_read everywhere, everything else at 0 V). One sweep solves
// every bit-line for its node voltages with the word-line voltages fixed, then every word-line
// with the bit-line voltages fixed; each line is a tridiagonal system (a chain of wire segments
// with the cells as shunts to known potentials), factorised once and solved by the Thomas
// algorithm for a block of problems at a time (the problem index innermost, so the solves
// vectorise). A final bit-line pass gives the column currents. Gauss-Seidel converges for any
// symmetric positive definite system; the error after `sweeps` sweeps is tabulated in
// docs/crossbar/nonidealities.md. Cost: (2 sweeps + 1) R C line steps per row, O(R^2 C) in all.
namespace {

// Thomas factors of a chain of n nodes with diagonal d[i] and off-diagonals -o: the multiplier
// of each forward step and the reciprocal of each eliminated diagonal.
struct Chain {
    std::vector<double> mult, inv_diag;
};

Chain factor_chain(const std::vector<double>& diag, double o) {
    const size_t n = diag.size();
    Chain f{std::vector<double>(n, 0.0), std::vector<double>(n)};
    double prev = 0.0;
    for (size_t i = 0; i < n; ++i) {
        double d = diag[i];
        if (i > 0) {
            f.mult[i] = o / prev;
            d -= f.mult[i] * o;
        }
        f.inv_diag[i] = 1.0 / d;
        prev = d;
    }
    return f;
}

// Solves the chain for `np` right-hand sides in place: x[i * stride + p], p < np, holds the
// right-hand side of node i on entry and its voltage on exit.
void solve_chain(const Chain& f, double o, double* x, size_t stride, int np) {
    const size_t n = f.mult.size();
    for (size_t i = 1; i < n; ++i) {
        double* xi = x + i * stride;
        const double* xp = xi - stride;
        const double m = f.mult[i];
        for (int p = 0; p < np; ++p) xi[p] += m * xp[p];
    }
    double* last = x + (n - 1) * stride;
    for (int p = 0; p < np; ++p) last[p] *= f.inv_diag[n - 1];
    for (size_t i = n - 1; i-- > 0;) {
        double* xi = x + i * stride;
        const double* xn = xi + stride;
        const double inv = f.inv_diag[i];
        for (int p = 0; p < np; ++p) xi[p] = (xi[p] + o * xn[p]) * inv;
    }
}

} // namespace

std::vector<double> ir_transfer_fast(const IrNetwork& n, const std::vector<double>& g,
                                     int used_rows, int used_cols, int sweeps) {
    check(n, g);
    if (sweeps < 0) throw std::invalid_argument("IR drop: negative number of sweeps");
    const int rows = n.rows, cols = n.cols;
    const double gw = 1e6 / n.r_wl, gb = 1e6 / n.r_bl;
    auto cell = [&](int r, int c) { return g[static_cast<size_t>(r) * cols + c]; };
    std::vector<Chain> bit_lines(cols), word_lines(rows);
    std::vector<double> diag(rows);
    for (int c = 0; c < cols; ++c) {
        for (int k = 0; k < rows; ++k) diag[k] = (k > 0 ? gb : 0.0) + gb + cell(k, c);
        bit_lines[c] = factor_chain(diag, gb);
    }
    diag.resize(cols);
    for (int k = 0; k < rows; ++k) {
        for (int c = 0; c < cols; ++c) diag[c] = gw + (c + 1 < cols ? gw : 0.0) + cell(k, c);
        word_lines[k] = factor_chain(diag, gw);
    }
    constexpr int kBlock = 16; // problems solved together
    const size_t plane = static_cast<size_t>(kBlock);
    // Node (k, c) of problem p at [(k * cols + c) * kBlock + p]; bit-line solves run over k with
    // stride cols * kBlock, word-line solves over c with stride kBlock.
    std::vector<double> vw(static_cast<size_t>(rows) * cols * plane);
    std::vector<double> vb(vw.size()), col(static_cast<size_t>(rows) * plane);
    std::vector<double> t(static_cast<size_t>(used_rows) * used_cols);
    auto at = [&](int k, int c) { return (static_cast<size_t>(k) * cols + c) * plane; };
    auto bit_line_pass = [&](int np) {
        for (int c = 0; c < cols; ++c) {
            for (int k = 0; k < rows; ++k) {
                const double gc = cell(k, c);
                const double* w = vw.data() + at(k, c);
                double* b = col.data() + static_cast<size_t>(k) * plane;
                for (int p = 0; p < np; ++p) b[p] = gc * w[p];
            }
            solve_chain(bit_lines[c], gb, col.data(), plane, np);
            for (int k = 0; k < rows; ++k)
                std::copy(col.data() + static_cast<size_t>(k) * plane,
                          col.data() + static_cast<size_t>(k) * plane + np, vb.data() + at(k, c));
        }
    };
    for (int r0 = 0; r0 < used_rows; r0 += kBlock) {
        const int np = std::min(kBlock, used_rows - r0);
        std::fill(vw.begin(), vw.end(), 0.0);
        for (int p = 0; p < np; ++p)
            for (int c = 0; c < cols; ++c) vw[at(r0 + p, c) + p] = n.v_read;
        for (int s = 0; s < sweeps; ++s) {
            bit_line_pass(np);
            for (int k = 0; k < rows; ++k) {
                double* w = vw.data() + at(k, 0);
                const double* b = vb.data() + at(k, 0);
                for (int c = 0; c < cols; ++c) {
                    const double gc = cell(k, c);
                    for (int p = 0; p < np; ++p) w[c * plane + p] = gc * b[c * plane + p];
                }
                if (k >= r0 && k < r0 + np) w[k - r0] += gw * n.v_read; // the driver
                solve_chain(word_lines[k], gw, w, plane, np);
            }
        }
        bit_line_pass(np);
        for (int p = 0; p < np; ++p)
            for (int c = 0; c < used_cols; ++c)
                t[static_cast<size_t>(r0 + p) * used_cols + c] = gb * vb[at(rows - 1, c) + p];
    }
    return t;
}

} // namespace xbar
