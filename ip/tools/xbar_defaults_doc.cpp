// Prints the table of timing and energy defaults of docs/crossbar/timing-energy.md from its
// single source (ip/xbar/timing_energy_defaults.h), or with --nonideal the table of
// docs/crossbar/nonidealities.md (ip/xbar/nonideal_defaults.h):
//   xbar_defaults_doc [--nonideal] > section.md
// tests/ip/xbar/defaults_doc_test.cpp checks that the pages contain exactly these tables.
#include "ip/xbar/defaults_doc.h"

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
    const bool nonideal = argc > 1 && !std::strcmp(argv[1], "--nonideal");
    if (argc > 2 || (argc == 2 && !nonideal)) {
        std::fprintf(stderr, "usage: xbar_defaults_doc [--nonideal]\n");
        return 2;
    }
    std::fputs(
        (nonideal ? xbar::nonideal_defaults_markdown() : xbar::timing_energy_defaults_markdown())
            .c_str(),
        stdout);
    return 0;
}
