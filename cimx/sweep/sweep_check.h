// Checks a sweep file's option keys and values against the tools before anything runs.
// Every key of [set] and [axes] must be an option of `cimx run`, `cimvp` or `cimc` that takes a
// value (each tool lists its options with the hidden --list-options, in the format of
// tools/option_list.h, the one cimx run routes options with). Every value is checked by each
// tool that
// knows the key (cimvp/cimc --check-options), together with the [set] options, so that a value
// that only makes sense with another fixed option (xbar.i_lrs above xbar.i_hrs) passes.
// Combinations of axis values are not checked here: a point that cannot run is a failed row.
#pragma once

#include "cimx/sweep/sweep_spec.h"
#include "cimx/tools/option_list.h"

#include <string>

namespace cimx {

struct SweepTools {
    std::string cimx, cimvp, cimc; // executables
};

struct ToolOptions {
    OptionList run, vp, cc; // the options of cimx run, cimvp, cimc
};

// Asks the three tools; throws SweepError when one cannot answer.
ToolOptions list_tool_options(const SweepTools& tools);

// Throws SweepError("FILE:LINE: ...") for the first unknown key or bad value.
void check_sweep_options(const SweepSpec& spec, const SweepTools& tools);

} // namespace cimx
