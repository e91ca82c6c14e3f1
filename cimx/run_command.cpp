// `cimx run MODEL.onnx`: compile (or reuse a cached build of) the model's firmware with cimc,
// run it on cimvp over test images, and report top-1 accuracy (next to the ideal-crossbar
// baseline of cimc's reference executor on the same images), latency per inference,
// throughput, the system's energy per inference with its breakdown, MIPS and host time.
// The parts: run/run_options (command line, forwarding to cimc and cimvp),
// run/default_mapping, run/firmware_cache, run/firmware_output and run/vp_stats (the two
// tools' outputs as typed records), run/run_progress (the progress line), run/run_report (the
// figures).
#include "cimx/commands.h"

#include "dataset/dataset.h"
#include "dataset/firmware_images.h"
#include "dataset/image_shape.h"
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/input_scale.h"
#include "compiler/qonnx/onnx_io.h"
#include "cimx/run/default_mapping.h"
#include "cimx/run/firmware_cache.h"
#include "cimx/run/firmware_output.h"
#include "cimx/run/layer_report.h"
#include "cimx/run/process.h"
#include "cimx/run/reference_cache.h"
#include "cimx/run/run_error.h"
#include "cimx/run/run_options.h"
#include "cimx/run/run_progress.h"
#include "cimx/run/run_report.h"
#include "cimx/run/vp_stats.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace cimx {
namespace {

double top1(const std::vector<int>& pred, const Dataset& d, int64_t first) {
    int64_t correct = 0;
    for (size_t i = 0; i < pred.size(); ++i) correct += pred[i] == d.labels[size_t(first) + i];
    return pred.empty() ? 0.0 : double(correct) / double(pred.size());
}

// The images to run: --images from --first on, all of them with --images 0.
int64_t images_to_run(const RunOptions& a, int64_t available) {
    if (a.first >= available)
        throw RunUsageError("--first " + std::to_string(a.first) + " is beyond the " +
                            std::to_string(available) + " test images");
    if (a.images == 0) return available - a.first;
    if (a.first + a.images > available)
        throw RunUsageError("--images " + std::to_string(a.images) + " from --first " +
                            std::to_string(a.first) + " goes beyond the " +
                            std::to_string(available) + " test images");
    return a.images;
}

// The last value of option --key in argv ("--key VALUE" or "--key=VALUE"), or "".
std::string option_value(const std::vector<std::string>& argv, const std::string& key) {
    std::string value;
    for (size_t i = 0; i < argv.size(); ++i) {
        if (argv[i] == "--" + key && i + 1 < argv.size())
            value = argv[++i];
        else if (argv[i].rfind("--" + key + "=", 0) == 0)
            value = argv[i].substr(key.size() + 3);
    }
    return value;
}

// Without an xbar.mapping from the user, the model decides (BNN_I or TNN_I), and says so.
void choose_mapping(RunOptions& a) {
    if (a.mapping_given) return;
    const DefaultMapping d = default_mapping(a.model, a.first_layer == "xbar",
                                             option_value(a.cimc_extra, "input-scale"));
    for (auto* extra : {&a.cimc_extra, &a.vp_extra})
        extra->insert(extra->end(), {"--xbar.mapping", d.mapping});
    std::cerr << "cimx run: no xbar.mapping given: using " << d.mapping << " (" << d.reason
              << "; set --xbar.mapping to choose)\n";
}

// Without --calibration-data, cimc's ADC calibration images are the training set next to the
// test set --dataset points at (not cimc's own default), recorded with the other cimc options.
// A user's dataset (--images-file) has no training set we know of: profiled calibration then
// needs --calibration-data.
void choose_calibration_data(RunOptions& a) {
    if (a.calibration_data_given) return;
    if (!a.images_file.empty()) {
        if (option_value(a.cimc_extra, "adc-calibration") == "profile")
            throw RunUsageError("--adc-calibration profile with --images-file needs "
                                "--calibration-data (training images of that dataset, never the "
                                "test images)");
        return;
    }
    a.cimc_extra.insert(a.cimc_extra.end(),
                        {"--calibration-data", split_file(a.dataset, "train", "images")});
    a.calibration_data_given = true;
}

// The firmware to build: with profiled ADC calibration, the calibration images shape it too.
FirmwareBuild firmware_build(const RunOptions& a, const std::vector<std::string>& cimc) {
    FirmwareBuild b{cimc, a.model, a.config, ""};
    if (option_value(cimc, "adc-calibration") == "profile")
        b.calibration_data = option_value(cimc, "calibration-data");
    return b;
}

std::vector<std::string> cimc_argv(const RunOptions& a) {
    std::vector<std::string> v = {tool_path("CIMX_CIMC", CIMX_CIMC_PATH),
                                  a.model,
                                  "-q",
                                  "--batch",
                                  std::to_string(a.batch),
                                  "--first-layer",
                                  a.first_layer};
    if (!a.config.empty()) v.insert(v.end(), {"--config", a.config});
    v.insert(v.end(), a.cimc_extra.begin(), a.cimc_extra.end());
    return v;
}

FirmwareOutput run_firmware(const RunOptions& a, const std::string& elf, const std::string& images,
                            const std::string& stats, int64_t n) {
    std::vector<std::string> vp = {tool_path("CIMX_CIMVP", CIMX_CIMVP_PATH), "-q", "--stats-json",
                                   stats};
    if (!a.config.empty()) vp.insert(vp.end(), {"--config", a.config});
    vp.insert(vp.end(), a.vp_extra.begin(), a.vp_extra.end());
    const int64_t latency_images = a.latency_images ? std::min(a.latency_images, n) : n;
    vp.insert(vp.end(),
              {elf, "--", images, std::to_string(n), "0", std::to_string(latency_images)});
    // Progress on stderr from the firmware's prediction lines (phase 1); the latency phase
    // that follows prints none but counts in the time left.
    RunProgress progress(n, latency_images, !a.quiet, isatty(STDERR_FILENO) == 1);
    ToolResult run = run_tool(vp, [&](const char* d, size_t k) { progress.output(d, k); });
    progress.finish();
    if (run.exit_code != 0)
        throw RunError("cimvp failed (exit " + std::to_string(run.exit_code) + ")");
    return parse_firmware_output(run.out, 0, n, "firmware", true);
}

// The ideal-crossbar baseline: from the firmware's cache entry if this firmware already ran on
// these images (cimx/run/reference_cache.h), else from the host reference executor.
FirmwareOutput run_reference(const RunOptions& a, const std::string& images, int64_t n,
                             const std::string& cached_elf) {
    const std::string cached = cached_reference_output(cached_elf, images);
    if (!cached.empty()) {
        try {
            return parse_firmware_output(cached, 0, n, "cimc --reference (cached)", false);
        } catch (const std::exception&) {
            // Unusable (e.g. written by another cimc output format): run the executor again.
        }
    }
    std::vector<std::string> ref = cimc_argv(a);
    ref.insert(ref.end(), {"--reference", images});
    ToolResult base = run_tool(ref);
    if (base.exit_code != 0)
        throw RunError("cimc --reference failed (exit " + std::to_string(base.exit_code) + ")");
    FirmwareOutput out = parse_firmware_output(base.out, 0, n, "cimc --reference", false);
    store_reference_output(cached_elf, images, base.out);
    return out;
}

// The run's scratch directory (images, statistics, the ELF), in $TMPDIR or /tmp.
fs::path make_work_dir() {
    const char* tmpdir = std::getenv("TMPDIR");
    std::string tmpl = (fs::path(tmpdir && *tmpdir ? tmpdir : "/tmp") / "cimx-run-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw RunError(tmpl + ": cannot create a temporary directory");
    return tmpl;
}

// The images to run and what the model makes of them.
struct RunData {
    Dataset data; // the files' pixels, unscaled (Dataset::scale 1)
    std::string images_path, labels_path;
    qonnx::InputScale scale; // cimc's: model input = pixel x scale
};

// The files' pixels unscaled: the firmware reads them as bytes and cimc folds the input scale
// (--input-scale or the model's metadata) into the first layer.
RunData load_run_data(const RunOptions& a) {
    RunData r;
    r.images_path = a.images_file.empty() ? split_file(a.dataset, "t10k", "images") : a.images_file;
    r.labels_path = a.labels_file.empty() ? split_file(a.dataset, "t10k", "labels") : a.labels_file;
    const qonnx::Graph model = qonnx::read_model(a.model);
    const std::string option = option_value(a.cimc_extra, "input-scale");
    try {
        r.scale = qonnx::resolve_input_scale(model, option, a.model);
    } catch (const qonnx::QonnxError& e) {
        if (!option.empty()) throw RunUsageError(e.what());
        throw;
    }
    r.data = load_dataset(r.images_path, r.labels_path, 1.0f);
    const std::vector<int64_t>& input = model.inputs.at(0).shape;
    check_image_shape(r.data.shape, {input.begin() + 1, input.end()}, r.images_path, a.model);
    return r;
}

void run(RunOptions& a, const fs::path& work, std::chrono::steady_clock::time_point t0) {
    if (!fs::exists(a.model)) throw RunError(a.model + ": no such model file");
    const RunData in = load_run_data(a);
    const Dataset& data = in.data;
    const int64_t n = images_to_run(a, data.count);
    const std::vector<uint8_t> pixels =
        firmware_pixels(data.images, a.first, n, data.pixels(), in.images_path);
    choose_calibration_data(a);
    choose_mapping(a);
    const std::string images = (work / "images.idx").string(), stats = (work / "vp.json").string();
    write_firmware_images(pixels, n, data.pixels(), data.shape.size() == 2 ? data.rows : 0,
                          data.cols, images);

    CacheSettings cache{a.cache, !a.no_cache, a.quiet};
    const Firmware firmware =
        obtain_firmware(firmware_build(a, cimc_argv(a)), cache, work.string());
    const FirmwareOutput fw = run_firmware(a, firmware.elf, images, stats, n);
    const FirmwareOutput baseline = run_reference(a, images, n, firmware.cached_elf);
    const VpStats vp = read_vp_stats(stats);
    const RunMetrics m = compute_metrics(fw.stats, vp);
    const double host_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    nlohmann::json j = {{"model", a.model},
                        {"images", n},
                        {"first", a.first},
                        {"top1", top1(fw.predictions, data, a.first)},
                        {"baseline_top1", top1(baseline.predictions, data, a.first)},
                        {"predictions", fw.predictions},
                        {"baseline_predictions", baseline.predictions},
                        {"mips", vp.mips},
                        {"host_s", host_s},
                        {"vp_host_s", vp.host_s},
                        {"params",
                         {{"config", a.config},
                          {"batch", a.batch},
                          {"first_layer", a.first_layer},
                          {"images_file", in.images_path},
                          {"labels_file", in.labels_path},
                          {"input_scale", in.scale.text},
                          {"input_scale_source", in.scale.source},
                          {"cimc_options", a.cimc_extra},
                          {"cimvp_options", a.vp_extra},
                          {"seed", vp.seed}}},
                        {"vp_stats", vp.raw}};
    // cimvp ran a copy in the scratch directory, gone after the run: name the cached ELF
    // (null with --no-cache), so that the record says the same for the same firmware.
    j["vp_stats"]["firmware"] =
        firmware.cached_elf.empty() ? nlohmann::json(nullptr) : nlohmann::json(firmware.cached_elf);
    j.update(metrics_json(m));
    nlohmann::json fw_stats = nlohmann::json::object();
    for (const auto& [name, value] : firmware_stats_fields(fw.stats)) fw_stats[name] = value;
    j["firmware_stats"] = fw_stats;
    // Per layer: one image alone (the latency's split) and at the batch (the energy's).
    const std::vector<LayerRow> layers = layer_rows(
        region(vp, kRegionLatency), double(fw.stats.latency_images), fw.layer_names, vp.clock_hz);
    j["layers"] = layers_json(layers);
    j["layers_batch"] = layers_json(layer_rows(
        region(vp, kRegionThroughput), double(fw.stats.images), fw.layer_names, vp.clock_hz));
    if (!a.json.empty()) {
        std::ofstream out(a.json);
        out << j.dump(1) << "\n";
        if (!out) throw RunError(a.json + ": cannot write");
    }
    std::printf("top1 %.4f (baseline, ideal crossbar: %.4f) on %lld images\n",
                j["top1"].get<double>(), j["baseline_top1"].get<double>(),
                static_cast<long long>(n));
    print_metrics(m, vp, host_s);
    if (a.layers) print_layers(layers);
}

} // namespace

int run_command(const std::vector<std::string>& args) {
    const auto t0 = std::chrono::steady_clock::now();
    RunOptions a;
    fs::path work;
    try {
        a = parse_run_options(args);
        if (a.help || a.list_options) {
            std::cout << (a.help ? run_help() : run_option_list());
            return 0;
        }
        work = make_work_dir();
        run(a, work, t0);
    } catch (const RunUsageError& e) {
        std::cerr << "cimx run: error: " << e.what() << "\n";
        if (!work.empty()) fs::remove_all(work);
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "cimx run: error: " << e.what() << "\n";
        if (!work.empty()) fs::remove_all(work);
        return 1;
    }
    fs::remove_all(work);
    return 0;
}

} // namespace cimx
