// cimx run's command line. Options it does not own are forwarded to the tool that owns them,
// as each tool reports (`cimc --list-options`, `cimvp --list-options`): xbar.* accelerator
// options to both cimc and cimvp, the others (xbar.buffer_size, cpu.*, clint.*, --seed...) to
// cimvp only, --riscv-gcc/--source-dir, --input-scale and the ADC calibration options to cimc
// only. A key no tool knows is an error.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cimx {

struct RunOptions {
    std::string model, config, json, dataset, cache, first_layer = "auto";
    std::string images_file, labels_file; // a user's dataset (IDX or .npy) instead of --dataset
    int64_t images = 0, first = 0, batch = 32, latency_images = 32;
    bool quiet = false, no_cache = false, help = false, list_options = false, layers = false;
    std::vector<std::string> cimc_extra, vp_extra; // forwarded options, as given
    bool mapping_given = false;          // xbar.mapping on the command line or in the config file
    bool calibration_data_given = false; // cimc's --calibration-data on the command line
};

// Throws RunUsageError (bad command line) or RunError (a tool could not be asked).
RunOptions parse_run_options(const std::vector<std::string>& args);
std::string run_help();
// cimx run's own options in the --list-options format (tools/option_list.h), for cimx sweep.
std::string run_option_list();

} // namespace cimx
