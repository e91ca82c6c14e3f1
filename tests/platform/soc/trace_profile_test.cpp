// cimvp --trace and --profile on real firmware (tests/firmware), against independent facts:
// the trace's pcs are QEMU's (qemu-system-riscv32 -singlestep -d exec, the same firmware and
// command line) instruction by instruction, over the whole run and over a window; its line
// count is the run's minstret (--stats-json) or the window's length; the values it shows for
// addi and lui follow from the values it showed before; the profile's columns add up to the
// run's instructions and cycles, its sleep column to the run's sleep cycles, and the sleep goes
// to the function that executed wfi. Bad options get one error line before the run.
#include "tests/common/subprocess.h"
#include "tests/common/test_files.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace {

constexpr int kVpFailure = 125;

struct TraceLine {
    uint64_t cycle;
    uint32_t pc;
    std::string insn, effects;
};

std::vector<TraceLine> read_trace(const std::string& path) {
    std::ifstream in(path);
    std::vector<TraceLine> lines;
    for (std::string l; std::getline(in, l);) {
        if (l.empty() || l[0] == '#') continue;
        TraceLine t;
        std::istringstream s(l);
        std::string pc, encoding;
        s >> t.cycle >> pc >> encoding;
        t.pc = static_cast<uint32_t>(std::stoul(pc, nullptr, 16));
        // Then two spaces, the instruction in 36 columns, a space and the effects.
        std::string rest;
        std::getline(s, rest);
        auto trim = [](std::string v) {
            const size_t first = v.find_first_not_of(' '), last = v.find_last_not_of(' ');
            return first == std::string::npos ? std::string() : v.substr(first, last - first + 1);
        };
        t.insn = trim(rest.substr(0, std::min<size_t>(rest.size(), 2 + 36)));
        t.effects = rest.size() > 39 ? trim(rest.substr(39)) : "";
        lines.push_back(t);
    }
    return lines;
}

