// Statistics regions: the activity between BEGIN and END writes is added up per region over
// every pair; misuse (END without BEGIN, BEGIN of an open region, ids beyond 15) changes
// nothing and is counted. And the CPU energy model's arithmetic.
#include "platform/cpu_energy.h"
#include "platform/memory_map.h"
#include "platform/stats_regions.h"
#include "tests/platform/tlm_base/tlm_stimulus.h"

#include <gtest/gtest.h>

using namespace sc_core;
using cimvp::test::TlmStimulus;

namespace {

// A platform whose activity the test advances by hand.
struct Bench {
    cimvp::Activity now;
    cimvp::StatsRegions regions{"regions", [this] { return now; }};
    TlmStimulus stim{"stim"};
    Bench() { stim.socket.bind(regions.socket); }
    void advance(uint64_t cycles, uint64_t loads, double cpu_j, double mvm_j) {
        now.cycles += cycles;
        now.instructions += loads;
        now.cpu.retired[static_cast<unsigned>(iss::InsnClass::load)] += loads;
        now.energy.cpu_j += cpu_j;
        now.energy.xbar_mvm_j += mvm_j;
    }
};

void regions_add_up_their_intervals() {
    Bench b;
    b.stim.script = [&](TlmStimulus& s) {
        b.advance(1000, 10, 1.0, 0.5); // before: not counted
        s.write(CIMVP_STATS_BEGIN, 1, 4);
        b.advance(100, 7, 2.0, 0.25);
        s.write(CIMVP_STATS_END, 1, 4);
        b.advance(5000, 50, 8.0, 4.0); // between: not counted
        s.write(CIMVP_STATS_BEGIN, 1, 4);
        s.write(CIMVP_STATS_BEGIN, 2, 4); // nested, another region
        b.advance(30, 3, 0.5, 0.0);
        s.write(CIMVP_STATS_END, 2, 4);
        b.advance(20, 1, 0.25, 0.125);
        s.write(CIMVP_STATS_END, 1, 4);
        const auto& r = b.regions.regions();
        CHECK(r.size() == 2);
        const cimvp::Activity& one = r.at(1).total;
        CHECK(r.at(1).entries == 2);
        CHECK(one.cycles == 150 && one.instructions == 11);
        CHECK(one.cpu.retired[static_cast<unsigned>(iss::InsnClass::load)] == 11);
        CHECK(one.energy.cpu_j == 2.75 && one.energy.xbar_mvm_j == 0.375);
        CHECK(r.at(2).entries == 1 && r.at(2).total.cycles == 30);
        CHECK(b.regions.misuse() == 0);
    };
    cimvp::test::finish_scenario();
}

void misuse_is_counted_and_ignored() {
    Bench b;
    b.stim.script = [&](TlmStimulus& s) {
        s.write(CIMVP_STATS_END, 3, 4); // never begun
        s.write(CIMVP_STATS_BEGIN, 3, 4);
        b.advance(10, 1, 0, 0);
        s.write(CIMVP_STATS_BEGIN, 3, 4); // already open: the first begin stays
        b.advance(10, 1, 0, 0);
        s.write(CIMVP_STATS_END, 3, 4);
        s.write(CIMVP_STATS_BEGIN, CIMVP_STATS_REGIONS, 4); // no such region
        CHECK(b.regions.misuse() == 3);
        CHECK(b.regions.regions().at(3).entries == 1);
        CHECK(b.regions.regions().at(3).total.cycles == 20);
        CHECK(b.regions.regions().count(CIMVP_STATS_REGIONS) == 0);
    };
    cimvp::test::finish_scenario();
}

} // namespace

TEST(StatsRegions, RegionsAddUpTheirIntervals) {
    EXPECT_EXIT(regions_add_up_their_intervals(), testing::ExitedWithCode(0), "");
}
TEST(StatsRegions, MisuseIsCountedAndIgnored) {
    EXPECT_EXIT(misuse_is_counted_and_ignored(), testing::ExitedWithCode(0), "");
}

TEST(CpuEnergy, SumsClassEnergiesAndSleep) {
    cimvp::CpuEnergyParams p;
    for (unsigned k = 0; k < cimvp::kInsnClasses; ++k) p.insn_pj[k] = double(k + 1); // 1..7 pJ
    p.sleep_pj_per_cycle = 0.5;
    cimvp::CpuActivity a;
    for (unsigned k = 0; k < cimvp::kInsnClasses; ++k) a.retired[k] = 10 * (k + 1);
    a.sleep_cycles = 4;
    // sum of 10 (k+1)^2 for k+1 = 1..7 is 10 * 140, plus 4 * 0.5
    EXPECT_DOUBLE_EQ(cimvp::cpu_energy_pj(p, a), 1400.0 + 2.0);
}

TEST(CpuEnergy, DefaultsFollowTheDocumentedDerivation) {
    // docs/platform/cpu-energy.md: 70 pJ per instruction, plus the unit's own energy.
    const cimvp::CpuEnergyParams p;
    auto e = [&](iss::InsnClass c) { return p.insn_pj[static_cast<unsigned>(c)]; };
    EXPECT_DOUBLE_EQ(e(iss::InsnClass::alu), 70.0);
    EXPECT_DOUBLE_EQ(e(iss::InsnClass::load), 70.0 + 10.0 / 2);
    EXPECT_DOUBLE_EQ(e(iss::InsnClass::store), 70.0 + 10.0 / 2);
    EXPECT_DOUBLE_EQ(e(iss::InsnClass::branch), 70.0);
    EXPECT_DOUBLE_EQ(e(iss::InsnClass::mul), 70.0 + 3.1);
    EXPECT_DOUBLE_EQ(e(iss::InsnClass::div), 70.0 + 32 * 0.1);
    EXPECT_DOUBLE_EQ(e(iss::InsnClass::system), 70.0);
    EXPECT_DOUBLE_EQ(p.sleep_pj_per_cycle, 0.1 * 70.0);
}
