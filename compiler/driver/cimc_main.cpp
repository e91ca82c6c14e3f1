// cimc: compiles a QONNX binary/ternary network into firmware for the VP, or runs the
// compiled program on the host (--reference). See docs/compiler.md.
//
//   cimc MODEL.onnx [--config FILE] [--xbar.KEY=V ...] [--batch N] [--first-layer cpu|xbar]
//        [--adc-calibration none|max|profile [--calibration-images N] [--adc-percentile P]
//         [--calibration-data IDX]] -o OUTDIR [--images IDX [--count N] [--first I]]
//   cimc MODEL.onnx [options] --reference IDX [--count N] [--first I]
#include "compiler/driver/compile.h"
#include "compiler/emit/build_firmware.h"
#include "compiler/emit/build_identity.h"
#include "compiler/emit/emit_c.h"
#include "compiler/ir/error.h"
#include "compiler/lower/host_model.h"
#include "compiler/passes/adc_calibration.h"
#include "compiler/passes/memory_budget.h"
#include "compiler/reference/reference_executor.h"
#include "ip/xbar/xbar_options.h"
#include "dataset/image_shape.h"
#include "compiler/qonnx/input_scale.h"

#include <boost/program_options.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace po = boost::program_options;

namespace {

struct Args {
    std::string model, outdir, config, reference, images, first_layer = "auto",
                                                          postprocess = "xbar";
    std::string adc_calibration = "none", input_scale;
    cimc::AdcCalibration calibration;
    uint32_t batch = 32, count = 0, first = 0;
    bool no_firmware = false, quiet = false, build_id = false;
    cimc::Toolchain toolchain = cimc::default_toolchain();
    xbar::XbarConfig xbar;
};

po::options_description options(Args& a) {
    po::options_description d("cimc options");
    d.add_options()("help,h", "print this help")("output,o",
                                                 po::value(&a.outdir)->value_name("DIR"),
                                                 "write model_data.c/.h and firmware.elf here")(
        "config", po::value(&a.config)->value_name("FILE"),
        "a cimvp config file ([xbar] section; others ignored)")(
        "batch", po::value(&a.batch)->default_value(32),
        "images per batch (and per MVM command of dense layers)")(
        "first-layer", po::value(&a.first_layer)->default_value("auto"),
        "cpu: the real-valued first layer on the CPU; xbar: on the crossbars by input bit "
        "slicing; auto: xbar where that is exact (an ideal ADC, xbar.adc_bits = 0), else cpu")(
        "postprocess", po::value(&a.postprocess)->default_value("xbar"),
        "xbar: each inference one command list, gathers, thresholds, pools on the accelerator's "
        "periphery; cpu: one command per tile, the rest on the CPU")(
        "reference", po::value(&a.reference)->value_name("IDX"),
        "run the compiled program on the host (exact crossbar) on these images, print predictions")(
        "images", po::value(&a.images)->value_name("IDX"),
        "with -o: write OUTDIR/images.idx (uncompressed)")(
        "count", po::value(&a.count)->default_value(0), "images to use (0: all)")(
        "input-scale", po::value(&a.input_scale)->value_name("S"),
        "model input = pixel x S, e.g. 1/255 or 1 (default: the model's metadata "
        "cimvp.input_scale, else 1/255); folded into the first layer")(
        "first", po::value(&a.first)->default_value(0), "index of the first image")(
        "no-firmware", po::bool_switch(&a.no_firmware),
        "only write model_data.c/.h")("riscv-gcc", po::value(&a.toolchain.gcc)->value_name("PATH"),
                                      "cross compiler (also $CIMC_RISCV_GCC)")(
        "source-dir", po::value(&a.toolchain.source_dir)->value_name("DIR"),
        "project source tree with sw/ (also $CIMC_SOURCE_DIR)")(
        "quiet,q", po::bool_switch(&a.quiet), "no summary on stderr")(
        "build-id", po::bool_switch(&a.build_id),
        "print a digest of what shapes the firmware besides the model and the options (this "
        "cimc, the cross compiler and C library, the runtime sources) and exit")(
        "adc-calibration", po::value(&a.adc_calibration)->default_value("none"),
        "ADC ranges the firmware sets per tile: none (the device's automatic range), max (that "
        "analytic range, set explicitly), profile (a percentile of the signals on calibration "
        "images)")("calibration-images",
                   po::value(&a.calibration.images)->default_value(a.calibration.images),
                   "profile: the last N images of --calibration-data")(
        "adc-percentile",
        po::value(&a.calibration.percentile)->default_value(a.calibration.percentile),
        "profile: the range's percentile P in (0, 100] of the layer's ADC input signals")(
        "calibration-data",
        po::value(&a.calibration.data)->default_value(cimc::default_calibration_data()),
        "profile: IDX file of calibration images (the training set, never the test set)");
    xbar::register_xbar_options(d);
    return d;
}

void parse(int argc, char** argv, Args& a, po::options_description& desc) {
    // --list-options and --check-options serve the tools that drive cimc: cimx run routes each
    // option to the tool that owns it, cimx sweep checks a sweep file before it runs.
    po::options_description hidden;
    hidden.add_options()("model", po::value(&a.model))(
        "list-options", "print every option's name, one per line, followed by ' VALUE' when it "
                        "takes a value, and exit")(
        "check-options", "check the options' values, compile nothing, exit 0 if they are valid");
    po::options_description all;
    all.add(desc).add(hidden);
    po::positional_options_description pos;
    pos.add("model", 1);
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    if (vm.count("list-options")) { // the format of cimvp's and cimx run's --list-options
        for (const auto& o : desc.options())
            std::cout << o->long_name() << (o->semantic()->max_tokens() > 0 ? " VALUE" : "")
                      << "\n";
        std::exit(0);
    }
    if (vm.count("help")) {
        std::cout << "usage: cimc MODEL.onnx [options] -o OUTDIR | --reference IMAGES.idx\n"
                  << desc;
        std::exit(0);
    }
    if (vm.count("config")) {
        const std::string file = vm["config"].as<std::string>();
        std::ifstream in(file);
        if (!in) throw cimc::CompileError(file + ": cannot open config file");
        po::store(po::parse_config_file(in, desc, true),
                  vm); // command line wins; other sections ignored
    }
    po::notify(vm);
    a.xbar = xbar::xbar_config_from(vm);
    if (a.first_layer != "cpu" && a.first_layer != "xbar" && a.first_layer != "auto")
        throw cimc::CompileError("--first-layer must be auto, cpu or xbar, not '" + a.first_layer +
                                 "'");
    if (a.postprocess != "cpu" && a.postprocess != "xbar")
        throw cimc::CompileError("--postprocess must be cpu or xbar, not '" + a.postprocess + "'");
    a.calibration.mode = cimc::parse_adc_calibration_mode(a.adc_calibration);
    cimc::check_adc_calibration(a.calibration);
    if (!a.input_scale.empty()) {
        try {
            qonnx::parse_input_scale(a.input_scale, "--input-scale");
        } catch (const std::exception& e) {
            throw cimc::CompileError(e.what());
        }
    }
    if (vm.count("check-options")) std::exit(0);
    if (a.build_id) return;
    if (a.model.empty()) throw cimc::CompileError("no model given (cimc MODEL.onnx -o OUTDIR)");
    if (a.outdir.empty() && a.reference.empty())
        throw cimc::CompileError("give -o OUTDIR or --reference IMAGES");
}

const char* engine_name(cimc::Engine e) {
    return e == cimc::Engine::cpu ? "cpu" : e == cimc::Engine::xbar ? "xbar" : "xbar (bit-sliced)";
}

void calibration_summary(const Args& a, const cimc::ImageRange& images) {
    if (a.calibration.mode == cimc::AdcCalibrationMode::none || a.outdir.empty()) return;
    if (a.calibration.mode == cimc::AdcCalibrationMode::max) {
        std::fprintf(stderr, "cimc: ADC calibration max: the automatic range of each tile, set by "
                             "the firmware\n");
        return;
    }
    std::fprintf(stderr,
                 "cimc: ADC calibration profile: percentile %g of each layer's ADC input "
                 "signals on an ideal crossbar, images %u..%u of %s\n",
                 a.calibration.percentile, images.first, images.first + images.count - 1,
                 a.calibration.data.c_str());
}

void summary(const cimc::Network& net, const cimc::MemoryUse& mem) {
    std::fprintf(stderr,
                 "cimc: %s: %zu layers, %d crossbars used, %d tile(s) re-programmed per batch\n",
                 net.model_path.c_str(), net.layers.size(), net.target.crossbars_used,
                 net.target.streamed_tiles);
    std::fprintf(stderr, "cimc:   input: pixel x %s (%s)%s\n", net.input_stage.scale.text.c_str(),
                 net.input_stage.scale.source.c_str(),
                 net.input_stage.ops.empty() ? ""
                 : net.input_stage.kind == cimc::InputStage::Kind::levels
                     ? ", binarised by the model's input quantizer"
                 : net.input_stage.kind == cimc::InputStage::Kind::codes
                     ? ", codes of the model's input quantizer"
                     : ", then the model's input nodes");
    for (const cimc::Layer& l : net.layers) {
        const std::string adc = cimc::adc_range_summary(l);
        std::fprintf(stderr, "cimc:   %s: %lld x %lld (x%lld positions), %s, %zu tiles%s%s\n",
                     l.node.c_str(), static_cast<long long>(l.outputs),
                     static_cast<long long>(l.patch_len), static_cast<long long>(l.positions),
                     engine_name(l.engine), l.tiles.size(), adc.empty() ? "" : ", ", adc.c_str());
    }
    std::fprintf(stderr, "cimc: tables %.2f MiB, workspace %.2f MiB (batch %u)\n",
                 double(mem.constants) / (1 << 20), double(mem.workspace) / (1 << 20),
                 net.target.batch);
}

// Every image file against the model's declared input (dataset/image_shape.h).
void check_shapes(const cimc::Network& net, const Args& a, std::vector<const cimc::ImageSet*> sets,
                  std::vector<std::string> paths) {
    for (size_t i = 0; i < sets.size(); ++i) {
        if (paths[i].empty() || sets[i]->dims.empty()) continue;
        try {
            cimx::check_image_shape(sets[i]->dims, net.input_dims, paths[i], a.model);
        } catch (const std::exception& e) {
            throw cimc::CompileError(e.what());
        }
    }
}

void print_predictions(const std::vector<uint16_t>& preds, uint32_t first) {
    std::string out;
    for (size_t i = 0; i < preds.size(); ++i)
        out += "pred " + std::to_string(first + i) + " " + std::to_string(preds[i]) + "\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
}

int run(int argc, char** argv) {
    Args a;
    po::options_description desc = options(a);
    parse(argc, argv, a, desc);
    if (a.build_id) {
        std::cout << cimc::build_identity(a.toolchain) << "\n";
        return 0;
    }
    cimc::CompileOptions o;
    o.xbar = a.xbar;
    o.batch = a.batch;
    o.first_layer_xbar =
        a.first_layer == "xbar" || (a.first_layer == "auto" && a.xbar.adc.bits == 0);
    o.postprocess_xbar = a.postprocess == "xbar";
    o.input_scale = a.input_scale;
    // Inputs first, so that a missing file fails before any output is written.
    cimc::ImageSet reference_images, export_images, calibration_images;
    if (!a.reference.empty()) reference_images = cimc::read_images(a.reference);
    if (!a.images.empty()) export_images = cimc::read_images(a.images);
    // The ADC ranges only reach the emitted tables (the reference executor is exact and ignores
    // them), so --reference alone skips the calibration.
    const bool calibrate = !a.outdir.empty();
    cimc::ImageRange calibration_range;
    if (calibrate && a.calibration.mode == cimc::AdcCalibrationMode::profile) {
        calibration_images = cimc::read_images(a.calibration.data);
        calibration_range = cimc::calibration_image_range(calibration_images.count,
                                                          a.calibration.images, a.calibration.data);
    }
    cimc::Network net = cimc::compile_model(a.model, o);
    check_shapes(net, a, {&reference_images, &export_images, &calibration_images},
                 {a.reference, a.images, a.calibration.data});
    if (calibrate)
        cimc::calibrate_adc(net, a.xbar, a.calibration, &calibration_images, calibration_range);
    cimc::HostModel host(net);
    cimc::FirmwareLayout layout;
    layout.text_bytes = a.toolchain.text_size;
    layout.ram_bytes = a.toolchain.ram_size - a.toolchain.text_size;
    layout.stack_bytes = a.toolchain.stack_size;
    const cimc::MemoryUse mem = cimc::check_memory(net, *host.model(), layout);
    if (!a.outdir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(a.outdir, ec);
        if (ec) throw cimc::CompileError(a.outdir + ": cannot create directory: " + ec.message());
        cimc::emit_model_c(*host.model(), a.outdir);
        if (!a.no_firmware) cimc::build_firmware(a.toolchain, a.outdir);
        if (!a.images.empty()) {
            const uint32_t first = std::min(a.first, export_images.count);
            const uint32_t count = a.count ? std::min(a.count, export_images.count - first)
                                           : export_images.count - first;
            const uint32_t rows = net.input.spatial && net.input.c == 1 ? uint32_t(net.input.h) : 0;
            cimc::write_images(export_images, first, count, rows, uint32_t(net.input.w),
                               a.outdir + "/images.idx");
        }
    }
    std::vector<uint16_t> preds;
    const uint32_t first = std::min(a.first, reference_images.count);
    if (!a.reference.empty()) {
        const uint32_t count = a.count ? std::min(a.count, reference_images.count - first)
                                       : reference_images.count - first;
        preds = cimc::run_reference(*host.model(), reference_images, first, count);
    }
    if (!a.quiet) {
        calibration_summary(a, calibration_range);
        summary(net, mem);
    }
    if (!a.reference.empty()) print_predictions(preds, first);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::string what = e.what();
        for (char& c : what)
            if (c == '\n') c = ' ';
        std::fprintf(stderr, "cimc: error: %s\n", what.c_str());
        return 1;
    }
}
