// `cimx run --model M.onnx`: compile (or reuse a cached build of) the model's
// firmware with cimc, run it on cimvp over test images, and report top-1
// accuracy (with the ideal-crossbar baseline from cimc's reference executor
// on the same images), simulated latency and energy per inference, MIPS and
// host time. Options cimx does not know (--xbar.*, --cpu.*, --seed, ...) go to
// cimvp; --xbar.* also to cimc, since the program depends on the crossbar.
#include "commands.h"

#include "dataset/dataset.h"
#include "dataset/firmware_images.h"
#include "dataset/image_shape.h"
#include "qonnx/onnx_io.h"
#include "run/process.h"
#include "run/run_progress.h"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace cimx {
namespace {

struct RunArgs {
    std::string model, config, json, dataset, cache, first_layer = "cpu";
    std::string images_file, labels_file; // a user's dataset (IDX or .npy) instead of --dataset
    int64_t images = 0, first = 0, batch = 32;
    bool quiet = false;
    std::vector<std::string> cimc_extra, vp_extra; // forwarded options
    bool calibration_data_given = false;
};

struct RunError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

po::options_description run_options(RunArgs& a) {
    po::options_description d(
        "cimx run options (others, e.g. --xbar.mapping, --seed, --cpu.clock_mhz, go to cimvp)");
    d.add_options()("help,h", "show this help")("model", po::value(&a.model)->required(),
                                                "QONNX model (also the first positional argument)")(
        "config", po::value(&a.config),
        "platform config file for cimc and cimvp (vp-configs/*.cfg)")(
        "images", po::value(&a.images)->default_value(0), "test images to run (0 = all 10,000)")(
        "first", po::value(&a.first)->default_value(0), "index of the first test image")(
        "json", po::value(&a.json), "write the result as one JSON record to this file")(
        "dataset", po::value(&a.dataset)->default_value(default_dataset_dir()),
        "directory with t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz]")(
        "images-file", po::value(&a.images_file),
        "image file, IDX or .npy, integers 0..255 (instead of --dataset)")(
        "labels-file", po::value(&a.labels_file), "label file, IDX or .npy (with --images-file)")(
        "batch", po::value(&a.batch)->default_value(32), "images per batch (cimc --batch)")(
        "first-layer", po::value(&a.first_layer)->default_value("cpu"),
        "cpu | xbar (cimc --first-layer)")(
        "cache", po::value(&a.cache),
        "directory of compiled firmware builds (default ~/.cache/cimx)")("quiet,q",
                                                                         "only the result lines")(
        "list-options", "print the names of cimx run's own options, one per line (cimx sweep)");
    return d;
}

uint64_t fnv1a(const std::string& s, uint64_t h = 1469598103934665603ull) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw RunError(path + ": cannot read");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// "pred <index> <class>" lines, in order, and "stat <name> <value>" lines.
struct FirmwareOutput {
    std::vector<int> predictions;
    std::map<std::string, double> stats;
};

FirmwareOutput parse_output(const std::string& out, int64_t first, int64_t n,
                            const std::string& who) {
    FirmwareOutput f;
    std::istringstream lines(out);
    std::string line, word;
    while (std::getline(lines, line)) {
        std::istringstream l(line);
        l >> word;
        if (word == "pred") {
            int64_t index = -1;
            int cls = -1;
            l >> index >> cls;
            if (index != first + int64_t(f.predictions.size()))
                throw RunError(who + ": unexpected prediction line '" + line + "'");
            f.predictions.push_back(cls);
        } else if (word == "stat") {
            std::string name;
            double v = 0;
            l >> name >> v;
            f.stats[name] = v;
        }
    }
    if (int64_t(f.predictions.size()) != n)
        throw RunError(who + ": " + std::to_string(f.predictions.size()) + " predictions for " +
                       std::to_string(n) + " images");
    return f;
}

double top1(const std::vector<int>& pred, const Dataset& d, int64_t first) {
    int64_t correct = 0;
    for (size_t i = 0; i < pred.size(); ++i) correct += pred[i] == d.labels[size_t(first) + i];
    return pred.empty() ? 0.0 : double(correct) / double(pred.size());
}

std::vector<std::string> cimc_common(const RunArgs& a) {
    std::vector<std::string> v = {tool_path("CIMX_CIMC", CIMX_CIMC_PATH),
                                  a.model,
                                  "-q",
                                  "--batch",
                                  std::to_string(a.batch),
                                  "--first-layer",
                                  a.first_layer};
    if (!a.config.empty()) v.insert(v.end(), {"--config", a.config});
    v.insert(v.end(), a.cimc_extra.begin(), a.cimc_extra.end());
    // ADC calibration images: the training set next to the test set --dataset points at.
    if (!a.calibration_data_given)
        v.insert(v.end(), {"--calibration-data", split_file(a.dataset, "train", "images")});
    return v;
}

// Compiles into the cache unless a build for the same model bytes and options is there.
std::string compile(const RunArgs& a) {
    std::vector<std::string> argv = cimc_common(a);
    std::string key = read_file(a.model);
    if (!a.config.empty()) key += read_file(a.config);
    for (const std::string& s : argv) key += "\n" + s;
    const char* home = std::getenv("HOME");
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    fs::path cache = !a.cache.empty() ? fs::path(a.cache)
                     : xdg && *xdg    ? fs::path(xdg) / "cimx"
                                      : fs::path(home ? home : "/tmp") / ".cache" / "cimx";
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(key)));
    fs::path dir = cache / hex;
    const fs::path elf = dir / "firmware.elf";
    if (fs::exists(elf)) return elf.string();
    // Build beside the entry and rename it into place, so that concurrent runs of the same
    // model (cimx sweep -j) never use a half-written build; the first rename wins.
    fs::create_directories(cache);
    const fs::path tmp = cache / (std::string(hex) + ".tmp" + std::to_string(getpid()));
    fs::remove_all(tmp);
    argv.insert(argv.end(), {"-o", tmp.string()});
    ToolResult r = run_tool(argv);
    if (r.exit_code != 0) {
        fs::remove_all(tmp);
        throw RunError("cimc failed (exit " + std::to_string(r.exit_code) + ") on " + a.model);
    }
    std::error_code ec;
    fs::rename(tmp, dir, ec);
    if (ec && !fs::exists(elf)) { // a stale entry without a build: replace it
        fs::remove_all(dir);
        fs::rename(tmp, dir, ec);
    }
    if (ec) fs::remove_all(tmp);
    return elf.string();
}

