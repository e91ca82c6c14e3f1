#include "cimx/tools/option_list.h"

#include <sstream>

namespace cimx {

OptionList parse_option_list(const std::string& text, const std::string& who) {
    OptionList options;
    std::istringstream lines(text);
    int n = 0;
    for (std::string line; std::getline(lines, line);) {
        ++n;
        std::istringstream l(line);
        std::string name, value, rest;
        l >> name >> value >> rest;
        const bool well_formed = !name.empty() && name.rfind("-", 0) != 0 && rest.empty() &&
                                 (value.empty() || value == "VALUE");
        if (!well_formed)
            throw OptionListError(who + ": line " + std::to_string(n) + ": '" + line +
                                  "' is not 'NAME' or 'NAME VALUE'");
        if (!options.emplace(name, !value.empty()).second)
            throw OptionListError(who + ": line " + std::to_string(n) + ": option '" + name +
                                  "' listed twice");
    }
    if (options.empty()) throw OptionListError(who + ": lists no options");
    return options;
}

} // namespace cimx
