// The cimx subcommands. Each takes the arguments after its name and returns the exit code:
// 0 success, 1 a runtime error (bad file, bad model), 2 a usage error. Errors are one line
// on stderr starting with "cimx <command>: error: ".
#pragma once

#include <string>
#include <vector>

namespace cimx {

int train_command(const std::vector<std::string>& args);
int eval_command(const std::vector<std::string>& args);
int inspect_command(const std::vector<std::string>& args);
int run_command(const std::vector<std::string>& args);
int sweep_command(const std::vector<std::string>& args);
int plot_command(const std::vector<std::string>& args);

} // namespace cimx