// Splits off the options cimx run does not know: "--key value" or "--key=value"
// go to cimvp, and to cimc as well when the key is an xbar.* one.
std::vector<std::string> forward_unknown(const std::vector<std::string>& args,
                                         const po::options_description& known, RunArgs& a) {
    std::vector<std::string> own;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& t = args[i];
        std::string key = t.rfind("--", 0) == 0 ? t.substr(2, t.find('=') - 2) : "";
        if (key.empty() || known.find_nothrow(key, false)) {
            own.push_back(t);
            continue;
        }
        std::vector<std::string> tokens = {t};
        if (t.find('=') == std::string::npos && i + 1 < args.size() &&
            args[i + 1].rfind("-", 0) != 0)
            tokens.push_back(args[++i]);
        // cimc's ADC calibration options go to cimc only.
        const bool calibration = key == "adc-calibration" || key == "calibration-images" ||
                                 key == "adc-percentile" || key == "calibration-data" ||
                                 key == "input-scale"; // cimc's options only
        for (const std::string& tok : tokens) {
            if (!calibration) a.vp_extra.push_back(tok);
            if (calibration || key.rfind("xbar.", 0) == 0) a.cimc_extra.push_back(tok);
        }
        if (key == "calibration-data") a.calibration_data_given = true;
    }
    return own;
}

} // namespace

