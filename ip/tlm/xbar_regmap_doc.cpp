// Prints the register table of docs/crossbar/registers.md from xbar_regmap.h,
// the single source shared with the model and the firmware driver:
//   xbar_regmap_doc > section.md
// tests/ip/tlm/xbar_regmap_doc_test.cpp checks that the doc contains it.
#include "ip/tlm/xbar_regmap.h"

#include <cstdio>

int main() {
    std::printf("| name | offset | access | reset | meaning |\n|---|---|---|---|---|\n");
#define ROW(name, offset, access, reset, meaning)                                                  \
    std::printf("| `%s` | `0x%03x` | %s | %s | %s |\n", #name, offset, #access, reset, meaning);
    CIMX_XBAR_REGISTERS(ROW)
#undef ROW
    std::printf("\n| command | code | meaning |\n|---|---|---|\n");
#define CMD(name, code, meaning) std::printf("| `%s` | %d | %s |\n", #name, code, meaning);
    CIMX_XBAR_COMMANDS(CMD)
#undef CMD
    std::printf("\n| error | code | meaning |\n|---|---|---|\n");
#define ERR(name, code, meaning) std::printf("| `%s` | %d | %s |\n", #name, code, meaning);
    CIMX_XBAR_ERRORS(ERR)
#undef ERR
    std::printf("\n| descriptor op | code | words |\n|---|---|---|\n");
#define OP(name, code, meaning) std::printf("| `%s` | %d | %s |\n", #name, code, meaning);
    CIMX_XBAR_OPS(OP)
#undef OP
    return 0;
}
