// cimxbar: y = W x on the crossbar model, from text files, for trying mappings and
// non-idealities without the virtual platform.
//
//   cimxbar [--config FILE] [--xbar.KEY=VALUE ...] [--seed N] --weights W.txt --inputs X.txt
//
// W.txt holds one line per output (its N weights), X.txt one input vector of N values per line;
// stdout gets one line of M results per input vector. A matrix larger than one crossbar is tiled
// over up to xbar.count crossbars with digital accumulation of the partial sums. Every error
// is one line on stderr, "cimxbar: error: ...", and exit status 1. See docs/crossbar/cimxbar.md.
#include "ip/xbar/tiled_matrix.h"
#include "ip/xbar/text_matrix.h"
#include "ip/xbar/xbar_options.h"

#include <boost/program_options.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace po = boost::program_options;

namespace {

struct Args {
    std::string weights, inputs;
    unsigned threads = 1;
    bool stats = false;
    xbar::XbarConfig cfg;
};

// Thrown for everything that ends the run with an error line.
struct Failure {
    std::string message;
};

po::options_description all_options() {
    po::options_description tool("cimxbar options");
    tool.add_options()("help,h", "show this help")("config", po::value<std::string>(),
                                                   "config file ([xbar] section)")(
        "weights", po::value<std::string>(), "weight matrix W, one line per output")(
        "inputs", po::value<std::string>(), "input vectors, one per line")(
        "threads", po::value<unsigned>()->default_value(1),
        "threads (results do not change)")("stats", "print time and energy of the run to stderr");
    xbar::register_seed_option(tool);
    po::options_description xb("crossbar options (config file section [xbar])");
    xbar::register_xbar_options(xb);
    tool.add(xb);
    return tool;
}

po::variables_map parse(int argc, char** argv, const po::options_description& desc) {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    if (vm.count("config")) {
        const std::string path = vm["config"].as<std::string>();
        std::ifstream in(path);
        if (!in) throw Failure{path + ": cannot open config file"};
        try {
            po::store(po::parse_config_file(in, desc, false), vm);
        } catch (const po::error& e) {
            throw Failure{path + ": " + e.what()};
        }
    }
    po::notify(vm);
    return vm;
}

Args args_from(const po::variables_map& vm) {
    Args a;
    if (!vm.count("weights")) throw Failure{"missing --weights W.txt"};
    if (!vm.count("inputs")) throw Failure{"missing --inputs X.txt"};
    a.weights = vm["weights"].as<std::string>();
    a.inputs = vm["inputs"].as<std::string>();
    a.threads = vm["threads"].as<unsigned>();
    if (a.threads < 1 || a.threads > 1024) throw Failure{"--threads must be in [1, 1024]"};
    a.stats = vm.count("stats") > 0;
    a.cfg = xbar::xbar_config_from(vm);
    return a;
}

// Checks every value against the mapping's alphabet; errors name file, line and column.
std::vector<int8_t> to_alphabet(const xbar::IntMatrix& m, const std::string& file,
                                const xbar::MappingSpec& s) {
    std::vector<int8_t> out(m.values.size());
    for (int r = 0; r < m.rows; ++r)
        for (int c = 0; c < m.cols; ++c) {
            const int32_t v = m.at(r, c);
            if (!xbar::in_alphabet(s, v))
                throw Failure{file + ":" + std::to_string(m.line[r]) + ": value " +
                              std::to_string(v) + " (column " + std::to_string(c + 1) +
                              ") is not in the " + xbar::alphabet_name(s) + " of " + s.name};
            out[static_cast<size_t>(r) * m.cols + c] = static_cast<int8_t>(v);
        }
    return out;
}

void check_widths(const xbar::IntMatrix& w, const xbar::IntMatrix& x, const Args& a) {
    if (x.cols != w.cols)
        throw Failure{a.inputs + ":" + std::to_string(x.line.front()) + ": " +
                      std::to_string(x.cols) + " values, expected " + std::to_string(w.cols) +
                      " (the number of inputs, as in " + a.weights + ")"};
}

void print_results(const std::vector<int32_t>& y, int outputs) {
    std::string line;
    for (size_t b = 0; b < y.size() / outputs; ++b) {
        line.clear();
        for (int j = 0; j < outputs; ++j) {
            if (j) line += ' ';
            line += std::to_string(y[b * outputs + j]);
        }
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), stdout);
    }
}

void print_stats(const xbar::TiledMatrix& tm, const xbar::Cost& mvm, size_t batch) {
    const xbar::TileGrid& g = tm.grid();
    std::fprintf(stderr,
                 "cimxbar: %d outputs x %d inputs on %d crossbar(s) (%d x %d tiles)\n"
                 "cimxbar: programming: %.1f ns, %.1f pJ\n"
                 "cimxbar: %zu MVM(s): %.1f ns, %.1f pJ\n",
                 tm.outputs(), tm.inputs(), g.count(), g.output_tiles, g.input_tiles,
                 tm.program_cost().ns, tm.program_cost().pj, batch, mvm.ns, mvm.pj);
}

int run(int argc, char** argv) {
    const po::options_description desc = all_options();
    const po::variables_map vm = parse(argc, argv, desc);
    if (vm.count("help")) {
        std::cout << "usage: cimxbar [--config FILE] [--xbar.KEY=VALUE ...] [--seed N] "
                     "--weights W.txt --inputs X.txt\n\n"
                  << desc << "\n";
        return 0;
    }
    const Args a = args_from(vm);
    const xbar::IntMatrix w = xbar::read_int_matrix(a.weights);
    const xbar::IntMatrix x = xbar::read_int_matrix(a.inputs);
    const xbar::MappingSpec& s = a.cfg.mapping_spec();
    const std::vector<int8_t> w8 = to_alphabet(w, a.weights, s);
    const std::vector<int8_t> x8 = to_alphabet(x, a.inputs, s);
    check_widths(w, x, a);
    std::vector<int32_t> y(static_cast<size_t>(x.rows) * w.rows);
    try {
        xbar::TiledMatrix tm(a.cfg, w8.data(), w.rows, w.cols);
        const xbar::Cost cost = tm.mvm_batch(x8.data(), x.rows, y.data(), a.threads);
        print_results(y, w.rows);
        if (a.stats) print_stats(tm, cost, x.rows);
    } catch (const std::invalid_argument& e) {
        throw Failure{a.weights + ": " + e.what()};
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const Failure& f) {
        std::cerr << "cimxbar: error: " << f.message << "\n";
    } catch (const po::error& e) {
        std::cerr << "cimxbar: error: " << e.what() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "cimxbar: error: " << e.what() << "\n";
    }
    return 1;
}
