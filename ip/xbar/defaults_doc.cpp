#include "ip/xbar/defaults_doc.h"

#include "ip/xbar/nonideal_defaults.h"
#include "ip/xbar/timing_energy_defaults.h"
#include "ip/xbar/xbar_options.h"

namespace xbar {

namespace {

template <size_t N> std::string markdown(const DefaultRow (&rows)[N]) {
    std::string out = "| key | default | unit | source and arithmetic |\n|---|---|---|---|\n";
    for (const DefaultRow& r : rows)
        out += "| `xbar." + std::string(r.key) + "` | " + xbar_option_default(r.key) + " | " +
               r.unit + " | " + r.source + " |\n";
    return out;
}

} // namespace

std::string timing_energy_defaults_markdown() { return markdown(kTimingEnergyDefaultRows); }

std::string nonideal_defaults_markdown() { return markdown(kNonidealDefaultRows); }

} // namespace xbar