int run_command(const std::vector<std::string>& args) {
    RunArgs a;
    po::options_description desc = run_options(a);
    po::positional_options_description pos;
    pos.add("model", 1);
    po::variables_map vm;
    try {
        const std::vector<std::string> own = forward_unknown(args, desc, a);
        po::store(po::command_line_parser(own).options(desc).positional(pos).run(), vm);
        if (vm.count("list-options")) {
            for (const auto& o : desc.options()) std::cout << o->long_name() << "\n";
            return 0;
        }
        if (vm.count("help")) {
            std::cout << "usage: cimx run MODEL.onnx [options] [cimvp options]\n" << desc;
            return 0;
        }
        po::notify(vm);
        a.quiet = vm.count("quiet") > 0;
        if (a.images < 0 || a.first < 0 || a.batch < 1)
            throw po::error("--images, --first >= 0, --batch >= 1");
    } catch (const po::error& e) {
        std::cerr << "cimx run: error: " << e.what() << "\n";
        return 2;
    }

    auto t0 = std::chrono::steady_clock::now();
    fs::path work;
    try {
        if (!fs::exists(a.model)) throw RunError(a.model + ": no such model file");
        if (a.images_file.empty() != a.labels_file.empty())
            throw RunError("--images-file and --labels-file go together");
        // Unscaled pixels: the firmware reads them as bytes, cimc folds the input scale.
        const Dataset data = a.images_file.empty()
                                 ? load_split(a.dataset, "t10k", 1.0f)
                                 : load_dataset(a.images_file, a.labels_file, 1.0f);
        const std::string images_path =
            a.images_file.empty() ? split_file(a.dataset, "t10k", "images") : a.images_file;
        const std::vector<int64_t> model_input = qonnx::read_model(a.model).inputs.at(0).shape;
        check_image_shape(data.shape, {model_input.begin() + 1, model_input.end()}, images_path,
                          a.model);
        if (a.first >= data.count)
            throw RunError("--first " + std::to_string(a.first) + " is beyond the " +
                           std::to_string(data.count) + " test images");
        const int64_t n =
            a.images ? std::min(a.images, data.count - a.first) : data.count - a.first;

        char tmpl[] = "/tmp/cimx-run-XXXXXX";
        if (!mkdtemp(tmpl)) throw RunError("cannot create a temporary directory");
        work = tmpl;
        const std::string images = (work / "images.idx").string(),
                          stats = (work / "vp.json").string();
        write_firmware_images(
            firmware_pixels(data.images, a.first, n, data.pixels(), images_path), n,
            data.pixels(), data.shape.size() == 2 ? data.rows : 0, data.cols, images);

        const std::string elf = compile(a);
        std::vector<std::string> vp = {tool_path("CIMX_CIMVP", CIMX_CIMVP_PATH), "-q",
                                       "--stats-json", stats};
        if (!a.config.empty()) vp.insert(vp.end(), {"--config", a.config});
        vp.insert(vp.end(), a.vp_extra.begin(), a.vp_extra.end());
        vp.insert(vp.end(), {elf, "--", images});
        RunProgress progress(n, !a.quiet, isatty(STDERR_FILENO) == 1);
        ToolResult run = run_tool(vp, [&](const char* d, size_t k) { progress.output(d, k); });
        progress.finish();
        if (run.exit_code != 0)
            throw RunError("cimvp failed (exit " + std::to_string(run.exit_code) + ")");
        FirmwareOutput fw = parse_output(run.out, 0, n, "firmware");

        std::vector<std::string> ref = cimc_common(a);
        ref.insert(ref.end(), {"--reference", images});
        ToolResult base = run_tool(ref);
        if (base.exit_code != 0)
            throw RunError("cimc --reference failed (exit " + std::to_string(base.exit_code) + ")");
        FirmwareOutput baseline = parse_output(base.out, 0, n, "cimc --reference");

        nlohmann::json vpj = nlohmann::json::parse(read_file(stats));
        const double host_s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double images_d = double(n);
        const double latency = fw.stats["per_image_ns"] * 1e-9;
        const double busy = fw.stats["xbar_busy_ns"] * 1e-9 / images_d;
        const double mvm =
            vpj["xbar"]["mvm_s"].get<double>() / images_d; // MVMs happen only in inference
        const double energy = fw.stats["xbar_energy_fj"] * 1e-15 / images_d;
        const double mvm_j = vpj["xbar"]["mvm_j"].get<double>() / images_d;
        const double setup_s = fw.stats["setup_ns"] * 1e-9;
        // The firmware's counters cover the inference only; the VP's the whole run.
        const double setup_j =
            std::max(0.0, vpj["xbar"]["energy_j"].get<double>() - energy * images_d);

        nlohmann::json j = {{"model", a.model},
                            {"images", n},
                            {"first", a.first},
                            {"top1", top1(fw.predictions, data, a.first)},
                            {"baseline_top1", top1(baseline.predictions, data, a.first)},
                            {"predictions", fw.predictions},
                            {"baseline_predictions", baseline.predictions},
                            {"latency_s", latency},
                            {"latency_breakdown_s",
                             {{"cpu", latency - busy},
                              {"xbar_mvm", mvm},
                              {"xbar_dma_and_reprogramming", busy - mvm},
                              {"waiting_for_xbar", busy}}},
                            {"energy_j", energy},
                            {"energy_breakdown_j",
                             {{"xbar_mvm", mvm_j},
                              {"xbar_dma_and_reprogramming", energy - mvm_j},
                              {"cpu", nullptr}}},
                            {"setup_s", setup_s},
                            {"setup_energy_j", setup_j},
                            {"mips", vpj["mips"]},
                            {"host_s", host_s},
                            {"vp_host_s", vpj["host_s"]},
                            {"params",
                             {{"config", a.config},
                              {"batch", a.batch},
                              {"first_layer", a.first_layer},
                              {"options", a.vp_extra},
                              {"cimc_options", a.cimc_extra},
                              {"seed", vpj["seed"]}}},
                            {"vp_stats", vpj},
                            {"firmware_stats", fw.stats}};
        if (!a.json.empty()) {
            std::ofstream out(a.json);
            out << j.dump(1) << "\n";
            if (!out) throw RunError(a.json + ": cannot write");
        }
        std::printf("top1 %.4f (baseline, ideal crossbar: %.4f) on %lld images\n",
                    j["top1"].get<double>(), j["baseline_top1"].get<double>(),
                    static_cast<long long>(n));
        std::printf("latency/inference %.3f us: cpu %.3f us, crossbar busy %.3f us (mvm %.3f us, "
                    "dma+reprogramming %.3f us), simulated\n",
                    latency * 1e6, (latency - busy) * 1e6, busy * 1e6, mvm * 1e6,
                    (busy - mvm) * 1e6);
        std::printf("energy/inference %.3f nJ (crossbar mvm %.3f nJ, dma+reprogramming %.3f nJ; "
                    "cpu not modelled)\n",
                    energy * 1e9, mvm_j * 1e9, (energy - mvm_j) * 1e9);
        std::printf("setup %.3f us, %.3f nJ (programming the resident tiles, once)\n",
                    setup_s * 1e6, setup_j * 1e9);
        std::printf("simulation %.1f MIPS, host %.2f s\n", vpj["mips"].get<double>(), host_s);
    } catch (const std::exception& e) {
        std::cerr << "cimx run: error: " << e.what() << "\n";
        if (!work.empty()) fs::remove_all(work);
        return 1;
    }
    fs::remove_all(work);
    return 0;
}

} // namespace cimx
