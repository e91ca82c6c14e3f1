// `cimx inspect MODEL.onnx [--config FILE] [--xbar.KEY V ...] [--first-layer cpu|xbar]
// [--batch N] [--input-scale S] [--json]`: the network as the compiler sees it (see
// inspect/network_report.h). Exit code 0 when the model compiles for the configuration, 1 when
// it does not (the report says which node and why), 2 on a usage error.
#include "cimx/commands.h"

#include "cimx/inspect/network_report.h"
#include "compiler/qonnx/input_scale.h"
#include "ip/xbar/xbar_options.h"

#include <boost/program_options.hpp>

#include <fstream>
#include <iostream>

namespace po = boost::program_options;

namespace cimx {
namespace {

struct InspectArgs {
    std::string model, config, first_layer = "cpu", input_scale;
    uint32_t batch = 32;
    bool json = false;
};

po::options_description inspect_options(InspectArgs& a) {
    po::options_description d("cimx inspect options (and every --xbar.* option of cimc/cimvp)");
    // clang-format off
    d.add_options()
        ("help,h", "show this help")
        ("model", po::value(&a.model)->required(), "QONNX model (also the first positional argument)")
        ("config", po::value(&a.config), "platform config file ([xbar] section)")
        ("first-layer", po::value(&a.first_layer)->default_value("cpu"), "cpu | xbar (as cimc)")
        ("batch", po::value(&a.batch)->default_value(32), "images per batch (as cimc)")
        ("input-scale", po::value(&a.input_scale)->value_name("S"),
         "model input = pixel x S (default: the model's metadata cimvp.input_scale, else 1/255)")
        ("json", po::bool_switch(&a.json), "print the report as JSON");
    // clang-format on
    xbar::register_xbar_options(d);
    return d;
}

} // namespace

int inspect_command(const std::vector<std::string>& args) {
    InspectArgs a;
    cimc::CompileOptions o;
    const po::options_description desc = inspect_options(a);
    po::positional_options_description pos;
    pos.add("model", 1);
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
        if (vm.count("help")) {
            std::cout << "usage: cimx inspect MODEL.onnx [--xbar.KEY V ...] [--json]\n" << desc;
            return 0;
        }
        if (vm.count("config")) {
            const std::string file = vm["config"].as<std::string>();
            std::ifstream in(file);
            if (!in) throw std::invalid_argument(file + ": cannot open config file");
            po::store(po::parse_config_file(in, desc, true), vm);
        }
        po::notify(vm);
        o.xbar = xbar::xbar_config_from(vm);
        if (a.first_layer != "cpu" && a.first_layer != "xbar")
            throw std::invalid_argument("--first-layer must be cpu or xbar");
        if (!a.input_scale.empty()) qonnx::parse_input_scale(a.input_scale, "--input-scale");
    } catch (const std::exception& e) {
        std::cerr << "cimx inspect: error: " << e.what() << "\n";
        return 2;
    }
    o.batch = a.batch;
    o.first_layer_xbar = a.first_layer == "xbar";
    o.input_scale = a.input_scale;
    const nlohmann::ordered_json r = inspect_model(a.model, o);
    if (a.json)
        std::cout << r.dump(1) << "\n";
    else
        std::cout << inspect_text(r);
    return r["compiles"].get<bool>() ? 0 : 1;
}

} // namespace cimx
