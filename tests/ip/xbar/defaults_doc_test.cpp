// The timing and energy defaults have one source, ip/xbar/timing_energy_defaults.h: the parameter
// structs, the xbar.* options and the table of docs/crossbar/timing-energy.md must all agree
// with it, so that none can drift.
#include "ip/xbar/defaults_doc.h"
#include "ip/xbar/nonideal_defaults.h"
#include "ip/xbar/timing_energy_defaults.h"
#include "ip/xbar/xbar_config.h"
#include "ip/xbar/xbar_options.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace xbar;

namespace {

std::string shown(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}
std::string shown(int v) { return std::to_string(v); }
std::string shown(ProgramGranularity g) { return to_string(g); }

TEST(DefaultsTable, OptionsShowTheTablesValues) {
#define CHECK_DEFAULT(key, value, unit, source)                                                    \
    EXPECT_EQ(xbar_option_default(#key), shown(timing_defaults::key)) << #key;
    XBAR_TIMING_ENERGY_DEFAULTS(CHECK_DEFAULT)
#undef CHECK_DEFAULT
}

TEST(DefaultsTable, ConfigStructsTakeTheTablesValues) {
    const XbarConfig c;
    const TimingEnergyParams& t = c.timing;
    EXPECT_EQ(t.t_dac_ns, timing_defaults::t_dac_ns);
    EXPECT_EQ(t.t_read_ns, timing_defaults::t_read_ns);
    EXPECT_EQ(t.t_adc_bit_ns, timing_defaults::t_adc_bit_ns);
    EXPECT_EQ(t.e_wl_pj, timing_defaults::e_wl_pj);
    EXPECT_EQ(t.e_adc_step_fj, timing_defaults::e_adc_step_fj);
    EXPECT_EQ(t.e_digital_pj, timing_defaults::e_digital_pj);
    EXPECT_EQ(t.program_granularity, timing_defaults::program_granularity);
    EXPECT_EQ(t.t_write_ns, timing_defaults::t_write_ns);
    EXPECT_EQ(t.t_verify_ns, timing_defaults::t_verify_ns);
    EXPECT_EQ(t.write_iterations, timing_defaults::write_iterations);
    EXPECT_EQ(t.e_write_pj, timing_defaults::e_write_pj);
    EXPECT_EQ(t.e_verify_pj, timing_defaults::e_verify_pj);
    EXPECT_EQ(t.dma_bandwidth, timing_defaults::dma_bandwidth);
    EXPECT_EQ(t.dma_latency_ns, timing_defaults::dma_latency_ns);
    EXPECT_EQ(t.e_dma_pj_per_byte, timing_defaults::e_dma_pj_per_byte);
    EXPECT_EQ(t.periph_elements_per_ns, timing_defaults::periph_elements_per_ns);
    EXPECT_EQ(t.e_threshold_pj, timing_defaults::e_threshold_pj);
    EXPECT_EQ(t.e_pool_pj, timing_defaults::e_pool_pj);
    EXPECT_EQ(t.e_add_pj, timing_defaults::e_add_pj);
    EXPECT_EQ(c.adc.adcs, timing_defaults::adcs);
}

TEST(DefaultsTable, EveryRowHasAUnitOrIsDimensionlessAndASource) {
    for (const DefaultRow& r : kTimingEnergyDefaultRows) {
        EXPECT_GT(std::string(r.source).size(), 20u) << r.key;
        EXPECT_EQ(std::string(r.source).find('|'), std::string::npos) << r.key;
        EXPECT_NO_THROW(xbar_option_default(r.key)) << r.key << " is not an xbar option";
    }
}

TEST(NonidealDefaultsTable, OptionsShowTheTablesValues) {
#define CHECK_DEFAULT(key, value, unit, source)                                                    \
    EXPECT_EQ(xbar_option_default(#key), shown(nonideal_defaults::key)) << #key;
    XBAR_NONIDEAL_DEFAULTS(CHECK_DEFAULT)
#undef CHECK_DEFAULT
}

TEST(NonidealDefaultsTable, ConfigStructsTakeTheTablesValues) {
    const XbarConfig c;
    EXPECT_EQ(c.ir_drop.r_wire_ohm, nonideal_defaults::r_wire_ohm);
    EXPECT_EQ(c.ir_drop.r_wl_ohm, nonideal_defaults::r_wl_ohm);
    EXPECT_EQ(c.ir_drop.r_bl_ohm, nonideal_defaults::r_bl_ohm);
    EXPECT_EQ(c.ir_drop.fast_sweeps, nonideal_defaults::ir_fast_sweeps);
    EXPECT_EQ(c.read_disturb.t0_s, nonideal_defaults::rd_t0_s);
    EXPECT_EQ(c.read_disturb.fit, nonideal_defaults::rd_fit);
    EXPECT_EQ(c.read_disturb.c1, nonideal_defaults::rd_c1);
    EXPECT_EQ(c.read_disturb.a_ev, nonideal_defaults::rd_a_ev);
    EXPECT_EQ(c.read_disturb.k, nonideal_defaults::rd_k);
    EXPECT_EQ(c.read_disturb.m, nonideal_defaults::rd_m);
    EXPECT_EQ(c.read_disturb.temperature_k, nonideal_defaults::rd_temperature_k);
    EXPECT_EQ(c.read_disturb.prior_cycles, nonideal_defaults::rd_prior_cycles);
    EXPECT_EQ(c.read_disturb.prior_reads, nonideal_defaults::rd_prior_reads);
    EXPECT_EQ(c.read_disturb.threshold, nonideal_defaults::rd_threshold);
    EXPECT_EQ(c.drift.nu_hrs, nonideal_defaults::drift_nu_hrs);
    EXPECT_EQ(c.drift.nu_lrs, nonideal_defaults::drift_nu_lrs);
    EXPECT_EQ(c.drift.nu_sigma, nonideal_defaults::drift_nu_sigma);
    EXPECT_EQ(c.drift.t0_s, nonideal_defaults::drift_t0_s);
    EXPECT_EQ(c.drift.time_s, nonideal_defaults::drift_time_s);
    EXPECT_EQ(c.drift.update, nonideal_defaults::drift_update);
    EXPECT_EQ(c.adc_errors.offset_lsb, nonideal_defaults::adc_offset_lsb);
    EXPECT_EQ(c.adc_errors.gain_sigma, nonideal_defaults::adc_gain_sigma);
    EXPECT_EQ(c.adc_errors.inl_lsb, nonideal_defaults::adc_inl_lsb);
    EXPECT_EQ(c.adc_errors.noise_lsb, nonideal_defaults::adc_noise_lsb);
    // Every non-ideality is off by default.
    EXPECT_EQ(c.ir_drop.solver, IrDropSolver::off);
    EXPECT_FALSE(c.read_disturb.on);
    EXPECT_FALSE(c.drift.on);
    EXPECT_FALSE(c.adc_errors.any());
}

TEST(NonidealDefaultsTable, EveryRowHasASource) {
    for (const DefaultRow& r : kNonidealDefaultRows) {
        EXPECT_GT(std::string(r.source).size(), 20u) << r.key;
        EXPECT_EQ(std::string(r.source).find('|'), std::string::npos) << r.key;
        EXPECT_NO_THROW(xbar_option_default(r.key)) << r.key << " is not an xbar option";
    }
}

// The page's generated section (between the markers) must be exactly the table.
void expect_generated_section(const char* page, const std::string& table) {
    std::ifstream in(page);
    ASSERT_TRUE(in) << page;
    std::stringstream doc;
    doc << in.rdbuf();
    const std::string d = doc.str();
    const std::string begin = "<!-- BEGIN GENERATED: xbar_defaults_doc -->\n",
                      end = "<!-- END GENERATED: xbar_defaults_doc -->";
    const size_t b = d.find(begin), e = d.find(end);
    ASSERT_NE(b, std::string::npos) << page;
    ASSERT_NE(e, std::string::npos) << page;
    EXPECT_EQ(d.substr(b + begin.size(), e - b - begin.size()), table)
        << "regenerate the section of " << page << " with build/ip/xbar_defaults_doc";
}

TEST(NonidealDefaultsTable, DocMatchesTheTable) {
    expect_generated_section(CIMVP_SOURCE_DIR "/docs/crossbar/nonidealities.md",
                             nonideal_defaults_markdown());
}

TEST(DefaultsTable, DocMatchesTheTable) {
    std::ifstream in(CIMVP_SOURCE_DIR "/docs/crossbar/timing-energy.md");
    ASSERT_TRUE(in);
    std::stringstream doc;
    doc << in.rdbuf();
    const std::string d = doc.str();
    const std::string begin = "<!-- BEGIN GENERATED: xbar_defaults_doc -->\n",
                      end = "<!-- END GENERATED: xbar_defaults_doc -->";
    const size_t b = d.find(begin), e = d.find(end);
    ASSERT_NE(b, std::string::npos);
    ASSERT_NE(e, std::string::npos);
    EXPECT_EQ(d.substr(b + begin.size(), e - b - begin.size()), timing_energy_defaults_markdown())
        << "regenerate the section with build/ip/xbar_defaults_doc";
}

} // namespace
