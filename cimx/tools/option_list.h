// The one format in which cimvp, cimc and cimx run list their options (the hidden
// --list-options): one option a line, its long name, then " VALUE" when it takes a value:
//
//   quiet
//   xbar.adc_bits VALUE
//
// cimx run reads it to forward each option to the tool that owns it (run/tool_options.h);
// cimx sweep reads it to check a sweep file's keys before anything runs (sweep/sweep_check.h).
#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace cimx {

// Option name (without "--") -> whether it takes a value.
using OptionList = std::map<std::string, bool>;

struct OptionListError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Throws OptionListError("<who>: line N: ...") for a line that is not "NAME" or "NAME VALUE",
// a name given twice, or an empty list.
OptionList parse_option_list(const std::string& text, const std::string& who);

} // namespace cimx
