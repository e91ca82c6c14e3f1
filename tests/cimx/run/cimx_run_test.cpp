// cimx run end to end on shipped models: compile with cimc, run on cimvp, compare with the
// reference executor. In digital mode the VP's predictions equal the ideal-crossbar baseline
// image for image. The figures mean what their names say: latency is one inference alone
// (independent of how many images run and of the CLINT timebase), throughput is images per
// simulated second of the batch loop, energy is the system's (CPU + accelerator) with a
// breakdown that adds up and follows the cpu.e_* parameters.
#include "tests/cimx/run/cimx_run_fixture.h"

#include <cmath>

namespace {

using cimxtest::CimxRun;
using cimxtest::model;
using cimxtest::region;

// The bnn-mlp run most tests use: few images, a cached build.
std::vector<std::string> small_run(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {model("bnn-mlp.onnx"), "--images", "8", "--latency-images",
                                     "3"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

TEST_F(CimxRun, DigitalModeEqualsTheReferenceImageForImage) {
    const std::pair<const char*, const char*> cases[] = {{"bnn-mlp.onnx", "BNN_V"},
                                                         {"tnn-cnn.onnx", "TNN_IV"}};
    for (const auto& [name, mapping] : cases) {
        auto j = run_json({model(name), "--images", "12", "--latency-images", "2", "--xbar.mode",
                           "digital", "--xbar.mapping", mapping});
        EXPECT_EQ(j["images"], 12);
        ASSERT_EQ(j["predictions"].size(), 12u);
        EXPECT_EQ(j["predictions"], j["baseline_predictions"]) << name;
        EXPECT_DOUBLE_EQ(j["top1"].get<double>(), j["baseline_top1"].get<double>());
        EXPECT_GE(j["top1"].get<double>(), 0.5) << name; // a trained model, not chance
        EXPECT_GT(j["latency_s"].get<double>(), 0);
        EXPECT_GT(j["throughput_ips"].get<double>(), 0);
        EXPECT_GT(j["energy_j"].get<double>(), 0);
        EXPECT_GT(j["mips"].get<double>(), 0);
        EXPECT_GT(j["host_s"].get<double>(), 0);
        EXPECT_TRUE(j.contains("params"));
    }
}

TEST_F(CimxRun, AnalogNoiseIsSeeded) {
    // 4 bits: a 2-bit mid-tread ADC over the full range of a 256-input tile reads every column
    // signal of this model as 0, so no seed could change a prediction.
    auto run = [&](const char* seed) {
        return run_json({model("bnn-mlp.onnx"), "--images", "40", "--latency-images", "1",
                         "--xbar.sigma_lrs", "6", "--xbar.adc_bits", "4", "--seed", seed},
                        std::string("s") + seed + ".json")["predictions"];
    };
    auto a = run("3"), b = run("3"), c = run("4");
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
}

TEST_F(CimxRun, MissingModelIsOneErrorLine) {
    auto r = cimx({dir + "/nope.onnx"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("cimx run: error: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nope.onnx"), std::string::npos) << r.err;
}

// Latency is one image through the network and nothing else: the same whether 4 or 40
// images run (batching, reading images and printing do not leak in), and the VP's latency
// region agrees with the firmware's clock.
TEST_F(CimxRun, LatencyIsOneInferenceAlone) {
    auto few =
        run_json({model("bnn-mlp.onnx"), "--images", "4", "--latency-images", "3"}, "few.json");
    auto many =
        run_json({model("bnn-mlp.onnx"), "--images", "40", "--latency-images", "3"}, "many.json");
    const double latency = few["latency_s"];
    EXPECT_NEAR(many["latency_s"].get<double>(), latency, latency * 1e-4);
    EXPECT_LE(few["latency_min_s"].get<double>(), latency);
    EXPECT_GE(few["latency_max_s"].get<double>(), latency);
    EXPECT_EQ(few["latency_images"], 3);
    const auto& alone = region(few, 2);
    EXPECT_EQ(alone["entries"], 3);
    EXPECT_NEAR(alone["sim_time_s"].get<double>() / 3, latency, latency * 1e-3);
    // Throughput: the images over the batch loop's simulated time.
    EXPECT_NEAR(many["throughput_ips"].get<double>() * many["batched_inference_s"].get<double>(),
                40, 1e-9);
    EXPECT_EQ(many["batches"], 2); // 40 images at batch 32
    const auto& t = few["latency_breakdown_s"];
    EXPECT_NEAR(t["cpu"].get<double>() + region(few, 2)["xbar"]["busy_s"].get<double>() / 3,
                latency, latency * 1e-3);
}

// Another CLINT timebase changes the ticks, not the seconds.
TEST_F(CimxRun, TimebaseDoesNotChangeTheSeconds) {
    auto ten = run_json(small_run(), "ten.json");
    auto one = run_json(small_run({"--clint.timebase_mhz", "1"}), "one.json");
    EXPECT_EQ(ten["firmware_stats"]["timebase_hz"], 10000000);
    EXPECT_EQ(one["firmware_stats"]["timebase_hz"], 1000000);
    // Each image's time is a whole number of 1 us ticks: the means agree to one tick.
    EXPECT_NEAR(one["latency_s"].get<double>(), ten["latency_s"].get<double>(), 1e-6);
    EXPECT_NEAR(one["batched_inference_s"].get<double>(), ten["batched_inference_s"].get<double>(),
                1e-6);
    EXPECT_NEAR(one["setup_s"].get<double>(), ten["setup_s"].get<double>(), 1e-6);
}

// mcycle-based figures follow the CPU clock: half the clock, the same cycles per image
// (up to the wfi sleep while the accelerator works), twice the time. On the CPU path, where
// the CPU's time is nearly all of it (with the command queue the accelerator's time does not
// scale with the CPU clock).
TEST_F(CimxRun, CpuClockScalesTimeNotCycles) {
    const std::vector<std::string> cpu_path = {"--postprocess", "cpu", "--first-layer", "cpu"};
    auto slow_args = cpu_path;
    slow_args.insert(slow_args.end(), {"--cpu.clock_mhz", "50"});
    auto fast = run_json(small_run(cpu_path), "fast.json");
    auto slow = run_json(small_run(slow_args), "slow.json");
    const double cycles = fast["cpu_cycles_per_image"];
    EXPECT_NEAR(slow["cpu_cycles_per_image"].get<double>(), cycles, cycles * 1e-3);
    for (const auto* j : {&fast, &slow}) {
        const double hz = (*j)["vp_stats"]["clock_hz"], s = (*j)["batched_inference_s"];
        const double firmware_cycles = (*j)["firmware_stats"]["inference_cycles"];
        EXPECT_NEAR(firmware_cycles / hz, s, s * 1e-4) << "mcycle and mtime agree";
    }
    EXPECT_NEAR(slow["latency_s"].get<double>(), 2 * fast["latency_s"].get<double>(),
                fast["latency_s"].get<double>() * 2e-3);
}

// energy_j is the system's: the CPU (retired instructions by class times cpu.e_*, sleep) plus
// the accelerator (the firmware's own ENERGY_FJ counter over the same batches).
TEST_F(CimxRun, EnergyIsTheSystemsWithItsBreakdown) {
    auto j = run_json(small_run(), "base.json");
    const auto& b = j["energy_breakdown_j"];
    double sum = 0;
    for (const auto& [name, v] : b.items()) sum += v.get<double>();
    EXPECT_NEAR(j["energy_j"].get<double>(), sum, sum * 1e-12);
    const auto& batched = region(j, 1);
    const auto& params = j["vp_stats"]["cpu_energy_params"];
    double cpu_pj =
        batched["sleep_cycles"].get<double>() * params["e_sleep_pj_per_cycle"].get<double>();
    for (const auto& [cls, n] : batched["retired_by_class"].items())
        cpu_pj += n.get<double>() * params["e_" + cls + "_pj"].get<double>();
    EXPECT_NEAR(b["cpu"].get<double>(), cpu_pj * 1e-12 / 8, b["cpu"].get<double>() * 1e-9);
    double xbar = 0;
    for (const char* part : {"xbar_mvm", "xbar_adc", "xbar_dma", "xbar_program", "xbar_periphery"})
        xbar += b[part].get<double>();
    const double fw_xbar = j["firmware_stats"]["xbar_energy_fj"].get<double>() * 1e-15 / 8;
    EXPECT_NEAR(xbar, fw_xbar, 1e-15 * j["firmware_stats"]["xbar_mvm_commands"].get<double>());
    EXPECT_GT(b["cpu"].get<double>(), 0);
    EXPECT_GT(b["xbar_mvm"].get<double>(), 0);
    EXPECT_GT(b["xbar_adc"].get<double>(), 0);

    // Twice every CPU energy parameter: twice the CPU energy, the accelerator's unchanged.
    std::vector<std::string> doubled;
    for (const auto& [key, v] : params.items())
        doubled.insert(doubled.end(), {"--cpu." + key, std::to_string(2 * v.get<double>())});
    auto d = run_json(small_run(doubled), "doubled.json");
    EXPECT_NEAR(d["energy_breakdown_j"]["cpu"].get<double>(), 2 * b["cpu"].get<double>(),
                b["cpu"].get<double>() * 1e-9);
    EXPECT_DOUBLE_EQ(d["energy_breakdown_j"]["xbar_mvm"].get<double>(),
                     b["xbar_mvm"].get<double>());
}

// The ADC is its own component: every conversion of the batch loop costs the Walden figure of
// merit times 2^bits (docs/crossbar/timing-energy.md), and nothing else moves to it.
TEST_F(CimxRun, AdcEnergyIsItsOwnComponent) {
    auto j =
        run_json(small_run({"--xbar.adc_bits", "5", "--xbar.e_adc_step_fj", "30"}), "adc.json");
    const auto& b = j["energy_breakdown_j"];
    const double conversions = region(j, 1)["xbar"]["conversions"].get<double>();
    ASSERT_GT(conversions, 0);
    const double adc = conversions * 30e-15 * 32 / 8;
    EXPECT_NEAR(b["xbar_adc"].get<double>(), adc, adc * 1e-9);
    // The VP's legacy xbar.mvm_j is the MVMs with their ADC: the two parts add up to it.
    const double mvm_j = region(j, 1)["xbar"]["mvm_j"].get<double>() / 8;
    EXPECT_NEAR(b["xbar_mvm"].get<double>() + b["xbar_adc"].get<double>(), mvm_j, mvm_j * 1e-9);
    EXPECT_GT(b["xbar_mvm"].get<double>(), 0);
}

} // namespace
