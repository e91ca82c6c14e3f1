// cimvp --vcd from the outside: firmware that makes every signal move (fw_waves.c) runs
// with --vcd and --stats-json; a small VCD parser of our own reads the waveform back and
// checks it against the run's statistics: time programming and computing summed over the
// crossbars = program and MVM time, DMA high time = DMA time, busy = busy time, periphery
// units = periphery time, rising interrupt edges = interrupts taken, sleep = sleep cycles.
// GTKWave's vcd2fst (Debian gtkwave; skipped when absent) must convert the file. An
// unwritable --vcd file is one error line before the run.
#include "tests/common/subprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace {

constexpr int kVpFailure = 125;

// One signal's history, summed over the run.
struct Trace {
    unsigned width = 1;
    uint64_t value = 0, since = 0;        // current value and when it took it (ps)
    std::map<uint64_t, uint64_t> time_at; // ps spent at each value
    unsigned rising = 0;                  // changes from 0 to non-zero
};

// The VCD as cimvp writes it: $scope/$var header, then #time and value-change lines.
struct Vcd {
    std::map<std::string, Trace> signals; // by full name: "cimvp.xbar.busy"
    uint64_t end = 0;

    double seconds_at(const std::string& name, uint64_t value) const {
        const Trace& t = signals.at(name);
        auto it = t.time_at.find(value);
        return it == t.time_at.end() ? 0.0 : double(it->second) * 1e-12;
    }
};

uint64_t parse_value(const std::string& bits) {
    uint64_t v = 0;
    for (char c : bits) {
        if (c != '0' && c != '1') throw std::runtime_error("bad VCD value " + bits);
        v = v << 1 | uint64_t(c == '1');
    }
    return v;
}

Vcd parse_vcd(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    Vcd vcd;
    std::map<std::string, std::string> by_id;
    std::vector<std::string> scope;
    std::string line;
    uint64_t now = 0;
    bool body = false;
    auto change = [&](const std::string& id, uint64_t v) {
        Trace& t = vcd.signals.at(by_id.at(id));
        if (v == t.value) return;
        t.time_at[t.value] += now - t.since;
        if (t.value == 0) ++t.rising;
        t.value = v, t.since = now;
    };
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string w;
        words >> w;
        if (w == "$scope") {
            std::string kind, name;
            words >> kind >> name;
            scope.push_back(name);
        } else if (w == "$upscope") {
            scope.pop_back();
        } else if (w == "$var") {
            std::string type, id, name, full;
            unsigned width = 0;
            words >> type >> width >> id >> name;
            for (const std::string& s : scope) full += s + ".";
            by_id[id] = full + name;
            vcd.signals[full + name].width = width;
        } else if (w == "$enddefinitions") {
            body = true;
        } else if (!body || w.empty() || w[0] == '$') {
            continue;
        } else if (w[0] == '#') {
            const uint64_t t = std::stoull(w.substr(1));
            if (t < now) throw std::runtime_error("VCD time goes back: " + line);
            now = t;
        } else if (w[0] == 'b') {
            std::string id;
            words >> id;
            change(id, parse_value(w.substr(1)));
        } else {
            change(w.substr(1), parse_value(w.substr(0, 1)));
        }
    }
    vcd.end = now;
    for (auto& [name, t] : vcd.signals) t.time_at[t.value] += now - t.since;
    return vcd;
}

std::string temp_path(const std::string& name) {
    return ::testing::TempDir() + "waves_test_" + std::to_string(::getpid()) + "_" + name;
}

