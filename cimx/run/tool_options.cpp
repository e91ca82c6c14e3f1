#include "cimx/run/tool_options.h"

#include "cimx/run/process.h"
#include "cimx/run/run_error.h"

namespace cimx {

OptionList tool_options(const std::string& tool) {
    ToolResult r = run_tool({tool, "--list-options"});
    if (r.exit_code != 0)
        throw RunError("cannot ask " + tool + " for its options (exit " +
                       std::to_string(r.exit_code) + ")");
    try {
        return parse_option_list(r.out, tool + " --list-options");
    } catch (const OptionListError& e) {
        throw RunError(e.what());
    }
}

} // namespace cimx
