// IR drop: the resistance of the word-line and bit-line wire segments between neighbouring cells.
// Circuit (docs/crossbar/nonidealities.md, section "IR drop"):
//  * word-line r is driven at its left end, before column 0, by an ideal voltage source: V_read
//    when the row is driven in the phase, 0 V otherwise (undriven rows are held at ground, not
//    left floating); one segment r_wl separates the driver from cell (r, 0) and each cell from
//    the next;
//  * bit-line c is sensed at its bottom end, after row R-1, by a virtual ground (the integrator
//    or transimpedance input of the column read-out, 0 V); one segment r_bl separates cell
//    (R-1, c) from the sense input and each cell from the one above;
//  * cell (r, c) is a linear conductance g between word-line node (r, c) and bit-line node (r, c)
//    (the access transistor of a 1T1R cell is folded into it).
// The network is linear, so the current reaching the sense input of column c is a sum over the
// driven rows of T[r][c] V_read: T, the transfer matrix, fully describes the crossbar under IR drop
// for every input pattern. Both solvers compute T, once per programming:
//  * exact: the nodal equations of all 2 R C nodes (sparse, symmetric positive definite) are
//    factorised once (Eigen SimplicialLDLT) and solved with one right-hand side per row;
//  * fast: block Gauss-Seidel by lines (alternately every bit-line, then every word-line, as
//    tridiagonal systems with the other lines' voltages fixed) on the single-row problems, a
//    fixed number of sweeps from the ideal crossbar: O(sweeps R^2 C), vectorised over problems.
#pragma once

#include "ip/xbar/nonideal_defaults.h"

#include <vector>

namespace xbar {

// xbar.ir_drop: off, or the solver computing the transfer matrix.
enum class IrDropSolver { off, exact, fast };

struct IrDropParams {
    IrDropSolver solver = IrDropSolver::off;
    double r_wire_ohm = nonideal_defaults::r_wire_ohm;   // per segment, both line kinds
    double r_wl_ohm = nonideal_defaults::r_wl_ohm;       // per word-line segment; 0 = r_wire_ohm
    double r_bl_ohm = nonideal_defaults::r_bl_ohm;       // per bit-line segment; 0 = r_wire_ohm
    int fast_sweeps = nonideal_defaults::ir_fast_sweeps; // Gauss-Seidel sweeps of the fast solver
    double r_wl() const { return r_wl_ohm > 0.0 ? r_wl_ohm : r_wire_ohm; }
    double r_bl() const { return r_bl_ohm > 0.0 ? r_bl_ohm : r_wire_ohm; }
    // Zero wire resistance is the ideal crossbar: the model then skips IR drop entirely.
    bool active() const { return solver != IrDropSolver::off && (r_wl() > 0.0 || r_bl() > 0.0); }
};

struct IrNetwork {
    int rows = 0;        // word-lines of the physical crossbar
    int cols = 0;        // bit-lines of the physical crossbar
    double r_wl = 0.0;   // Ohm per word-line segment (> 0)
    double r_bl = 0.0;   // Ohm per bit-line segment (> 0)
    double v_read = 0.2; // V applied by a driven word-line's driver
};

// g: cell conductances in uS, row-major rows x cols. Returns the transfer currents in uA,
// row-major used_rows x used_cols: element (r, c) is the current that reaches the sense input of
// column c when only row r is driven at v_read. Throws std::invalid_argument on a bad network.
std::vector<double> ir_transfer_exact(const IrNetwork& n, const std::vector<double>& g,
                                      int used_rows, int used_cols);
std::vector<double> ir_transfer_fast(const IrNetwork& n, const std::vector<double>& g,
                                     int used_rows, int used_cols,
                                     int sweeps = nonideal_defaults::ir_fast_sweeps);

// Column currents (uA, cols of them) of one drive pattern: v_rows[r] is the voltage of row r's
// driver. A direct sparse solve of the whole network (the reference the transfer is tested by).
std::vector<double> ir_column_currents(const IrNetwork& n, const std::vector<double>& g,
                                       const std::vector<double>& v_rows);

} // namespace xbar
