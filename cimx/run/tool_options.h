// The options a sibling tool (cimc, cimvp) accepts, asked from the tool itself with
// `TOOL --list-options` (the format of tools/option_list.h), so that cimx run forwards each
// option to the tool that owns it.
#pragma once

#include "cimx/tools/option_list.h"

#include <string>

namespace cimx {

// Throws RunError if the tool cannot be asked or its answer is malformed.
OptionList tool_options(const std::string& tool);

} // namespace cimx
