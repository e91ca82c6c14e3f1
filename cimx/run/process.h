// Runs a tool (cimc, cimvp) as a child process and captures its stdout; its
// stderr passes through to ours so the user sees progress and errors.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace cimx {

struct ToolResult {
    int exit_code = -1; // 128 + N when killed by signal N; 127 when it could not start
    std::string out;
};

// on_output, when given, sees the child's stdout as it arrives (for progress).
ToolResult run_tool(const std::vector<std::string>& argv,
                    const std::function<void(const char*, size_t)>& on_output = {});

// The path of a sibling tool: $ENV_NAME if set, else the build-time default.
std::string tool_path(const char* env_name, const char* built_in);

} // namespace cimx
