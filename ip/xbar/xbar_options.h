// The `xbar.*` program options (Boost.Program_options), shared by cimxbar and cimvp: one call
// registers them, another builds a validated XbarConfig from the parsed variables. In a config
// file they live in the [xbar] section (`rows = 128` under `[xbar]` is `--xbar.rows=128`).
//
//   po::options_description desc;
//   xbar::register_xbar_options(desc);   // xbar.rows, xbar.mapping, ...
//   xbar::register_seed_option(desc);    // --seed, unless the program has its own
//   ... parse command line and config file into vm, po::notify(vm) ...
//   xbar::XbarConfig cfg = xbar::xbar_config_from(vm);  // throws xbar::ConfigError
#pragma once

#include "ip/xbar/xbar_config.h"

#include <boost/program_options.hpp>

#include <string>

namespace xbar {

void register_xbar_options(boost::program_options::options_description& desc);
void register_seed_option(boost::program_options::options_description& desc);

// Values are parsed strictly: a malformed number, an unknown enumerator or a value out of range
// throws ConfigError whose message is one line naming the key and the value. `seed` is read if
// present (as registered by register_seed_option, or as any unsigned integer option).
XbarConfig xbar_config_from(const boost::program_options::variables_map& vm);

// The default of option `xbar.KEY` (key without the prefix) as --help shows it, e.g. "0.39" for
// "e_wl_pj". Throws std::out_of_range for an unknown key.
std::string xbar_option_default(const std::string& key);

} // namespace xbar
