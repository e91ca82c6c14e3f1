#include "cimx/run/run_options.h"

#include "dataset/dataset.h"
#include "cimx/run/process.h"
#include "cimx/run/run_error.h"
#include "cimx/run/tool_options.h"

#include <boost/program_options.hpp>

#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace po = boost::program_options;

namespace cimx {
namespace {

po::options_description own_options(RunOptions& a) {
    po::options_description d("cimx run options (any other cimc or cimvp option, e.g. "
                              "--xbar.mapping, --input-scale, --seed, --cpu.clock_mhz, goes to "
                              "the tool that owns it)");
    // clang-format off
    d.add_options()
        ("help,h", "show this help")
        ("model", po::value(&a.model)->required(), "QONNX model (also the first positional argument)")
        ("config", po::value(&a.config), "platform config file for cimc and cimvp (vp-configs/*.cfg)")
        ("images", po::value(&a.images)->default_value(0),
         "test images to run (0 = all from --first on); more than the dataset holds is an error")
        ("first", po::value(&a.first)->default_value(0), "index of the first test image")
        ("latency-images", po::value(&a.latency_images)->default_value(32),
         "of those, the first N are also run one at a time for the latency (0 = all)")
        ("json", po::value(&a.json), "write the result as one JSON record to this file")
        ("dataset", po::value(&a.dataset)->default_value(default_dataset_dir()),
         "directory with t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz]")
        ("images-file", po::value(&a.images_file),
         "image file, IDX or .npy, [N, ...] of integers 0..255 in a shape the model's input takes "
         "(instead of --dataset)")
        ("labels-file", po::value(&a.labels_file), "label file, IDX or .npy, [N] (with --images-file)")
        ("batch", po::value(&a.batch)->default_value(32), "images per batch (cimc --batch)")
        ("first-layer", po::value(&a.first_layer)->default_value("auto"), "auto | xbar | cpu (cimc --first-layer)")
        ("cache", po::value(&a.cache), "directory of compiled firmware builds (default ~/.cache/cimx)")
        ("no-cache", "compile into a temporary directory; neither use nor fill the cache")
        ("layers", "also print the per-layer table (time, accelerator busy, MVMs, energy by "
         "component, CPU work per layer; the JSON record always has it)")
        ("quiet,q", "only the result lines");
    // clang-format on
    return d;
}

// For cimx sweep, not in --help.
po::options_description hidden_options() {
    po::options_description d;
    d.add_options()("list-options", "print cimx run's own options in the --list-options format");
    return d;
}

// Options of the tools that cimx run sets itself.
const std::set<std::string> cimc_reserved = {"output",      "reference", "count",
                                             "no-firmware", "build-id",  "list-options"};
const std::set<std::string> vp_reserved = {"stats-json", "log", "list-options"};

class Router {
  public:
    explicit Router(RunOptions& a) : a_(a) {}

    // Forwards args[i] (and its value) to the tools that know `key`; returns the last index used.
    size_t forward(const std::vector<std::string>& args, size_t i, const std::string& key) {
        load();
        const std::string& token = args[i];
        const auto cimc = cimc_->find(key), vp = vp_->find(key);
        const bool to_cimc = cimc != cimc_->end() && !cimc_reserved.count(key);
        const bool to_vp = vp != vp_->end() && !vp_reserved.count(key);
        if (!to_cimc && !to_vp) {
            if (cimc != cimc_->end() || vp != vp_->end())
                throw RunUsageError("--" + key + ": cimx run sets this option of " +
                                    (cimc != cimc_->end() ? "cimc" : "cimvp") + " itself");
            throw RunUsageError("unknown option --" + key +
                                ": not an option of cimx run, cimc or cimvp (see their --help)");
        }
        const bool takes_value = to_cimc ? cimc->second : vp->second;
        std::vector<std::string> tokens = {token};
        if (takes_value && token.find('=') == std::string::npos) {
            // A value may start with '-' (a negative number), never with "--".
            if (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0)
                throw RunUsageError("--" + key + " needs a value");
            tokens.push_back(args[++i]);
        }
        for (const std::string& t : tokens) {
            if (to_cimc) a_.cimc_extra.push_back(t);
            if (to_vp) a_.vp_extra.push_back(t);
        }
        if (key == "xbar.mapping") a_.mapping_given = true;
        if (key == "calibration-data") a_.calibration_data_given = true;
        return i;
    }

  private:
    void load() {
        if (cimc_) return;
        cimc_ = tool_options(tool_path("CIMX_CIMC", CIMX_CIMC_PATH));
        vp_ = tool_options(tool_path("CIMX_CIMVP", CIMX_CIMVP_PATH));
    }
    RunOptions& a_;
    std::optional<OptionList> cimc_, vp_;
};

// Splits off the options cimx run does not own ("--key value" or "--key=value").
std::vector<std::string> route(const std::vector<std::string>& args,
                               const po::options_description& own, RunOptions& a) {
    std::vector<std::string> mine;
    Router router(a);
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& t = args[i];
        const std::string key = t.rfind("--", 0) == 0 ? t.substr(2, t.find('=') - 2) : "";
        if (key.empty() || own.find_nothrow(key, false))
            mine.push_back(t);
        else
            i = router.forward(args, i, key);
    }
    return mine;
}

bool config_sets_mapping(const std::string& file) {
    std::ifstream in(file);
    if (!in) throw RunUsageError(file + ": cannot open config file");
    po::options_description d;
    d.add_options()("xbar.mapping", po::value<std::string>());
    po::variables_map vm;
    try {
        po::store(po::parse_config_file(in, d, true), vm);
    } catch (const po::error& e) {
        throw RunUsageError(file + ": " + e.what());
    }
    return vm.count("xbar.mapping") > 0;
}

} // namespace

RunOptions parse_run_options(const std::vector<std::string>& args) {
    RunOptions a;
    po::options_description desc;
    desc.add(own_options(a)).add(hidden_options());
    po::positional_options_description pos;
    pos.add("model", 1);
    po::variables_map vm;
    try {
        const std::vector<std::string> mine = route(args, desc, a);
        po::store(po::command_line_parser(mine).options(desc).positional(pos).run(), vm);
        a.help = vm.count("help") > 0;
        a.list_options = vm.count("list-options") > 0;
        if (a.help || a.list_options) return a;
        po::notify(vm);
    } catch (const po::error& e) {
        throw RunUsageError(e.what());
    }
    a.quiet = vm.count("quiet") > 0;
    a.layers = vm.count("layers") > 0;
    a.no_cache = vm.count("no-cache") > 0;
    if (a.images < 0 || a.first < 0 || a.batch < 1 || a.latency_images < 0)
        throw RunUsageError("--images, --first and --latency-images must be >= 0, --batch >= 1");
    if (a.images_file.empty() != a.labels_file.empty())
        throw RunUsageError("--images-file and --labels-file go together");
    if (!a.config.empty() && config_sets_mapping(a.config)) a.mapping_given = true;
    return a;
}

std::string run_option_list() {
    RunOptions a;
    const po::options_description own = own_options(a);
    std::string list;
    for (const auto& o : own.options())
        list += o->long_name() + (o->semantic()->max_tokens() > 0 ? " VALUE" : "") + "\n";
    return list;
}

std::string run_help() {
    RunOptions a;
    std::ostringstream s;
    s << "usage: cimx run MODEL.onnx [options] [cimc and cimvp options]\n" << own_options(a);
    return s.str();
}

} // namespace cimx
