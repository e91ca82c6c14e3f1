#include "run/tool_options.h"

#include "run/process.h"
#include "run/run_error.h"

#include <sstream>

namespace cimx {

std::map<std::string, bool> tool_options(const std::string& tool) {
    ToolResult r = run_tool({tool, "--list-options"});
    if (r.exit_code != 0)
        throw RunError("cannot ask " + tool + " for its options (exit " +
                       std::to_string(r.exit_code) + ")");
    std::map<std::string, bool> options;
    std::istringstream lines(r.out);
    std::string name, value;
    for (std::string line; std::getline(lines, line);) {
        std::istringstream l(line);
        name.clear(), value.clear();
        l >> name >> value;
        if (!name.empty()) options[name] = value == "VALUE";
    }
    return options;
}

} // namespace cimx
