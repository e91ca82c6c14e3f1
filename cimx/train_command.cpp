// `cimx train`: option parsing, data loading, progress lines and the QONNX export around the
// trainer in train/.
#include "commands.h"

#include "dataset/dataset.h"
#include "qonnx/input_scale.h"
#include "qonnx/onnx_io.h"
#include "train/architectures.h"
#include "train/trainer.h"

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
    int64_t train_limit = 0, test_limit = 0;
};

po::options_description train_options(TrainArgs& a) {
    po::options_description d("cimx train options");
    d.add_options()("help,h", "show this help")(
        "arch", po::value(&a.arch.arch)->default_value("mlp"), "mlp or cnn")(
        "quant", po::value(&a.quant)->default_value("bnn"), "bnn (binary) or tnn (ternary)")(
        "output,o", po::value(&a.output)->required(), "QONNX file to write")(
        "epochs", po::value(&a.opt.epochs)->default_value(10),
        "training epochs")("batch-size", po::value(&a.opt.batch)->default_value(100),
                           "mini-batch size")("lr", po::value(&a.opt.lr)->default_value(2e-3f),
                                              "Adam learning rate (cosine-decayed to 0)")(
        "seed", po::value(&a.opt.seed)->default_value(1), "random seed (weights and shuffling)")(
        "threads", po::value(&a.opt.threads)->default_value(2), "threads (results depend on it)")(
        "hidden", po::value(&a.arch.hidden)->default_value(512), "mlp: hidden layer width")(
        "channels", po::value(&a.channels)->default_value("32,64,64"),
        "cnn: conv output channels c1,c2,c3")("cnn-dense",
                                              po::value(&a.arch.cnn_dense)->default_value(0),
                                              "cnn: extra hidden dense width (0 = none)")(
        "pool-first", po::bool_switch(&a.arch.pool_first),
        "cnn: Conv Pool BN Act instead of Conv BN Act Pool")(
        "dataset", po::value(&a.dataset)->default_value(default_dataset_dir()),
        "directory with train-/t10k- IDX files (plain or .gz)")(
        "train-limit", po::value(&a.train_limit)->default_value(0),
        "use only the first N training images")("test-limit",
                                                po::value(&a.test_limit)->default_value(0),
                                                "use only the first N test images");
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

int run_training(TrainArgs& a, const std::vector<std::string>& args) {
    const auto t0 = std::chrono::steady_clock::now();
    a.arch.quant = train::parse_quant_kind(a.quant);
    a.arch.channels = parse_channels(a.channels);
    const Dataset train_set = load_split(a.dataset, "train").head(a.train_limit);
    const Dataset test_set = load_split(a.dataset, "t10k").head(a.test_limit);
    const int64_t classes = std::max(train_set.num_classes, test_set.num_classes);
    train::set_threads(a.opt.threads);
    train::Rng init_rng(a.opt.seed);
    train::Network net =
        train::build_network(a.arch, train_set.rows, train_set.cols, classes, init_rng);
    std::cout << "cimx train: " << net.describe() << "\n"
              << "  " << train_set.count << " training / " << test_set.count
              << " test images, seed " << a.opt.seed << ", " << a.opt.threads << " threads"
              << std::endl;
    auto progress = [&](const train::EpochStats& s) {
        char line[160];
        std::snprintf(line, sizeof line,
                      "epoch %3d/%d  loss %.4f  train acc %.4f  test acc %.4f  %.1f s", s.epoch,
                      a.opt.epochs, s.loss, s.train_acc, s.test_acc, s.seconds);
        std::cout << line << std::endl;
    };
    const auto stats = train::train(net, train_set, test_set, a.opt, progress);
    const double total =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::string doc = "made by: " + command_line(args) +
                            "\nseed: " + std::to_string(a.opt.seed) +
                            "\nlayers: " + net.describe() + "\ninput: pixel / 255, shape [N,1,H,W]";
    qonnx::Graph model =
        net.export_qonnx(a.arch.arch + "_" + a.quant, train_set.rows, train_set.cols, classes, doc);
    model.metadata[qonnx::kInputScaleKey] = qonnx::kDefaultInputScale; // the trainer's pixel/255
    qonnx::write_model(model, a.output);
    std::printf("wrote %s  (test acc %.4f, %.1f s total)\n", a.output.c_str(),
                stats.empty() ? 0.0 : stats.back().test_acc, total);
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
