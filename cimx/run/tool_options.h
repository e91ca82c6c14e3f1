// The options a sibling tool (cimc, cimvp) accepts, asked from the tool itself with
// `TOOL --list-options`, so that cimx run forwards each option to the tool that owns it.
#pragma once

#include <map>
#include <string>

namespace cimx {

// Option name (without "--") -> whether it takes a value. Throws RunError if the tool
// cannot be asked.
std::map<std::string, bool> tool_options(const std::string& tool);

} // namespace cimx
