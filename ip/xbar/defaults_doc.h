// The tables of defaults of docs/crossbar/timing-energy.md and docs/crossbar/nonidealities.md,
// printed from their single sources (timing_energy_defaults.h, nonideal_defaults.h) with each
// default as `--help` shows it.
#pragma once

#include <string>

namespace xbar {

// Markdown: a header row and one row per default: | `xbar.KEY` | default | unit | source |.
std::string timing_energy_defaults_markdown();

// The same for the non-idealities of docs/crossbar/nonidealities.md (nonideal_defaults.h).
std::string nonideal_defaults_markdown();

} // namespace xbar
