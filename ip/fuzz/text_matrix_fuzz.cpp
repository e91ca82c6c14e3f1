// libFuzzer target: the W/X text parser must either return a well-formed matrix or throw
// TextMatrixError, never crash. Build with -DCIMVP_FUZZ=ON and clang; run
// ./xbar_text_fuzz -max_total_time=60.
#include "ip/xbar/text_matrix.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const xbar::IntMatrix m = xbar::parse_int_matrix(
            std::string_view(reinterpret_cast<const char*>(data), size), "f");
        if (m.rows < 1 || m.values.size() != static_cast<size_t>(m.rows) * m.cols ||
            m.line.size() != static_cast<size_t>(m.rows))
            std::abort();
    } catch (const xbar::TextMatrixError&) {
    }
    return 0;
}