nlohmann::json read_json(const std::string& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

class TraceProfile : public testing::Test {
  protected:
    modeltest::TempDir dir;
    // Runs cimvp in the firmware's directory on its bare file name, as QEMU is run below, so
    // both firmware see the same command line (argv[0]).
    testutil::ProcessResult cimvp(const std::string& elf, std::vector<std::string> args) {
        args.insert(args.begin(), CIMVP_PATH);
        args.push_back(file_name(elf));
        return testutil::run_process(args, 120, directory(elf));
    }
    static std::string directory(const std::string& p) { return p.substr(0, p.rfind('/')); }
    static std::string file_name(const std::string& p) { return p.substr(p.rfind('/') + 1); }
    // QEMU's executed pcs in RAM (its reset code at 0x1000 left out), one per instruction.
    std::vector<uint32_t> qemu_pcs(const std::string& elf) {
        const std::string log = dir.path("qemu.log");
        testutil::ProcessResult r = testutil::run_process(
            {QEMU_EXECUTABLE, "-M", "virt", "-bios", "none", "-nographic", "-kernel",
             file_name(elf), "-semihosting-config", "enable=on,target=native", "-singlestep", "-d",
             "exec,nochain", "-D", log},
            120, directory(elf));
        EXPECT_EQ(r.exit_code, 0) << testutil::describe(r);
        std::vector<uint32_t> pcs;
        std::ifstream in(log);
        for (std::string l; std::getline(in, l);) {
            // "Trace 0: 0x7f.. [00000000/80000010/00109003/ff000201] "
            if (l.rfind("Trace", 0) != 0) continue;
            const size_t a = l.find('/') + 1;
            const uint32_t pc = static_cast<uint32_t>(std::stoul(l.substr(a, 8), nullptr, 16));
            if (pc >= 0x80000000u) pcs.push_back(pc);
        }
        return pcs;
    }
};

void expect_pcs(const std::vector<TraceLine>& trace, const std::vector<uint32_t>& qemu,
                size_t from) {
    ASSERT_LE(from + trace.size(), qemu.size());
    for (size_t k = 0; k < trace.size(); ++k)
        ASSERT_EQ(trace[k].pc, qemu[from + k]) << "instruction " << from + k;
}

TEST_F(TraceProfile, WholeRunIsQemusInstructionSequenceAndMinstretLong) {
    if (std::string(QEMU_EXECUTABLE).empty()) GTEST_SKIP() << "no qemu-system-riscv32";
    testutil::ProcessResult r =
        cimvp(FW_QSORT, {"-q", "--trace", dir.path("t.txt"), "--stats-json", dir.path("s.json")});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    const std::vector<TraceLine> trace = read_trace(dir.path("t.txt"));
    const nlohmann::json stats = read_json(dir.path("s.json"));
    EXPECT_EQ(trace.size(), stats["instructions"].get<uint64_t>());
    const std::vector<uint32_t> qemu = qemu_pcs(FW_QSORT);
    EXPECT_EQ(qemu.size(), trace.size());
    expect_pcs(trace, qemu, 0);
    // Cycles rise by each instruction's cost (loads 2, taken branches 3, ...) and end at the
    // run's count less the last instruction's own cost.
    for (size_t k = 1; k < trace.size(); ++k) ASSERT_GT(trace[k].cycle, trace[k - 1].cycle);
    EXPECT_LT(trace.back().cycle, stats["cycles"].get<uint64_t>());
    EXPECT_GE(trace.back().cycle + 34, stats["cycles"].get<uint64_t>());
}

// Values shown for addi and lui follow from the instruction and the registers' earlier values
// as the trace itself showed them (all registers start at 0).
TEST_F(TraceProfile, RegisterValuesFollowFromTheInstructions) {
    testutil::ProcessResult r = cimvp(FW_QSORT, {"-q", "--trace", dir.path("t.txt")});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    static const std::map<std::string, unsigned> abi = {
        {"zero", 0}, {"ra", 1},  {"sp", 2},  {"gp", 3},  {"tp", 4},  {"t0", 5},   {"t1", 6},
        {"t2", 7},   {"s0", 8},  {"s1", 9},  {"a0", 10}, {"a1", 11}, {"a2", 12},  {"a3", 13},
        {"a4", 14},  {"a5", 15}, {"a6", 16}, {"a7", 17}, {"s2", 18}, {"s3", 19},  {"s4", 20},
        {"s5", 21},  {"s6", 22}, {"s7", 23}, {"s8", 24}, {"s9", 25}, {"s10", 26}, {"s11", 27},
        {"t3", 28},  {"t4", 29}, {"t5", 30}, {"t6", 31}};
    uint32_t x[32] = {};
    unsigned checked = 0;
    for (const TraceLine& t : read_trace(dir.path("t.txt"))) {
        std::istringstream s(t.insn);
        std::string mnemonic, ops;
        s >> mnemonic >> ops;
        for (char& c : ops)
            if (c == ',') c = ' ';
        std::istringstream o(ops);
        std::string rd, rs;
        long long imm = 0;
        uint32_t expected = 0;
        bool check = false;
        if (mnemonic == "addi") {
            o >> rd >> rs >> imm;
            expected = x[abi.at(rs)] + static_cast<uint32_t>(imm), check = true;
        } else if (mnemonic == "lui") {
            std::string hex;
            o >> rd >> hex;
            expected = static_cast<uint32_t>(std::stoul(hex, nullptr, 16)) << 12, check = true;
        }
        // The effects: "rd=0x........" first when a register was written.
        const size_t eq = t.effects.find('=');
        if (eq != std::string::npos && t.effects.find('[') > eq) {
            const std::string name = t.effects.substr(t.effects.find_first_not_of(' '));
            const std::string reg = name.substr(0, name.find('='));
            const uint32_t value =
                static_cast<uint32_t>(std::stoul(name.substr(name.find('=') + 1, 10), nullptr, 16));
            if (check) {
                ASSERT_EQ(reg, rd) << t.insn;
                ASSERT_EQ(value, expected) << t.insn << " at 0x" << std::hex << t.pc;
                ++checked;
            }
            x[abi.at(reg)] = value;
        } else if (check) {
            ASSERT_EQ(rd, "zero") << t.insn << ": no register written";
        }
    }
    EXPECT_GT(checked, 10000u);
}

TEST_F(TraceProfile, CountWindowIsQemusInstructionsInIt) {
    if (std::string(QEMU_EXECUTABLE).empty()) GTEST_SKIP() << "no qemu-system-riscv32";
    testutil::ProcessResult r = cimvp(FW_QSORT, {"-q", "--trace", dir.path("t.txt"),
                                                 "--trace-start", "1000", "--trace-stop", "5000"});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    const std::vector<TraceLine> trace = read_trace(dir.path("t.txt"));
    EXPECT_EQ(trace.size(), 4000u);
    expect_pcs(trace, qemu_pcs(FW_QSORT), 1000);
}

TEST_F(TraceProfile, SymbolWindowStartsAtTheFirstSymbolAndEndsBeforeTheSecond) {
    testutil::ProcessResult r =
        cimvp(FW_QSORT, {"-q", "--trace", dir.path("t.txt"), "--trace-start", "main",
                         "--trace-stop", "exit", "--stats-json", dir.path("s.json")});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    testutil::ProcessResult full = cimvp(FW_QSORT, {"-q", "--trace", dir.path("full.txt")});
    const std::vector<TraceLine> window = read_trace(dir.path("t.txt"));
    const std::vector<TraceLine> all = read_trace(dir.path("full.txt"));
    // main's and exit's addresses from the full trace's function comments.
    std::ifstream in(dir.path("full.txt"));
    std::string line, function;
    size_t index = 0, first_main = 0, first_exit = 0;
    while (std::getline(in, line)) {
        if (line.rfind("# ", 0) == 0) {
            function = line.substr(2);
            continue;
        }
        if (function == "main" && !first_main) first_main = index;
        if (function == "exit" && !first_exit) first_exit = index;
        ++index;
    }
    ASSERT_GT(first_main, 0u);
    ASSERT_GT(first_exit, first_main);
    ASSERT_EQ(window.size(), first_exit - first_main);
    for (size_t k = 0; k < window.size(); ++k) ASSERT_EQ(window[k].pc, all[first_main + k].pc);
}

// The functions in which a trace shows a wfi retire.
std::set<std::string> functions_with_wfi(const std::string& trace) {
    std::ifstream in(trace);
    std::set<std::string> found;
    std::string function;
    for (std::string l; std::getline(in, l);) {
        if (l.rfind("# ", 0) == 0)
            function = l.substr(2);
        else if (l.find("  wfi ") != std::string::npos ||
                 (l.size() >= 5 && l.compare(l.size() - 5, 5, "  wfi") == 0))
            found.insert(function);
    }
    return found;
}

TEST_F(TraceProfile, ProfileAddsUpToTheRunsTotalsAndSleepGoesToTheWfiFunction) {
    testutil::ProcessResult r = cimvp(FW_TIMER, {"--profile", dir.path("p.csv"), "--stats-json",
                                                 dir.path("s.json"), "--trace", dir.path("t.txt")});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    EXPECT_NE(r.err.find("cimvp: profile"), std::string::npos) << r.err;
    const nlohmann::json stats = read_json(dir.path("s.json"));
    std::ifstream in(dir.path("p.csv"));
    std::string header;
    std::getline(in, header);
    EXPECT_EQ(header, "function,address,size,instructions,cycles,executing_cycles,asleep_cycles");
    uint64_t instructions = 0, cycles = 0, asleep = 0;
    std::set<std::string> sleepers;
    bool total_seen = false;
    for (std::string l; std::getline(in, l);) {
        std::vector<std::string> f;
        std::istringstream s(l);
        for (std::string v; std::getline(s, v, ',');) f.push_back(v);
        ASSERT_EQ(f.size(), 7u) << l;
        if (f[0] == "total") {
            EXPECT_EQ(std::stoull(f[3]), instructions);
            EXPECT_EQ(std::stoull(f[4]), cycles);
            total_seen = true;
            continue;
        }
        instructions += std::stoull(f[3]);
        cycles += std::stoull(f[4]);
        EXPECT_EQ(std::stoull(f[4]), std::stoull(f[5]) + std::stoull(f[6])) << l;
        asleep += std::stoull(f[6]);
        if (std::stoull(f[6])) sleepers.insert(f[0]);
    }
    EXPECT_TRUE(total_seen);
    EXPECT_EQ(instructions, stats["instructions"].get<uint64_t>());
    EXPECT_EQ(cycles, stats["cycles"].get<uint64_t>());
    EXPECT_EQ(asleep, stats["sleep_cycles"].get<uint64_t>());
    EXPECT_GT(asleep, 0u);
    const std::set<std::string> wfi = functions_with_wfi(dir.path("t.txt"));
    EXPECT_FALSE(sleepers.empty());
    for (const std::string& f : sleepers) EXPECT_TRUE(wfi.count(f)) << f << " slept without wfi";
}

TEST_F(TraceProfile, BadOptionsGetOneErrorBeforeTheRun) {
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    const std::string t = dir.path("t.txt");
    const Case cases[] = {
        {{"--trace", t, "--trace-start", "500", "--trace-stop", "100"},
         "--trace-start 500 is not before --trace-stop 100"},
        {{"--trace", t, "--trace-start", "main", "--trace-stop", "main"}, "same address"},
        {{"--trace", t, "--trace-start", "no_such_function"},
         "symbol 'no_such_function' is not in fw_qsort.elf's symbol table"},
        {{"--trace", t, "--trace-stop", "12x"}, "trace-stop"},
        {{"--trace", "/nonexistent-dir/t.txt"}, "--trace /nonexistent-dir/t.txt: cannot open"},
        {{"--profile", "/nonexistent-dir/p.csv"}, "--profile /nonexistent-dir/p.csv: cannot open"},
        {{"--trace-start", "10"}, "--trace-start/--trace-stop need --trace FILE"},
    };
    for (const Case& c : cases) {
        testutil::ProcessResult r = cimvp(FW_QSORT, c.args);
        EXPECT_EQ(r.exit_code, kVpFailure) << testutil::describe(r);
        EXPECT_EQ(r.out, "") << "the firmware must not have run";
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_NE(r.err.find("cimvp: error: "), std::string::npos) << r.err;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    }
}

} // namespace
