// `cimx train`: option parsing, data loading, progress lines and the QONNX export around the
// trainer in train/.
#include "cimx/commands.h"

#include "dataset/dataset.h"
#include "dataset/validation_split.h"
#include "compiler/qonnx/input_scale.h"
#include "compiler/qonnx/onnx_io.h"
#include "cimx/train/architectures.h"
#include "cimx/train/trainer.h"

#include <boost/program_options.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace po = boost::program_options;

namespace cimx {
namespace {

struct TrainArgs {
    train::ArchSpec arch;
    train::TrainOptions opt;
    std::string quant, channels, output, dataset;
    int64_t train_limit = 0, test_limit = 0, validation = 0;
    bool report_test = false;
};

po::options_description train_options(TrainArgs& a) {
    po::options_description d("cimx train options");
    auto add = d.add_options();
    add("help,h", "show this help");
    add("arch", po::value(&a.arch.arch)->default_value("mlp"), "mlp or cnn");
    add("quant", po::value(&a.quant)->default_value("bnn"), "bnn (binary) or tnn (ternary)");
    add("output,o", po::value(&a.output)->required(), "QONNX file to write");
    add("epochs", po::value(&a.opt.epochs)->default_value(10), "training epochs");
    add("batch-size", po::value(&a.opt.batch)->default_value(100), "mini-batch size");
    add("lr", po::value(&a.opt.lr)->default_value(2e-3f),
        "Adam learning rate (cosine-decayed to 0)");
    add("seed", po::value(&a.opt.seed)->default_value(1), "random seed (weights and shuffling)");
    add("threads", po::value(&a.opt.threads)->default_value(2), "threads (results depend on it)");
    add("hidden", po::value(&a.arch.hidden)->default_value(512), "mlp: hidden layer width");
    add("channels", po::value(&a.channels)->default_value("32,64,64"),
        "cnn: conv output channels c1,c2,c3");
    add("cnn-dense", po::value(&a.arch.cnn_dense)->default_value(0),
        "cnn: extra hidden dense width (0 = none)");
    add("pool-first", po::bool_switch(&a.arch.pool_first),
        "cnn: Conv Pool BN Act instead of Conv BN Act Pool");
    add("dataset", po::value(&a.dataset)->default_value(default_dataset_dir()),
        "directory with train-/t10k- IDX files (plain or .gz)");
    add("train-limit", po::value(&a.train_limit)->default_value(0),
        "use only the first N training images");
    add("validation", po::value(&a.validation)->default_value(0),
        "hold out the last N training images (after --train-limit) as the validation split "
        "and report its accuracy after every epoch; make recipe decisions on it");
    add("report-test", po::bool_switch(&a.report_test),
        "also read the test split and report its accuracy after every epoch (for the record "
        "only; without this option the test files are never opened)");
    add("test-limit", po::value(&a.test_limit)->default_value(0),
        "with --report-test: use only the first N test images");
    return d;
}

std::vector<int64_t> parse_channels(const std::string& s) {
    std::vector<int64_t> out;
    std::stringstream ss(s);
    for (std::string item; std::getline(ss, item, ',');) {
        const long v = std::stol(item);
        if (v < 1) throw std::invalid_argument("channel counts must be positive");
        out.push_back(v);
    }
    return out;
}

std::string command_line(const std::vector<std::string>& args) {
    std::string s = "cimx train";
    for (const auto& a : args) s += " " + a;
    return s;
}

// What the run trains on and measures: the training file's first images for training, its
// last --validation images for validation, the test file only with --report-test.
struct Splits {
    ValidationSplit train_val;
    Dataset test;
    int64_t classes = 0;
};

Splits load_splits(const TrainArgs& a) {
    if (a.test_limit != 0 && !a.report_test)
        throw std::invalid_argument("--test-limit needs --report-test");
    if (a.opt.epochs < 1 || a.opt.batch < 1 || a.opt.threads < 1)
        throw std::invalid_argument("--epochs, --batch-size and --threads must be >= 1");
    Splits s;
    const Dataset all = load_split(a.dataset, "train").head(a.train_limit);
    s.train_val = split_off_validation(all, a.validation);
    if (s.train_val.train.count < a.opt.batch)
        throw std::invalid_argument(std::to_string(s.train_val.train.count) +
                                    " training images are fewer than one batch (" +
                                    "--batch-size " + std::to_string(a.opt.batch) + ")");
    // The network's shape comes from the training file alone, never from the test file.
    s.classes = all.num_classes;
    if (a.report_test) s.test = load_split(a.dataset, "t10k").head(a.test_limit);
    return s;
}

std::vector<train::MonitoredSet> monitored_sets(const TrainArgs& a, const Splits& s) {
    std::vector<train::MonitoredSet> m;
    if (a.validation > 0) m.push_back({"val", &s.train_val.validation});
    if (a.report_test) m.push_back({"test", &s.test});
    return m;
}

// "images 55000-59999": which images of the training file are the validation split.
std::string validation_images(const ValidationSplit& tv) {
    return "images " + std::to_string(tv.first_validation) + "-" +
           std::to_string(tv.first_validation + tv.validation.count - 1);
}

std::string describe_splits(const TrainArgs& a, const Splits& s) {
    const ValidationSplit& tv = s.train_val;
    std::string d = std::to_string(tv.train.count) + " training images (training file images 0-" +
                    std::to_string(tv.first_validation - 1) + ")";
    if (a.validation > 0)
        d += ", " + std::to_string(tv.validation.count) + " validation (" + validation_images(tv) +
             ")";
    d += a.report_test ? ", " + std::to_string(s.test.count) + " test" : ", test split not read";
    return d;
}

std::string accuracies(const std::vector<train::MonitoredSet>& m, const train::EpochStats& st) {
    std::string out;
    char buf[48];
    for (size_t i = 0; i < m.size(); ++i) {
        std::snprintf(buf, sizeof buf, "  %s acc %.4f", m[i].name.c_str(), st.accuracy[i]);
        out += buf;
    }
    return out;
}

int run_training(TrainArgs& a, const std::vector<std::string>& args) {
    const auto t0 = std::chrono::steady_clock::now();
    a.arch.quant = train::parse_quant_kind(a.quant);
    a.arch.channels = parse_channels(a.channels);
    const Splits splits = load_splits(a);
    const Dataset& train_set = splits.train_val.train;
    const std::vector<train::MonitoredSet> monitored = monitored_sets(a, splits);
    train::set_threads(a.opt.threads);
    train::Rng init_rng(a.opt.seed);
    train::Network net =
        train::build_network(a.arch, train_set.rows, train_set.cols, splits.classes, init_rng);
    std::cout << "cimx train: " << net.describe() << "\n"
              << "  " << describe_splits(a, splits) << "; seed " << a.opt.seed << ", "
              << a.opt.threads << " threads" << std::endl;
    auto progress = [&](const train::EpochStats& s) {
        std::printf("epoch %3d/%d  loss %.4f  train acc %.4f%s  %.1f s\n", s.epoch, a.opt.epochs,
                    s.loss, s.train_acc, accuracies(monitored, s).c_str(), s.seconds);
        std::fflush(stdout);
    };
    const auto stats = train::train(net, train_set, monitored, a.opt, progress);
    const double total =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::string doc = "made by: " + command_line(args) + "\nseed: " + std::to_string(a.opt.seed) +
                      "\nlayers: " + net.describe() + "\ninput: pixel / 255, shape [N,1,H,W]";
    if (a.validation > 0)
        doc += "\nvalidation split (not trained on): training file " +
               validation_images(splits.train_val);
    qonnx::Graph model = net.export_qonnx(a.arch.arch + "_" + a.quant, train_set.rows,
                                          train_set.cols, splits.classes, doc);
    model.metadata[qonnx::kInputScaleKey] = qonnx::kDefaultInputScale; // the trainer's pixel/255
    qonnx::write_model(model, a.output);
    const std::string last = stats.empty() || monitored.empty()
                                 ? ""
                                 : "last epoch" + accuracies(monitored, stats.back());
    std::printf("wrote %s  (%s%s%.1f s total)\n", a.output.c_str(), last.c_str(),
                last.empty() ? "" : ", ", total);
    return 0;
}

} // namespace

int train_command(const std::vector<std::string>& args) {
    TrainArgs a;
    const po::options_description desc = train_options(a);
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(args).options(desc).run(), vm);
        if (vm.count("help")) {
            std::cout
                << "usage: cimx train --arch mlp|cnn --quant bnn|tnn -o MODEL.onnx [options]\n"
                << desc;
            return 0;
        }
        po::notify(vm);
    } catch (const std::exception& e) {
        std::cerr << "cimx train: error: " << e.what() << "\n";
        return 2;
    }
    try {
        return run_training(a, args);
    } catch (const std::invalid_argument& e) {
        std::cerr << "cimx train: error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "cimx train: error: " << e.what() << "\n";
        return 1;
    }
}

} // namespace cimx
