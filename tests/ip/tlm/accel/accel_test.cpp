// The crossbar accelerator in the platform, driven by real firmware
// (fw_xbar.c through the sw/ driver): every mapping in digital mode and in
// ideal analog mode returns exactly the W x the firmware computes on the CPU,
// by polling, by wfi on the interrupt and with an interrupt handler; misuse
// gives the documented error codes; analog runs with variability are
// seeded; the run statistics account for the accelerator's work.
#include "tests/common/subprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace {

const char* const mappings[] = {"BNN_I", "BNN_II", "BNN_III", "BNN_IV", "BNN_V", "BNN_VI",
                                "TNN_I", "TNN_II", "TNN_III", "TNN_IV", "TNN_V"};

testutil::ProcessResult run_fw(std::vector<std::string> vp_args, std::vector<std::string> fw_args) {
    std::vector<std::string> argv = {CIMVP_PATH, "-q"};
    argv.insert(argv.end(), vp_args.begin(), vp_args.end());
    argv.push_back(FW_XBAR);
    argv.push_back("--");
    argv.insert(argv.end(), fw_args.begin(), fw_args.end());
    return testutil::run_process(argv, 60);
}

std::string line_with(const std::string& out, const std::string& prefix) {
    size_t at = out.find(prefix);
    return at == std::string::npos ? "" : out.substr(at, out.find('\n', at) - at);
}

class EveryMapping : public testing::TestWithParam<std::tuple<const char*, const char*>> {};

TEST_P(EveryMapping, ExactResultsAndErrorCodes) {
    auto [mapping, mode] = GetParam();
    auto r = run_fw({"--xbar.mapping", mapping, "--xbar.mode", mode}, {"poll"});
    EXPECT_EQ(r.exit_code, 0) << testutil::describe(r);
    EXPECT_NE(r.out.find("mismatches: 0,"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\nok\n"), std::string::npos) << r.out;
}

INSTANTIATE_TEST_SUITE_P(Accelerator, EveryMapping,
                         testing::Combine(testing::ValuesIn(mappings),
                                          testing::Values("digital", "analog")),
                         [](const auto& info) {
                             return std::string(std::get<0>(info.param)) + "_" +
                                    std::get<1>(info.param);
                         });

TEST(Accelerator, WaitByInterruptAndByHandlerGiveTheSameResults) {
    auto poll = run_fw({}, {"poll"}), irq = run_fw({}, {"irq"}), handler = run_fw({}, {"handler"});
    for (const auto* r : {&poll, &irq, &handler})
        EXPECT_EQ(r->exit_code, 0) << testutil::describe(*r);
    EXPECT_EQ(line_with(poll.out, "mismatches"), line_with(irq.out, "mismatches"));
    EXPECT_EQ(line_with(poll.out, "mismatches"), line_with(handler.out, "mismatches"));
}

// A wake-up lost between checking and wfi would hang only at some instruction
// timings; padding the firmware's command line shifts its memory layout and
// timing (picolibc copies the arguments onto the stack), covering many of them.
TEST(Accelerator, InterruptWaitLosesNoWakeUpAtAnyTiming) {
    for (int pad = 0; pad < 24; ++pad)
        for (const char* mode : {"irq", "handler"}) {
            auto r = run_fw({}, {mode, "strict", std::string(pad, 'x')});
            EXPECT_EQ(r.exit_code, 0) << mode << " pad " << pad << ": " << testutil::describe(r);
        }
}

TEST(Accelerator, SmallCrossbarsAndFewAdcsStillExact) {
    // BNN_I needs two columns per output: 16 outputs of 64 inputs fit a 64x32 crossbar.
    auto r =
        run_fw({"--xbar.rows", "64", "--xbar.cols", "32", "--xbar.count", "3", "--xbar.adcs", "1"},
               {"irq"});
    EXPECT_EQ(r.exit_code, 0) << testutil::describe(r);
    EXPECT_NE(r.out.find("tile up to 16x64"), std::string::npos) << r.out;
}

TEST(Accelerator, AnalogNonIdealitiesAreSeededAndReproducible) {
    std::vector<std::string> noisy = {"--xbar.sigma_lrs", "4", "--xbar.sigma_hrs", "1",
                                      "--xbar.adc_bits",  "3"};
    auto with_seed = [&](const char* seed) {
        auto args = noisy;
        args.push_back("--seed");
        args.push_back(seed);
        auto r = run_fw(args, {"poll", "tolerant"});
        EXPECT_EQ(r.exit_code, 0) << testutil::describe(r);
        return line_with(r.out, "mismatches");
    };
    std::string a = with_seed("7"), b = with_seed("7"), c = with_seed("8");
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
    EXPECT_EQ(a.find("mismatches: 0,"), std::string::npos)
        << "3-bit ADC and variability should err: " << a;
}

TEST(Accelerator, StatisticsAccountForTheAcceleratorsWork) {
    std::string stats = testing::TempDir() + "/accel_stats.json";
    auto r = run_fw({"--stats-json", stats}, {"poll"});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    nlohmann::json j = nlohmann::json::parse(std::ifstream(stats));
    const auto& x = j["xbar"];
    EXPECT_GE(x["mvms"].get<uint64_t>(),
              48u); // 3 tiles x 2 batches x 8 vectors, plus misuse checks
    EXPECT_GT(x["conversions"].get<uint64_t>(), 0u);
    // 256x256 + 37x61 + 1x1 cells for the three tiles, plus the 1x1 tile of the misuse checks.
    EXPECT_GE(x["programmed_cells"].get<uint64_t>(), 256u * 256 + 37 * 61 + 1);
    EXPECT_GT(x["energy_j"].get<double>(), 0);
    EXPECT_GT(x["busy_s"].get<double>(), 0);
    EXPECT_LE(x["busy_s"].get<double>(), j["sim_time_s"].get<double>());
}

} // namespace
