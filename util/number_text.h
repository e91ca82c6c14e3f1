// Numbers as short text for messages: the one "%g" formatter of the code base (a threshold of
// 0.5 prints as "0.5", not "0.500000").
#pragma once

#include <cstdio>
#include <string>

namespace cimvp {

// printf's %g: up to 6 significant digits, no trailing zeros ("0.5", "1e+06", "-3").
inline std::string short_number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

} // namespace cimvp
