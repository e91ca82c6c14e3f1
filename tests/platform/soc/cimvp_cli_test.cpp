// cimvp from the outside: bad input of every kind gets one clear error line
// and exit code 125; good runs keep stdout for the firmware, pass the exit
// code through and report statistics whose cycle count agrees with
// simulated time. Programs are hand-assembled ELFs (elf_writer.h).
#include "tests/platform/iss/rv_encode.h"
#include "tests/common/elf_writer.h"
#include "platform/memory_map.h"
#include "tests/common/subprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

using namespace enc;
using testutil::ElfSpec;
using testutil::ProcessResult;

namespace {

constexpr int kVpFailure = 125;
constexpr uint32_t t0 = 5, t1 = 6, a0 = 10;

class CimvpCli : public testing::Test {
  protected:
    std::string dir;
    void SetUp() override {
        char tmpl[] = "/tmp/cimvp-cli-XXXXXX";
        dir = mkdtemp(tmpl);
    }
    void TearDown() override { std::system(("rm -rf " + dir).c_str()); }

    std::string elf(const std::string& name, const ElfSpec& spec) {
        std::string p = dir + "/" + name;
        testutil::write_file(p, testutil::make_elf(spec));
        return p;
    }
    ProcessResult cimvp(std::vector<std::string> args) {
        args.insert(args.begin(), CIMVP_PATH);
        return testutil::run_process(args, 30);
    }
    // Exactly one "cimvp: error:" line containing every `parts`, exit 125, no stdout.
    void expect_error(const ProcessResult& r, std::vector<std::string> parts) {
        EXPECT_EQ(r.exit_code, kVpFailure) << testutil::describe(r);
        EXPECT_FALSE(r.timed_out);
        EXPECT_EQ(r.out, "");
        std::istringstream lines(r.err);
        std::string line, error_line;
        int errors = 0;
        while (std::getline(lines, line))
            if (line.rfind("cimvp: error: ", 0) == 0) ++errors, error_line = line;
        EXPECT_EQ(errors, 1) << r.err;
        for (const std::string& p : parts)
            EXPECT_NE(error_line.find(p), std::string::npos) << error_line << " lacks " << p;
    }
};

// Writes (code << 16) | 0x3333 to the finisher: exit with `code`.
std::vector<uint32_t> exit_with(uint32_t code) {
    return {lui(t0, 0x100), lui(t1, (code << 4) | 3), addi(t1, t1, 0x333), sw(t1, t0, 0),
            jal(0, 0)};
}

TEST_F(CimvpCli, ExitCodeComesFromFirmware) {
    auto r = cimvp({"-q", elf("exit42.elf", {0x80000000, exit_with(42)})});
    EXPECT_EQ(r.exit_code, 42) << testutil::describe(r);
    EXPECT_EQ(r.err, "");
}

// A firmware file is read at once when its size is known; a pipe has none and is read to
// its end instead.
TEST_F(CimvpCli, FirmwareFromAPipe) {
    const std::string pipe = dir + "/exit42.pipe";
    ASSERT_EQ(mkfifo(pipe.c_str(), 0600), 0);
    const std::vector<uint8_t> bytes = testutil::make_elf({0x80000000, exit_with(42)});
    std::thread writer([&] { // blocks until cimvp opens the pipe
        std::ofstream(pipe, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    });
    auto r = cimvp({"-q", pipe});
    writer.join();
    EXPECT_EQ(r.exit_code, 42) << testutil::describe(r);
}

TEST_F(CimvpCli, ExitCodesBeyondEightBitsDoNotWrap) {
    // 256 & 0xff would be 0, i.e. success: it must come out as 255.
    auto r = cimvp({elf("exit256.elf", {0x80000000, exit_with(256)})});
    EXPECT_EQ(r.exit_code, 255) << testutil::describe(r);
    EXPECT_NE(r.err.find("exit code 256 does not fit"), std::string::npos) << r.err;
}

TEST_F(CimvpCli, HtifTohostEndsTheRun) {
    // li t1, (21 << 1) | 1; sw t1, tohost; spin. tohost lies in RAM after the code.
    const uint32_t tohost = 0x80001000;
    ElfSpec s{0x80000000, {lui(t0, 0x80001), addi(t1, 0, 43), sw(t1, t0, 0), jal(0, 0)}};
    s.symbols = {{"tohost", tohost}};
    auto r = cimvp({"-q", elf("htif.elf", s)});
    EXPECT_EQ(r.exit_code, 21) << testutil::describe(r);
}

TEST_F(CimvpCli, StackOutsideRamIsALoadError) {
    ElfSpec s{0x80000000, exit_with(0)};
    s.symbols = {{"__stack", 0x88000000}};
    EXPECT_EQ(cimvp({"-q", elf("stack_ok.elf", s)}).exit_code, 0); // top of the default 128 MiB
    expect_error(cimvp({"--ram.size", "64M", elf("stack.elf", s)}),
                 {"stack.elf", "__stack = 0x88000000", "--ram.size"});
}

TEST_F(CimvpCli, StdoutCarriesOnlyFirmwareOutput) {
    // Prints "ok\n" through the UART THR, then exits 0 through the finisher.
    std::vector<uint32_t> code = {lui(t0, 0x10000), addi(t1, 0, 'o'), sb(t1, t0, 0),
                                  addi(t1, 0, 'k'), sb(t1, t0, 0),    addi(t1, 0, '\n'),
                                  sb(t1, t0, 0)};
    for (uint32_t w : exit_with(0)) code.push_back(w);
    auto r = cimvp({elf("uart.elf", {0x80000000, code})});
    EXPECT_EQ(r.exit_code, 0) << testutil::describe(r);
    EXPECT_EQ(r.out, "ok\n");
    EXPECT_NE(r.err.find("MIPS"), std::string::npos) << r.err;
}

TEST_F(CimvpCli, StatsJsonCyclesAgreeWithSimulatedTime) {
    // 4 ALU-class instructions (lui, lui, addi: 1 cycle each) + 1 store (1 cycle); the run
    // ends at the store, which retires. At 50 MHz each cycle is 20 ns.
    std::string stats = dir + "/stats.json";
    auto r = cimvp({"-q", "--cpu.clock_mhz", "50", "--stats-json", stats,
                    elf("exit3.elf", {0x80000000, exit_with(3)})});
    ASSERT_EQ(r.exit_code, 3) << testutil::describe(r);
    nlohmann::json j = nlohmann::json::parse(std::ifstream(stats));
    EXPECT_EQ(j["instructions"], 4);
    EXPECT_EQ(j["cycles"], 4);
    EXPECT_DOUBLE_EQ(j["sim_time_s"].get<double>(), 4 * 20e-9);
    EXPECT_EQ(j["exit_code"], 3);
    EXPECT_EQ(j["end"], "exited");
}

TEST_F(CimvpCli, CpuEnergyIsRetiredInstructionsTimesTheirClassEnergy) {
    // exit_with: lui, lui, addi (ALU) and the store that ends the run.
    std::string stats = dir + "/stats.json";
    auto r = cimvp({"-q", "--cpu.e_alu_pj", "2", "--cpu.e_store_pj", "7", "--stats-json", stats,
                    elf("exit3.elf", {0x80000000, exit_with(3)})});
    ASSERT_EQ(r.exit_code, 3) << testutil::describe(r);
    nlohmann::json j = nlohmann::json::parse(std::ifstream(stats));
    EXPECT_EQ(j["retired_by_class"]["alu"], 3);
    EXPECT_EQ(j["retired_by_class"]["store"], 1);
    EXPECT_EQ(j["retired_by_class"]["load"], 0);
    EXPECT_DOUBLE_EQ(j["energy_j"]["cpu"].get<double>(), (3 * 2 + 7) * 1e-12);
    EXPECT_DOUBLE_EQ(j["energy_j"]["total"].get<double>(), (3 * 2 + 7) * 1e-12);
    EXPECT_EQ(j["cpu_energy_params"]["e_store_pj"], 7.0);
}

// Writes region id 1 to BEGIN, runs addi and mul, writes 1 to END, exits.
TEST_F(CimvpCli, StatsRegionCoversWhatRunsBetweenBeginAndEnd) {
    std::vector<uint32_t> code = {
        lui(t0, CIMVP_STATS_BASE >> 12), addi(t1, 0, 1), sw(t1, t0, 0), addi(enc::a1, 0, 5),
        mul(enc::a1, enc::a1, enc::a1),  sw(t1, t0, 4)};
    for (uint32_t w : exit_with(0)) code.push_back(w);
    std::string stats = dir + "/stats.json";
    auto r = cimvp({"-q", "--stats-json", stats, elf("region.elf", {0x80000000, code})});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    nlohmann::json j = nlohmann::json::parse(std::ifstream(stats));
    ASSERT_EQ(j["regions"].size(), 1u) << j.dump();
    const auto& region = j["regions"][0];
    EXPECT_EQ(region["id"], 1);
    EXPECT_EQ(region["entries"], 1);
    // The END store is inside (it retires before the VP samples), the BEGIN store outside.
    EXPECT_EQ(region["instructions"], 3);
    EXPECT_EQ(region["retired_by_class"]["alu"], 1);
    EXPECT_EQ(region["retired_by_class"]["mul"], 1);
    EXPECT_EQ(region["retired_by_class"]["store"], 1);
    EXPECT_EQ(region["cycles"], 1 + 3 + 1); // default CPI: ALU 1, mul 3, store 1
    EXPECT_EQ(j["stats_region_misuse"], 0);
}

// Reads the CLINT's timebase register and exits with it in MHz.
TEST_F(CimvpCli, FirmwareReadsTheTimebase) {
    std::vector<uint32_t> code = {lui(t0, (CIMVP_CLINT_BASE + CIMVP_CLINT_TIMEBASE_HZ) >> 12),
                                  lw(t1, t0, 0),
                                  lui(enc::t2, 0xf4),
                                  addi(enc::t2, enc::t2, 0x240), // 1e6
                                  divu(t1, t1, enc::t2),
                                  slli(t1, t1, 16),
                                  lui(enc::t2, 3),
                                  addi(enc::t2, enc::t2, 0x333),
                                  or_(t1, t1, enc::t2),
                                  lui(t0, 0x100),
                                  sw(t1, t0, 0),
                                  jal(0, 0)};
    auto fw = elf("timebase.elf", {0x80000000, code});
    EXPECT_EQ(cimvp({"-q", fw}).exit_code, 10);
    EXPECT_EQ(cimvp({"-q", "--clint.timebase_mhz", "3", fw}).exit_code, 3);
    EXPECT_EQ(cimvp({"-q", "--clint.timebase_mhz", "32", fw}).exit_code, 32);
}

TEST_F(CimvpCli, ListOptionsNamesEveryOptionAndWhetherItTakesAValue) {
    auto r = testutil::run_process({CIMVP_PATH, "--list-options"}, 30);
    ASSERT_EQ(r.exit_code, 0);
    for (const char* line : {"\nquiet\n", "\ncpu.e_alu_pj VALUE\n", "\nxbar.buffer_size VALUE\n",
                             "\nxbar.mapping VALUE\n", "\nclint.timebase_mhz VALUE\n"})
        EXPECT_NE(("\n" + r.out).find(line), std::string::npos) << line;
}

TEST_F(CimvpCli, MissingFile) {
    expect_error(cimvp({dir + "/nope.elf"}), {"nope.elf", "cannot open"});
}

TEST_F(CimvpCli, NotAnElf) {
    std::ofstream(dir + "/text.elf") << "hello, I am not an ELF file\n";
    expect_error(cimvp({dir + "/text.elf"}), {"text.elf", "not an ELF"});
}

TEST_F(CimvpCli, TruncatedHeader) {
    auto bytes = testutil::make_elf({0x80000000, exit_with(0)});
    bytes.resize(30);
    testutil::write_file(dir + "/trunc.elf", bytes);
    expect_error(cimvp({dir + "/trunc.elf"}), {"trunc.elf", "truncated"});
}

TEST_F(CimvpCli, TruncatedSegment) {
    auto bytes = testutil::make_elf({0x80000000, exit_with(0)});
    bytes.resize(bytes.size() - 6);
    testutil::write_file(dir + "/trunc2.elf", bytes);
    expect_error(cimvp({dir + "/trunc2.elf"}), {"trunc2.elf", "truncated"});
}

TEST_F(CimvpCli, SixtyFourBitElf) {
    ElfSpec s{0x80000000, exit_with(0)};
    s.elf_class = ELFCLASS64;
    expect_error(cimvp({elf("rv64.elf", s)}), {"rv64.elf", "not a 32-bit ELF"});
}

TEST_F(CimvpCli, WrongMachine) {
    ElfSpec s{0x80000000, exit_with(0)};
    s.machine = EM_386;
    expect_error(cimvp({elf("x86.elf", s)}), {"x86.elf", "not a RISC-V ELF"});
}

TEST_F(CimvpCli, SegmentOutsideRam) {
    expect_error(cimvp({elf("low.elf", {0x1000, exit_with(0)})}),
                 {"low.elf", "outside RAM", "0x1000"});
    // Fits the default 128 MiB, not a 4 KiB RAM.
    expect_error(cimvp({"--ram.size", "4K", elf("big.elf", {0x80000ff8, exit_with(0)})}),
                 {"big.elf", "outside RAM"});
}

TEST_F(CimvpCli, UnknownOption) { expect_error(cimvp({"--frobnicate", "x.elf"}), {"frobnicate"}); }

TEST_F(CimvpCli, NegativeAndNonNumericValues) {
    std::string fw = elf("ok.elf", {0x80000000, exit_with(0)});
    expect_error(cimvp({"--max-instructions", "-5", fw}), {"--max-instructions", "-5"});
    expect_error(cimvp({"--seed", "abc", fw}), {"--seed", "abc"});
    expect_error(cimvp({"--quantum", "10parsecs", fw}), {"--quantum"});
    expect_error(cimvp({"--cpu.clock_mhz", "0", fw}), {"--cpu.clock_mhz", "out of range"});
    expect_error(cimvp({"--cpu.bus_error", "maybe", fw}), {"--cpu.bus_error", "maybe"});
}

TEST_F(CimvpCli, ConfigFileErrorsNameFileAndLine) {
    std::string cfg = dir + "/bad.cfg";
    std::ofstream(cfg) << "# a comment\n[cpu]\nclock_mhz = 200\nwarp_factor = 9\n";
    expect_error(cimvp({"--config", cfg, elf("ok.elf", {0x80000000, exit_with(0)})}),
                 {"bad.cfg:4", "warp_factor"});
}

TEST_F(CimvpCli, ConfigFileValuesApplyAndCommandLineWins) {
    std::string cfg = dir + "/good.cfg", stats = dir + "/s.json";
    std::ofstream(cfg) << "[cpu]\nclock_mhz = 200\ncpi_alu = 2\n";
    std::string fw = elf("ok.elf", {0x80000000, exit_with(0)});
    auto r = cimvp({"-q", "--config", cfg, "--cpu.clock_mhz", "25", "--stats-json", stats, fw});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    nlohmann::json j = nlohmann::json::parse(std::ifstream(stats));
    EXPECT_DOUBLE_EQ(j["clock_hz"].get<double>(), 25e6);
    EXPECT_EQ(j["cycles"], 3 * 2 + 1); // cpi_alu from the file
}

TEST_F(CimvpCli, UnmappedLoadNamesPcAndAddress) {
    // lui t0, 0x40000 -> 0x40000000 (nothing there); lw t1, 0x10(t0)
    auto fw = elf("unmapped.elf", {0x80000000, {lui(t0, 0x40000), lw(t1, t0, 0x10), jal(0, 0)}});
    expect_error(cimvp({fw}), {"load from unmapped address 0x40000010", "pc 0x80000004"});
}

TEST_F(CimvpCli, RunawayFirmwareHitsInstructionLimit) {
    auto fw = elf("loop.elf", {0x80000000, {addi(t0, t0, 1), jal(0, -4)}});
    auto r = cimvp({"--max-instructions", "100000", fw});
    expect_error(r, {"--max-instructions 100000"});
}

TEST_F(CimvpCli, IllegalInstructionWithoutHandler) {
    auto fw = elf("illegal.elf", {0x80000000, {nop(), 0xffffffffu}});
    expect_error(cimvp({fw}), {"illegal instruction 0xffffffff", "pc 0x80000004"});
}

TEST_F(CimvpCli, WfiWithNothingToWakeIt) {
    auto fw = elf("sleep.elf", {0x80000000, {wfi(), jal(0, -4)}});
    expect_error(cimvp({fw}), {"wfi", "pc 0x80000000"});
}

TEST_F(CimvpCli, HelpExplainsOptionsWithUnits) {
    auto r = testutil::run_process({CIMVP_PATH, "--help"}, 30);
    EXPECT_EQ(r.exit_code, 0);
    for (const char* k : {"--quantum", "--max-instructions", "--stats-json", "--config", "--seed",
                          "--cpu.clock_mhz", "MHz", "--ram.size", "bytes", "ns, us",
                          "--cpu.e_load_pj", "--cpu.e_sleep_pj_per_cycle", "pJ"})
        EXPECT_NE(r.out.find(k), std::string::npos) << k;
}

} // namespace

namespace {

// vp-configs/default.cfg documents the built-in defaults: every key it sets
// must show the same default in --help.
TEST(DefaultConfig, MatchesBuiltInDefaults) {
    auto help = testutil::run_process({CIMVP_PATH, "--help"}, 30).out;
    std::ifstream cfg(CIMVP_SOURCE_DIR "/vp-configs/default.cfg");
    ASSERT_TRUE(cfg.good());
    std::string line, section;
    int keys = 0;
    while (std::getline(cfg, line)) {
        if (line.empty() || line[0] == '#') continue;
        if (line[0] == '[') {
            section = line.substr(1, line.find(']') - 1) + ".";
            continue;
        }
        size_t eq = line.find('=');
        ASSERT_NE(eq, std::string::npos) << line;
        std::string key = line.substr(0, line.find_last_not_of(" ", eq - 1) + 1);
        std::string value = line.substr(line.find_first_not_of(" ", eq + 1));
        // Help shows "--key VALUE_NAME (=default)"; the value name varies.
        std::string option = "--" + section + key + " ", shown = "(=" + value + ")";
        size_t at = help.find(option);
        ASSERT_NE(at, std::string::npos) << option;
        EXPECT_EQ(help.substr(at, help.find('\n', at) - at).find(shown) == std::string::npos, false)
            << option << shown;
        ++keys;
    }
    EXPECT_GT(keys, 10);
}

} // namespace

namespace {

// docs/timing.md's table of cycle defaults (| class | `cpu.KEY` | default | reasoning |) must
// show what --help shows, which comes from iss::CpiTable's member initialisers.
TEST(DefaultConfig, TimingDocShowsTheCycleDefaults) {
    const std::string help = testutil::run_process({CIMVP_PATH, "--help"}, 30).out;
    std::ifstream doc(CIMVP_SOURCE_DIR "/docs/timing.md");
    ASSERT_TRUE(doc.good());
    std::string line;
    int rows = 0;
    while (std::getline(doc, line)) {
        const size_t key_at = line.find("| `cpu.");
        if (line.rfind("| ", 0) != 0 || key_at == std::string::npos) continue;
        const size_t key_end = line.find('`', key_at + 3);
        const std::string key = line.substr(key_at + 3, key_end - key_at - 3);
        const size_t value_at = line.find_first_not_of(" |", key_end + 1);
        const std::string value =
            line.substr(value_at, line.find_first_of(" |", value_at) - value_at);
        const size_t at = help.find("--" + key + " ");
        ASSERT_NE(at, std::string::npos) << key;
        EXPECT_NE(help.substr(at, help.find('\n', at) - at).find("(=" + value + ")"),
                  std::string::npos)
            << key << " = " << value << " in docs/timing.md";
        ++rows;
    }
    EXPECT_EQ(rows, 10); // the ten cycle classes of iss::CpiTable
}

} // namespace