class Waves : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        vcd_path_ = temp_path("run.vcd");
        json_path_ = temp_path("stats.json");
        run_ = new testutil::ProcessResult(testutil::run_process(
            {CIMVP_PATH, "--vcd", vcd_path_, "--stats-json", json_path_, FW_WAVES}, 120));
    }
    static void TearDownTestSuite() {
        std::remove(vcd_path_.c_str());
        std::remove(json_path_.c_str());
        delete run_;
    }
    void SetUp() override {
        ASSERT_EQ(run_->exit_code, 0) << testutil::describe(*run_);
        std::ifstream in(json_path_);
        stats_ = nlohmann::json::parse(in);
        vcd_ = parse_vcd(vcd_path_);
    }
    static std::string vcd_path_, json_path_;
    static testutil::ProcessResult* run_;
    nlohmann::json stats_;
    Vcd vcd_;
};
std::string Waves::vcd_path_, Waves::json_path_;
testutil::ProcessResult* Waves::run_ = nullptr;

// Each interval is rounded to whole ps once per end.
constexpr double kPs = 1e-12;

TEST_F(Waves, TheFirmwareRanAndEverySignalIsThere) {
    EXPECT_NE(run_->out.find("interrupts: software 1, timer 1, external 5\nok\n"),
              std::string::npos)
        << run_->out;
    for (const char* name :
         {"cimvp.cpu.sleep", "cimvp.cpu.meip", "cimvp.cpu.mtip", "cimvp.cpu.msip",
          "cimvp.xbar.busy", "cimvp.xbar.dma", "cimvp.xbar.queue_running", "cimvp.xbar.queue_done",
          "cimvp.xbar.xbar0.state", "cimvp.xbar.xbar1.state", "cimvp.xbar.threshold",
          "cimvp.xbar.pool", "cimvp.xbar.gather", "cimvp.xbar.add"})
        EXPECT_EQ(vcd_.signals.count(name), 1u) << name;
    // The run ends at the CPU's time.
    EXPECT_NEAR(double(vcd_.end) * kPs, stats_["sim_time_s"].get<double>(), 1e-9);
}

TEST_F(Waves, CrossbarStatesAddUpToProgramAndMvmTime) {
    const nlohmann::json& x = stats_["xbar"];
    double programming = 0, computing = 0;
    unsigned crossbars = 0;
    for (const auto& [name, t] : vcd_.signals)
        if (name.rfind("cimvp.xbar.xbar", 0) == 0) {
            ++crossbars;
            EXPECT_EQ(t.width, 2u);
            programming += vcd_.seconds_at(name, 1);
            computing += vcd_.seconds_at(name, 2);
            EXPECT_EQ(t.time_at.count(3), 0u) << name; // no such state
        }
    EXPECT_GE(crossbars, 2u);
    ASSERT_GT(x["program_s"].get<double>(), 0);
    ASSERT_GT(x["mvm_s"].get<double>(), 0);
    // Each of the 4 programs and 4 MVM runs is one interval: a ps of rounding at most each.
    EXPECT_NEAR(programming, x["program_s"].get<double>(), 4 * kPs);
    EXPECT_NEAR(computing, x["mvm_s"].get<double>(), 4 * kPs);
    EXPECT_GT(vcd_.seconds_at("cimvp.xbar.xbar1.state", 2), 0); // both crossbars worked
}

TEST_F(Waves, DmaPeripheryAndBusyTimesMatchTheStatistics) {
    const nlohmann::json& x = stats_["xbar"];
    ASSERT_GT(x["dma_s"].get<double>(), 0);
    EXPECT_NEAR(vcd_.seconds_at("cimvp.xbar.dma", 1), x["dma_s"].get<double>(), 20 * kPs);
    ASSERT_GT(x["periphery_s"].get<double>(), 0);
    EXPECT_NEAR(vcd_.seconds_at("cimvp.xbar.threshold", 1), x["periphery_s"].get<double>(),
                2 * kPs);
    // busy_s counts whole ns per command (5 of them).
    EXPECT_NEAR(vcd_.seconds_at("cimvp.xbar.busy", 1), x["busy_s"].get<double>(), 5 * 0.5e-9);
    // The command list: one run, all five descriptors done, and the list within busy.
    const Trace& running = vcd_.signals.at("cimvp.xbar.queue_running");
    EXPECT_EQ(running.rising, 1u);
    EXPECT_EQ(vcd_.signals.at("cimvp.xbar.queue_done").value, 5u);
    EXPECT_LE(vcd_.seconds_at("cimvp.xbar.queue_running", 1),
              vcd_.seconds_at("cimvp.xbar.busy", 1));
}

