// Prints the table of timing and energy defaults of docs/crossbar/timing-energy.md from its
// single source (ip/xbar/timing_energy_defaults.h):
//   xbar_defaults_doc > section.md
// tests/ip/defaults_doc_test.cpp checks that the page contains exactly this table.
#include "defaults_doc.h"

#include <cstdio>

int main() {
    std::fputs(xbar::timing_energy_defaults_markdown().c_str(), stdout);
    return 0;
}
