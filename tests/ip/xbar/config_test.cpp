// The xbar.* options: registration, parsing, defaults and one-line range errors.
#include "ip/xbar/xbar_options.h"

#include <gtest/gtest.h>

#include <sstream>

namespace po = boost::program_options;
using namespace xbar;

namespace {

XbarConfig from_args(std::vector<std::string> args, const std::string& cfg_file = "") {
    po::options_description desc;
    register_xbar_options(desc);
    register_seed_option(desc);
    std::vector<const char*> argv = {"prog"};
    for (const std::string& a : args) argv.push_back(a.c_str());
    po::variables_map vm;
    po::store(po::parse_command_line(static_cast<int>(argv.size()), argv.data(), desc), vm);
    if (!cfg_file.empty()) {
        std::istringstream in(cfg_file);
        po::store(po::parse_config_file(in, desc, false), vm);
    }
    po::notify(vm);
    return xbar_config_from(vm);
}

std::string error_of(std::vector<std::string> args) {
    try {
        from_args(args);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "no error";
}

TEST(Config, DefaultsAreValidAndPhysical) {
    const XbarConfig c = from_args({});
    EXPECT_EQ(c.rows, 256);
    EXPECT_EQ(c.cols, 256);
    EXPECT_EQ(c.mapping, Mapping::BNN_I);
    EXPECT_EQ(c.mode, ComputeMode::analog);
    EXPECT_DOUBLE_EQ(c.device.i_hrs, 2.0);
    EXPECT_DOUBLE_EQ(c.device.i_lrs, 20.0);
    EXPECT_EQ(c.adc.bits, 0);
    EXPECT_EQ(c.adc.levels, AdcLevels::midtread);
    EXPECT_DOUBLE_EQ(c.device.sigma_prog_hrs, 0.0);
    EXPECT_DOUBLE_EQ(c.device.sigma_prog_lrs, 0.0);
    EXPECT_EQ(c.seed, 1u);
    EXPECT_NO_THROW(validate(XbarConfig{}));
}

TEST(Config, CommandLineSetsEveryKind) {
    const XbarConfig c = from_args(
        {"--xbar.rows=128", "--xbar.mapping=tnn_iv", "--xbar.mode=digital", "--xbar.i_lrs=30.5",
         "--xbar.variability=lognormal", "--xbar.adc_bits=6", "--xbar.adc_alpha=0.5",
         "--xbar.program_granularity=cell", "--seed=0x10", "--xbar.adc_levels=midrise",
         "--xbar.sigma_prog_lrs=0.7", "--xbar.sigma_prog_hrs=0.2"});
    EXPECT_EQ(c.rows, 128);
    EXPECT_EQ(c.mapping, Mapping::TNN_IV);
    EXPECT_EQ(c.mode, ComputeMode::digital);
    EXPECT_DOUBLE_EQ(c.device.i_lrs, 30.5);
    EXPECT_EQ(c.device.variability, Variability::lognormal);
    EXPECT_EQ(c.adc.bits, 6);
    EXPECT_DOUBLE_EQ(c.adc.alpha, 0.5);
    EXPECT_EQ(c.timing.program_granularity, ProgramGranularity::cell);
    EXPECT_EQ(c.seed, 16u);
    EXPECT_EQ(c.adc.levels, AdcLevels::midrise);
    EXPECT_DOUBLE_EQ(c.device.sigma_prog_lrs, 0.7);
    EXPECT_DOUBLE_EQ(c.device.sigma_prog_hrs, 0.2);
}

TEST(Config, NonidealityKeys) {
    const XbarConfig c = from_args(
        {"--xbar.ir_drop=fast", "--xbar.r_wire_ohm=1.5", "--xbar.r_bl_ohm=3",
         "--xbar.ir_fast_sweeps=5", "--xbar.read_disturb=on", "--xbar.rd_prior_reads=1e9",
         "--xbar.rd_prior_cycles=100", "--xbar.drift=on", "--xbar.drift_time_s=86400",
         "--xbar.drift_nu_lrs=0.02", "--xbar.adc_bits=8", "--xbar.adc_offset_lsb=0.5",
         "--xbar.adc_inl_lsb=0.25", "--xbar.adc_gain_sigma=0.01", "--xbar.adc_noise_lsb=0.3"});
    EXPECT_EQ(c.ir_drop.solver, IrDropSolver::fast);
    EXPECT_DOUBLE_EQ(c.ir_drop.r_wl(), 1.5);
    EXPECT_DOUBLE_EQ(c.ir_drop.r_bl(), 3.0);
    EXPECT_EQ(c.ir_drop.fast_sweeps, 5);
    EXPECT_TRUE(c.read_disturb.on);
    EXPECT_DOUBLE_EQ(c.read_disturb.prior_reads, 1e9);
    EXPECT_EQ(c.read_disturb.prior_cycles, 100);
    EXPECT_TRUE(c.drift.on);
    EXPECT_DOUBLE_EQ(c.drift.time_s, 86400.0);
    EXPECT_DOUBLE_EQ(c.drift.nu_lrs, 0.02);
    EXPECT_DOUBLE_EQ(c.adc_errors.offset_lsb, 0.5);
    EXPECT_DOUBLE_EQ(c.adc_errors.inl_lsb, 0.25);
    EXPECT_DOUBLE_EQ(c.adc_errors.gain_sigma, 0.01);
    EXPECT_DOUBLE_EQ(c.adc_errors.noise_lsb, 0.3);
    EXPECT_EQ(error_of({"--xbar.read_disturb=yes"}), "xbar.read_disturb = yes: expected off|on");
    EXPECT_EQ(error_of({"--xbar.ir_drop=spice"}), "xbar.ir_drop = spice: expected off|exact|fast");
}

TEST(Config, ConfigFileSectionAndCommandLinePrecedence) {
    const XbarConfig c = from_args({"--xbar.adc_bits=3"},
                                   "[xbar]\nadc_bits = 5\nmapping = BNN_V\nsigma_lrs = 1.5\n");
    EXPECT_EQ(c.adc.bits, 3); // the command line is stored first and wins
    EXPECT_EQ(c.mapping, Mapping::BNN_V);
    EXPECT_DOUBLE_EQ(c.device.sigma_lrs, 1.5);
}

TEST(Config, ErrorsNameKeyAndValueOnOneLine) {
    EXPECT_EQ(error_of({"--xbar.adc_alpha=1.5"}), "xbar.adc_alpha = 1.5: must be in (0, 1]");
    EXPECT_EQ(error_of({"--xbar.adc_alpha=0"}), "xbar.adc_alpha = 0: must be in (0, 1]");
    EXPECT_EQ(error_of({"--xbar.rows=abc"}), "xbar.rows = abc: not an integer");
    EXPECT_EQ(error_of({"--xbar.rows=-5"}), "xbar.rows = -5: must be in [1, 8192]");
    EXPECT_EQ(error_of({"--xbar.i_hrs=1e"}), "xbar.i_hrs = 1e: not a number");
    EXPECT_EQ(error_of({"--xbar.mode=fast"}), "xbar.mode = fast: expected digital|analog");
    EXPECT_EQ(error_of({"--seed=-1"}), "seed = -1: not an unsigned integer");
    EXPECT_EQ(error_of({"--xbar.adc_levels=midway"}),
              "xbar.adc_levels = midway: expected midtread|midrise");
    EXPECT_EQ(error_of({"--xbar.sigma_prog_lrs=-0.1"}),
              "xbar.sigma_prog_lrs = -0.1: must be in [0, 1e6] uA");
    EXPECT_EQ(
        error_of({"--xbar.variability=lognormal", "--xbar.i_hrs=0", "--xbar.sigma_prog_hrs=0.1"}),
        "xbar.i_hrs = 0: must be positive for log-normal variability");
    const std::string mapping = error_of({"--xbar.mapping=BNN_VII"});
    EXPECT_EQ(mapping.rfind("xbar.mapping = BNN_VII: expected one of BNN_I, ", 0), 0u) << mapping;
    EXPECT_EQ(error_of({"--xbar.i_lrs=1"}),
              "xbar.i_lrs = 1: must be greater than xbar.i_hrs and at most 1e6 uA");
    EXPECT_EQ(error_of({"--xbar.p_stuck_hrs=0.7", "--xbar.p_stuck_lrs=0.6"}),
              "xbar.p_stuck_lrs = 0.6: xbar.p_stuck_hrs + xbar.p_stuck_lrs must not exceed 1");
    EXPECT_EQ(error_of({"--xbar.adc_bits=25"}),
              "xbar.adc_bits = 25: must be in [0, 24] (0 = ideal)");
    for (const std::string& e : {error_of({"--xbar.adcs=0"}), error_of({"--xbar.sigma_read=-1"}),
                                 error_of({"--xbar.write_iterations=0"})})
        EXPECT_EQ(e.find('\n'), std::string::npos);
}

TEST(Config, UnknownKeyIsRejectedByBoost) {
    EXPECT_THROW(from_args({"--xbar.nonsense=1"}), po::unknown_option);
    EXPECT_THROW(from_args({}, "[xbar]\nnonsense = 1\n"), po::unknown_option);
}

TEST(Config, MappingNamesRoundTrip) {
    for (Mapping m : kAllMappings) EXPECT_EQ(parse_mapping(to_string(m)), m);
    EXPECT_EQ(parse_mapping("bnn-vi"), Mapping::BNN_VI);
    EXPECT_FALSE(parse_mapping("TNN_VI").has_value());
}

TEST(Config, HelpListsEveryKeyWithItsDefault) {
    po::options_description desc;
    register_xbar_options(desc);
    std::ostringstream os;
    os << desc;
    for (const char* key :
         {"xbar.rows", "xbar.cols", "xbar.mapping", "xbar.mode", "xbar.i_hrs", "xbar.i_lrs",
          "xbar.sigma_hrs", "xbar.sigma_lrs", "xbar.sigma_read", "xbar.p_stuck_hrs",
          "xbar.p_stuck_lrs", "xbar.adc_bits", "xbar.adc_alpha", "xbar.adcs", "xbar.t_read_ns",
          "xbar.e_write_pj", "xbar.sigma_prog_hrs", "xbar.sigma_prog_lrs", "xbar.adc_levels"})
        EXPECT_NE(os.str().find(key), std::string::npos) << key;
    EXPECT_NE(os.str().find("(=BNN_I)"), std::string::npos);
    EXPECT_NE(os.str().find("(=midtread)"), std::string::npos);
}

} // namespace
