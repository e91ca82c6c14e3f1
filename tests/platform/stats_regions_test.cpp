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

// LAYER: the activity while a layer is marked goes to it, except the accelerator work that
// the device tags with a layer itself (here 40 ns busy, 3 MVMs, 2 J for layer 2 during the
// mark of layer 0); a layer's CPU time is its cycles' time less the busy time meanwhile, and
// its time share adds the busy time attributed to it. The layers add up to the whole, in the
// run and in a region.
void layers_split_the_activity() {
    Bench b;
    std::map<uint32_t, cimvp::Activity> tagged;
    b.regions.track_layers([&] { return tagged; }, 10.0); // 10 ns per cycle
    b.stim.script = [&](TlmStimulus& s) {
        b.advance(7, 1, 1.0, 0); // before any mark: layer 0
        s.write(CIMVP_STATS_BEGIN, 1, 4);
        s.write(CIMVP_STATS_LAYER, 1, 4);
        b.advance(20, 5, 2.0, 0.5); // layer 1, with 30 ns of untagged accelerator work
        b.now.xbar_busy_ns += 30;
        s.write(CIMVP_STATS_LAYER, 0, 4);
        b.advance(10, 2, 0.25, 0); // a queue for layer 2 runs: 40 ns, while layer 0 is marked
        b.now.xbar_busy_ns += 40, b.now.xbar_mvms += 3, b.now.energy.xbar_mvm_j += 2.0;
        tagged[2].xbar_busy_ns = 40, tagged[2].xbar_mvms = 3, tagged[2].energy.xbar_mvm_j = 2.0;
        s.write(CIMVP_STATS_END, 1, 4);
        const auto whole = b.regions.layers();
        CHECK(whole.size() == 3);
        CHECK(whole.at(0).activity.cycles == 17 && whole.at(0).activity.instructions == 3);
        CHECK(whole.at(0).activity.xbar_mvms == 0 && whole.at(0).activity.xbar_busy_ns == 0);
        CHECK(whole.at(0).cpu_ns == 170.0 - 40.0);
        CHECK(whole.at(1).activity.cycles == 20 && whole.at(1).cpu_ns == 200.0 - 30.0);
        CHECK(whole.at(1).activity.xbar_busy_ns == 30 && whole.at(1).time_ns() == 200.0);
        CHECK(whole.at(2).activity.xbar_mvms == 3 && whole.at(2).activity.energy.xbar_mvm_j == 2.0);
        CHECK(whole.at(2).cpu_ns == 0 && whole.at(2).time_ns() == 40.0);
        double time = 0, energy = 0;
        for (const auto& [tag, l] : whole)
            time += l.time_ns(), energy += cimvp::total_joules(l.activity.energy);
        CHECK(time == 370.0); // 37 cycles
        CHECK(energy == cimvp::total_joules(b.now.energy));
        const auto& region = b.regions.regions().at(1).layers;
        CHECK(region.at(0).activity.cycles == 10 && region.at(0).cpu_ns == 100.0 - 40.0);
        CHECK(region.at(1).activity.cycles == 20 && region.at(2).time_ns() == 40.0);
    };
    cimvp::test::finish_scenario();
}

} // namespace

TEST(StatsRegions, LayersSplitTheActivity) {
    EXPECT_EXIT(layers_split_the_activity(), testing::ExitedWithCode(0), "");
}
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