TEST_F(Waves, InterruptEdgesAreTheInterruptsTaken) {
    const unsigned edges = vcd_.signals.at("cimvp.cpu.meip").rising +
                           vcd_.signals.at("cimvp.cpu.mtip").rising +
                           vcd_.signals.at("cimvp.cpu.msip").rising;
    EXPECT_EQ(edges, stats_["interrupts_taken"].get<unsigned>());
    EXPECT_EQ(edges, 7u); // as the firmware counted them
    EXPECT_EQ(vcd_.signals.at("cimvp.cpu.meip").rising, 5u);
}

TEST_F(Waves, SleepTimeIsTheSleepCycles) {
    const double sleep_s = stats_["sleep_cycles"].get<double>() / stats_["clock_hz"].get<double>();
    ASSERT_GT(sleep_s, 0);
    EXPECT_NEAR(vcd_.seconds_at("cimvp.cpu.sleep", 1), sleep_s, 1e-15);
}

TEST_F(Waves, GtkwavesConverterReadsTheFile) {
    const std::string fst = temp_path("run.fst");
    testutil::ProcessResult r = testutil::run_process({"vcd2fst", vcd_path_, fst}, 60);
    if (r.exit_code == 127) GTEST_SKIP() << "vcd2fst (Debian gtkwave) not installed";
    EXPECT_EQ(r.exit_code, 0) << testutil::describe(r);
    std::ifstream in(fst, std::ios::binary | std::ios::ate);
    EXPECT_GT(in.tellg(), 0);
    std::remove(fst.c_str());
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Chunk ends synchronise with SystemC only when something else is due by the CPU's time
// (Cpu::skip_sync): the same run with a synchronisation at every chunk end must give the same
// output, statistics (instructions, cycles, interrupts, sleep, energy) and waveform (every
// command, DMA, interrupt edge and sleep at the same picosecond).
TEST_F(Waves, SynchronisingAtEveryChunkEndChangesNothing) {
    const std::string vcd = temp_path("every_chunk.vcd"), json = temp_path("every_chunk.json");
    const testutil::ProcessResult r = testutil::run_process(
        {CIMVP_PATH, "--cpu.sync", "every-chunk", "--vcd", vcd, "--stats-json", json, FW_WAVES},
        120);
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    EXPECT_EQ(r.out, run_->out);
    nlohmann::json stats = nlohmann::json::parse(read_all(json)), expected = stats_;
    for (nlohmann::json* j : {&stats, &expected})
        for (const char* host : {"host_s", "mips"}) j->erase(host); // host time
    EXPECT_EQ(stats.dump(1), expected.dump(1));
    EXPECT_GT(stats_.at("interrupts_taken").get<uint64_t>(), 0u);
    EXPECT_TRUE(read_all(vcd) == read_all(vcd_path_)) << "the waveforms differ";
    std::remove(vcd.c_str());
    std::remove(json.c_str());
}

TEST(WavesOptions, AnUnwritableVcdFileIsOneErrorBeforeTheRun) {
    testutil::ProcessResult r =
        testutil::run_process({CIMVP_PATH, "--vcd", "/nonexistent-dir/x.vcd", FW_WAVES}, 60);
    EXPECT_EQ(r.exit_code, kVpFailure);
    EXPECT_EQ(r.out, ""); // the firmware never ran
    EXPECT_EQ(r.err, "cimvp: error: --vcd: cannot write /nonexistent-dir/x.vcd: No such file or "
                     "directory\n");
}

} // namespace
