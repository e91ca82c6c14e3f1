#include "cimx/inspect/network_report.h"

#include "compiler/import/import_qonnx.h"
#include "compiler/ir/error.h"
#include "ip/xbar/mapping.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

namespace cimx {
namespace {

using json = nlohmann::ordered_json;

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

const char* alphabet(cimc::Alphabet a) {
    switch (a) {
    case cimc::Alphabet::real: return "real";
    case cimc::Alphabet::binary: return "binary";
    case cimc::Alphabet::ternary: return "ternary";
    }
    return "?";
}

json target(const cimc::CompileOptions& o) {
    const xbar::MappingSpec& spec = o.xbar.mapping_spec();
    return {{"mapping", spec.name},
            {"alphabet", spec.ternary ? "ternary" : "binary"},
            {"rows", o.xbar.rows},
            {"cols", o.xbar.cols},
            {"crossbars", o.xbar.crossbars},
            {"tile_inputs", o.xbar.max_tile_inputs()},
            {"tile_outputs", o.xbar.max_tile_outputs()},
            {"rows_per_input", spec.rows_per_input},
            {"cols_per_output", spec.cols_per_output}};
}

json input(const cimc::Network& net) {
    const cimc::InputStage& st = net.input_stage;
    json j = {{"shape", net.input_dims},
              {"scale", st.scale.text},
              {"scale_value", st.scale.value},
              {"scale_source", st.scale.source}};
    json nodes = json::array();
    for (const cimc::ChannelOp& op : st.ops) nodes.push_back(op.node.describe());
    j["nodes"] = nodes;
    if (!st.folded) return j; // the model did not compile that far
    switch (st.kind) {
    case cimc::InputStage::Kind::affine:
        j["form"] = "affine";
        j["alpha"] = st.alpha;
        j["offset"] = st.beta;
        j["what"] =
            st.ops.empty()
                ? "the first layer sums integer pixels; the scale goes into its thresholds"
                : "the first layer sums integer pixels; x = " + fmt(st.alpha) + " * pixel" +
                      (std::all_of(st.beta.begin(), st.beta.end(), [](double b) { return b == 0; })
                           ? ""
                           : " + offset[channel]") +
                      ", folded into its thresholds";
        break;
    case cimc::InputStage::Kind::codes:
        j["form"] = "codes";
        j["code_scale"] = st.code_scale;
        j["code_min"] = st.code_min;
        j["what"] = "the input quantizer's integer codes, from a table per channel; the first "
                    "layer sums codes";
        break;
    case cimc::InputStage::Kind::levels:
        j["form"] = "levels";
        j["alphabet"] = alphabet(st.levels);
        j["level"] = st.level;
        j["what"] = "the input quantizer makes the inputs " + std::string(alphabet(st.levels)) +
                    ", from a table per channel; the first layer runs like a hidden one";
        break;
    }
    if (st.channels > 1) j["channels"] = st.channels;
    return j;
}

std::string inputs_of(const cimc::Layer& l, const cimc::Network& net, size_t i) {
    if (l.input != cimc::Alphabet::real)
        return std::string(alphabet(l.input)) +
               (l.input_level != 1.0f ? " (+-" + fmt(l.input_level) + ")" : "");
    if (i == 0 && net.input_stage.kind == cimc::InputStage::Kind::codes)
        return "real (input codes 0.." + std::to_string(l.max_code) + ")";
    return "real (pixels 0..255)";
}

std::string why(const cimc::Layer& l) {
    switch (l.engine) {
    case cimc::Engine::cpu:
        return "real-valued inputs: the CPU kernel (--first-layer xbar bit-slices them onto the "
               "crossbars)";
    case cimc::Engine::xbar_bitslice:
        return "real-valued inputs, --first-layer xbar: one MVM per input bit (8 slices)";
    case cimc::Engine::xbar: break;
    }
    return std::string(alphabet(l.input)) + " inputs and " + alphabet(l.weights) +
           " weights: crossbar MVMs";
}

json tiles(const cimc::Layer& l) {
    std::map<std::pair<int64_t, int64_t>, int> shapes;
    std::set<int> xbars;
    int streamed = 0;
    for (const cimc::Tile& t : l.tiles) {
        ++shapes[{t.outputs, t.inputs}];
        xbars.insert(t.xbar);
        streamed += t.streamed ? 1 : 0;
    }
    json s = json::array();
    for (const auto& [shape, n] : shapes)
        s.push_back({{"count", n}, {"outputs", shape.first}, {"inputs", shape.second}});
    return {{"count", l.tiles.size()},
            {"shapes", s},
            {"crossbars", std::vector<int>(xbars.begin(), xbars.end())},
            {"streamed", streamed}};
}

json layer(const cimc::Layer& l, const cimc::Network& net, size_t i, bool compiled) {
    json j = {{"index", i},
              {"node", l.name},
              {"op", l.op_type},
              {"kind", l.conv ? "conv" : "dense"},
              {"input_shape", l.in.str()},
              {"output_shape", l.final_out.str()},
              {"fan_in", l.fan_in},
              {"outputs", l.outputs},
              {"weights", alphabet(l.weights)}};
    if (!l.weight_scale.empty()) {
        const auto [lo, hi] = std::minmax_element(l.weight_scale.begin(), l.weight_scale.end());
        j["weight_scale"] = {{"min", *lo}, {"max", *hi}};
    }
    if (!l.weight_annotation.empty()) j["weight_annotation"] = l.weight_annotation;
    json epi = json::array();
    for (const cimc::ChannelOp& op : l.epilogue) epi.push_back(op.node.describe());
    j["epilogue"] = epi;
    json pools = json::array();
    for (const cimc::Pool& p : l.pools) pools.push_back(p.node);
    if (!pools.empty()) j["pools"] = pools;
    if (!compiled) return j;
    j["inputs"] = inputs_of(l, net, i);
    j["positions"] = l.positions;
    j["engine"] = l.engine == cimc::Engine::cpu    ? "cpu"
                  : l.engine == cimc::Engine::xbar ? "crossbar"
                                                   : "crossbar, bit-sliced";
    j["why"] = why(l);
    if (l.engine != cimc::Engine::cpu) j["tiles"] = tiles(l);
    if (l.has_quantizer) {
        j["activation"] = {{"alphabet", alphabet(l.activation)},
                           {"level", l.activation_level},
                           {"quantizer", l.quantizer},
                           {"as", "integer thresholds per channel"}};
    } else {
        j["logits"] = {{"float_ops", l.output_ops.size()}};
    }
    return j;
}

// The error's node, operator and reason; passes that only put them into the message
// ("file: node 'x' (Op): why") are read from it.
json error(const cimc::CompileError& e) {
    std::string node = e.node(), op = e.op(), reason = e.reason();
    const std::string msg = e.what();
    const size_t at = msg.find("node '");
    if (node.empty() && at != std::string::npos) {
        const size_t q = msg.find("' (", at + 6), close = msg.find("): ", q);
        if (q != std::string::npos && close != std::string::npos) {
            node = msg.substr(at + 6, q - at - 6);
            op = msg.substr(q + 3, close - q - 3);
            reason = msg.substr(close + 3);
        }
    }
    if (reason.empty()) reason = msg;
    return {{"node", node}, {"op", op}, {"reason", reason}, {"message", msg}};
}

std::string list(const json& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n.get<std::string>();
    return s;
}

} // namespace

json inspect_model(const std::string& model, const cimc::CompileOptions& options) {
    json r = {{"model", model}, {"compiles", false}};
    cimc::Network net;
    bool imported = false, compiled = false;
    try {
        net = cimc::import_qonnx(model, options.input_scale);
        imported = true;
        cimc::compile_network(net, options);
        compiled = true;
    } catch (const cimc::CompileError& e) {
        r["error"] = error(e);
    } catch (const std::exception& e) {
        r["error"] = {{"node", ""}, {"op", ""}, {"reason", ""}, {"message", e.what()}};
    }
    r["compiles"] = compiled;
    r["target"] = target(options);
    if (!imported) return r;
    r["input"] = input(net);
    json layers = json::array();
    for (size_t i = 0; i < net.layers.size(); ++i)
        layers.push_back(layer(net.layers[i], net, i, compiled));
    r["layers"] = layers;
    r["classes"] = net.classes;
    if (!net.class_output.empty()) r["class_output"] = net.class_output;
    if (compiled) {
        size_t tiles = 0;
        for (const cimc::Layer& l : net.layers) tiles += l.tiles.size();
        r["tiles"] = tiles;
        r["crossbars_needed"] = tiles;
        r["crossbars_used"] = net.target.crossbars_used;
        r["crossbars_available"] = net.target.crossbars;
        r["tiles_reprogrammed_per_batch"] = net.target.streamed_tiles;
    }
    return r;
}

std::string inspect_text(const json& r) {
    std::ostringstream o;
    o << r["model"].get<std::string>() << "\n";
    const json& t = r["target"];
    o << "  crossbars: " << t["crossbars"] << " of " << t["rows"] << "x" << t["cols"]
      << ", mapping " << t["mapping"].get<std::string>() << " (" << t["alphabet"].get<std::string>()
      << "): a tile holds " << t["tile_inputs"] << " inputs x " << t["tile_outputs"]
      << " outputs\n";
    if (r.contains("input")) {
        const json& in = r["input"];
        o << "  input " << in["shape"].dump() << " per image, model input = pixel x "
          << in["scale"].get<std::string>() << " (" << in["scale_source"].get<std::string>() << ")";
        if (!in["nodes"].empty()) o << ", then " << list(in["nodes"]);
        o << "\n";
        if (in.contains("what")) o << "    " << in["what"].get<std::string>() << "\n";
    }
    if (r.contains("layers"))
        for (const json& l : r["layers"]) {
            o << "  layer " << l["index"] << ": node '" << l["node"].get<std::string>() << "' ("
              << l["op"].get<std::string>() << ") " << l["input_shape"].get<std::string>() << " -> "
              << l["output_shape"].get<std::string>() << ", " << l["outputs"] << " x "
              << l["fan_in"] << " weights " << l["weights"].get<std::string>();
            if (l.contains("weight_scale")) {
                const double lo = l["weight_scale"]["min"], hi = l["weight_scale"]["max"];
                o << (lo == hi ? " (scaled by " + fmt(lo)
                               : " (scaled per output, " + fmt(lo) + ".." + fmt(hi))
                  << ")";
            }
            o << "\n";
            if (!l.contains("engine")) continue;
            o << "    inputs " << l["inputs"].get<std::string>() << "; runs on "
              << l["engine"].get<std::string>() << ": " << l["why"].get<std::string>() << "\n";
            if (l.contains("tiles")) {
                const json& tl = l["tiles"];
                o << "    " << tl["count"] << " tile(s):";
                for (const json& s : tl["shapes"])
                    o << " " << s["count"] << " x (" << s["outputs"] << " outputs x " << s["inputs"]
                      << " inputs)";
                o << " on crossbar(s) " << tl["crossbars"].dump();
                if (tl["streamed"].get<int>() > 0)
                    o << ", " << tl["streamed"] << " re-programmed every batch";
                o << "\n";
            }
            if (l.contains("activation")) {
                const json& a = l["activation"];
                o << "    activation " << a["alphabet"].get<std::string>() << " (+-"
                  << fmt(a["level"].get<double>()) << ") from " << list(l["epilogue"])
                  << ": integer thresholds per channel\n";
            } else {
                o << "    logits: "
                  << (l["epilogue"].empty() ? "the integer sums" : list(l["epilogue"])) << "\n";
            }
            if (l.contains("pools")) o << "    pooling: " << list(l["pools"]) << "\n";
        }
    if (r.contains("class_output"))
        o << "  class: " << r["class_output"].get<std::string>() << " (first largest logit)\n";
    if (r["compiles"].get<bool>()) {
        o << "  crossbars needed " << r["crossbars_needed"] << ", available "
          << r["crossbars_available"] << "; " << r["tiles_reprogrammed_per_batch"]
          << " tile(s) re-programmed per batch\n";
    } else {
        o << "  cannot compile: " << r["error"]["message"].get<std::string>() << "\n";
    }
    return o.str();
}

} // namespace cimx
