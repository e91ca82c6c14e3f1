// The two ways `cimx run` fails: a bad command line (exit 2) and everything else (exit 1).
// Either is reported as one line "cimx run: error: <what>".
#pragma once

#include <stdexcept>

namespace cimx {

struct RunUsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct RunError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

} // namespace cimx
