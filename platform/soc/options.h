// cimvp's command line and config file (Boost.Program_options). Every option
// can also be set in a config file (`--config FILE`, INI syntax with
// sections: `[cpu]` then `clock_mhz = 200` sets --cpu.clock_mhz); the
// command line wins over the file.
#pragma once

#include "platform/soc/platform_config.h"
#include "platform/soc/value_parse.h"

#include <boost/program_options.hpp>

#include <functional>
#include <string>
#include <vector>

namespace cimvp {

struct CommandLine {
    PlatformConfig platform;
    boost::program_options::variables_map values; // for option groups of other components
    bool help = false;
    std::string help_text;
};

// Further option groups (e.g. the crossbar's xbar.*) register here before parsing.
using OptionGroup = std::function<void(boost::program_options::options_description&)>;

// Throws UsageError with a one-line message on any problem.
CommandLine parse_command_line(int argc, const char* const argv[],
                               const std::vector<OptionGroup>& extra_groups = {});

} // namespace cimvp
