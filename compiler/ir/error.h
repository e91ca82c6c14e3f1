// The compiler's one error type: a single line that names the model file, the node (or the
// option) and why, printed by cimc as "cimc: error: <what>". Errors about a node also carry
// its name, operator and the reason on their own, for tools (cimx inspect --json).
#pragma once

#include <stdexcept>
#include <string>

namespace cimc {

class CompileError : public std::runtime_error {
  public:
    explicit CompileError(const std::string& what) : std::runtime_error(what) {}
    CompileError(const std::string& what, std::string node, std::string op, std::string reason)
        : std::runtime_error(what), node_(std::move(node)), op_(std::move(op)),
          reason_(std::move(reason)) {}
    const std::string& node() const { return node_; } // "" when not about one node
    const std::string& op() const { return op_; }
    const std::string& reason() const { return reason_; }

  private:
    std::string node_, op_, reason_;
};

} // namespace cimc
