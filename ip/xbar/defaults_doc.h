// The table of timing and energy defaults of docs/crossbar/timing-energy.md, printed from the
// single source timing_energy_defaults.h with each default as `--help` shows it.
#pragma once

#include <string>

namespace xbar {

// Markdown: a header row and one row per default: | `xbar.KEY` | default | unit | source |.
std::string timing_energy_defaults_markdown();

} // namespace xbar
