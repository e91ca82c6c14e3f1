// The timing and energy defaults have one source, ip/xbar/timing_energy_defaults.h: the parameter
// structs, the xbar.* options and the table of docs/crossbar/timing-energy.md must all agree
// with it, so that none can drift.
#include "defaults_doc.h"
#include "timing_energy_defaults.h"
#include "xbar_config.h"
#include "xbar_options.h"

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
    EXPECT_EQ(c.adc.adcs, timing_defaults::adcs);
}

TEST(DefaultsTable, EveryRowHasAUnitOrIsDimensionlessAndASource) {
    for (const DefaultRow& r : kTimingEnergyDefaultRows) {
        EXPECT_GT(std::string(r.source).size(), 20u) << r.key;
        EXPECT_EQ(std::string(r.source).find('|'), std::string::npos) << r.key;
        EXPECT_NO_THROW(xbar_option_default(r.key)) << r.key << " is not an xbar option";
    }
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
