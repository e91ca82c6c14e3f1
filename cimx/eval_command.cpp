// `cimx eval MODEL.onnx`: top-1 accuracy of a QONNX model on a dataset, computed by the host
// executor with the model's own semantics.
#include "cimx/commands.h"

#include "dataset/dataset.h"
#include "cimx/eval/model_eval.h"
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/input_scale.h"
#include "compiler/qonnx/onnx_io.h"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>

namespace po = boost::program_options;

namespace cimx {
namespace {

struct EvalArgs {
    std::string model, json, dataset, images_file, labels_file, input_scale;
    int64_t images = 0, batch = 100;
    int threads = 2;
};

po::options_description eval_options(EvalArgs& a) {
    po::options_description d("cimx eval options");
    auto add = d.add_options();
    add("help,h", "show this help");
    add("model", po::value(&a.model)->required(),
        "QONNX model file (also the first positional argument)");
    add("images", po::value(&a.images)->default_value(0),
        "evaluate the first N test images (0 = all)");
    add("json", po::value(&a.json), "also write the result as JSON to this file");
    add("dataset", po::value(&a.dataset)->default_value(default_dataset_dir()),
        "directory with t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz]");
    add("images-file", po::value(&a.images_file),
        "image file, IDX or NumPy .npy, [N, ...] in a shape the model's input takes (instead of "
        "--dataset)");
    add("labels-file", po::value(&a.labels_file),
        "label file, IDX or .npy, [N] (with --images-file)");
    add("input-scale", po::value(&a.input_scale)->value_name("S"),
        "model input = pixel x S, e.g. 1/255 or 1 (default: the model's metadata "
        "cimvp.input_scale, else 1/255)");
    add("batch", po::value(&a.batch)->default_value(100), "images per executor run");
    add("threads", po::value(&a.threads)->default_value(2),
        "threads (results do not depend on it)");
    return d;
}

void write_json(const EvalArgs& a, const EvalResult& r, const qonnx::InputScale& scale) {
    nlohmann::json j = {{"model", a.model},
                        {"images", r.images},
                        {"top1", r.top1()},
                        {"correct", r.correct},
                        {"seconds", r.seconds},
                        {"input_scale", scale.text},
                        {"input_scale_source", scale.source},
                        {"predictions", r.predictions}};
    std::ofstream out(a.json);
    if (!out) throw std::runtime_error(a.json + ": cannot open for writing");
    out << j.dump(1) << "\n";
}

int run_eval(const EvalArgs& a) {
    if (a.images_file.empty() != a.labels_file.empty())
        throw std::invalid_argument("--images-file and --labels-file go together");
    if (a.batch < 1 || a.threads < 1)
        throw std::invalid_argument("--batch and --threads must be >= 1");
    const qonnx::Executor model(qonnx::read_model(a.model));
    qonnx::InputScale scale;
    try {
        scale = qonnx::resolve_input_scale(model.graph(), a.input_scale, a.model);
    } catch (const qonnx::QonnxError& e) {
        if (!a.input_scale.empty()) throw std::invalid_argument(e.what());
        throw;
    }
    const std::string input = model.graph().inputs.at(0).name;
    const std::string dtype = model.graph().finn_datatype(input);
    if (scale.source == "default" && (dtype == "UINT8" || dtype == "INT8"))
        std::cerr << "cimx eval: note: the model's input is annotated " << dtype
                  << " (raw pixels?); it gets pixel x 1/255 (the default); give --input-scale 1 "
                     "if it expects raw pixels\n";
    const Dataset data = a.images_file.empty()
                             ? load_split(a.dataset, "t10k", scale.value)
                             : load_dataset(a.images_file, a.labels_file, scale.value);
    const std::string images =
        a.images_file.empty() ? split_file(a.dataset, "t10k", "images") : a.images_file;
    const EvalResult r = evaluate_model(model, data, a.images, a.batch, a.threads, images, a.model);
    std::printf("%s: top-1 %.4f (%lld/%lld images), %.1f images/s\n", a.model.c_str(), r.top1(),
                static_cast<long long>(r.correct), static_cast<long long>(r.images),
                r.seconds > 0 ? double(r.images) / r.seconds : 0.0);
    if (!a.json.empty()) write_json(a, r, scale);
    return 0;
}

} // namespace

int eval_command(const std::vector<std::string>& args) {
    EvalArgs a;
    const po::options_description desc = eval_options(a);
    po::positional_options_description pos;
    pos.add("model", 1);
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
        if (vm.count("help")) {
            std::cout << "usage: cimx eval MODEL.onnx [options]\n" << desc;
            return 0;
        }
        po::notify(vm);
    } catch (const std::exception& e) {
        std::cerr << "cimx eval: error: " << e.what() << "\n";
        return 2;
    }
    try {
        return run_eval(a);
    } catch (const std::invalid_argument& e) {
        std::cerr << "cimx eval: error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "cimx eval: error: " << e.what() << "\n";
        return 1;
    }
}

} // namespace cimx
