// The compiler's one error type: a single line that names the model file, the node (or the
// option) and why, printed by cimc as "cimc: error: <what>".
#pragma once

#include <stdexcept>
#include <string>

namespace cimc {

class CompileError : public std::runtime_error {
  public:
    explicit CompileError(const std::string& what) : std::runtime_error(what) {}
};

} // namespace cimc
