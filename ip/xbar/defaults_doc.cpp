#include "defaults_doc.h"

#include "timing_energy_defaults.h"
#include "xbar_options.h"

namespace xbar {

std::string timing_energy_defaults_markdown() {
    std::string out = "| key | default | unit | source and arithmetic |\n|---|---|---|---|\n";
    for (const DefaultRow& r : kTimingEnergyDefaultRows)
        out += "| `xbar." + std::string(r.key) + "` | " + xbar_option_default(r.key) + " | " +
               r.unit + " | " + r.source + " |\n";
    return out;
}

} // namespace xbar
