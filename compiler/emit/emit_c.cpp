#include "compiler/emit/emit_c.h"

#include "compiler/ir/error.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>
#include <climits>
#include <cctype>

namespace cimc {
namespace {

std::string int_literal(int64_t v) {
    if (v == INT32_MIN) return "(-2147483647 - 1)";
    return std::to_string(v);
}

// Hexadecimal floating literals are exact; the runtime must see the host's values bit for bit.
std::string float_literal(double v, bool single) {
    if (std::isnan(v)) return single ? "(0.0f / 0.0f)" : "(0.0 / 0.0)";
    if (std::isinf(v))
        return std::string(v < 0 ? "-" : "") + (single ? "(1.0f / 0.0f)" : "(1.0 / 0.0)");
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a%s", v, single ? "f" : "");
    return buf;
}

class Writer {
  public:
    std::ostringstream c;

    template <typename T, typename F>
    std::string array(const std::string& name, const char* type, const T* data, size_t n,
                      F literal) {
        if (!data || n == 0) return "0";
        c << "static const " << type << " " << name << "[" << n << "] = {";
        for (size_t i = 0; i < n; ++i)
            c << (i == 0 ? "\n    " : i % 24 ? "," : ",\n    ") << literal(data[i]);
        c << "\n};\n";
        return name;
    }
    template <typename T>
    std::string ints(const std::string& name, const char* type, const T* data, size_t n) {
        return array(name, type, data, n, [](T v) { return int_literal(int64_t(v)); });
    }
};

std::string tiles(Writer& w, const std::string& p, const nn_layer& l) {
    if (!l.n_tiles) return "0";
    std::vector<std::string> names;
    for (uint32_t t = 0; t < l.n_tiles; ++t)
        names.push_back(w.ints(p + "t" + std::to_string(t) + "_w", "int8_t", l.tiles[t].weights,
                               size_t(l.tiles[t].outputs) * l.tiles[t].inputs));
    w.c << "static const nn_tile " << p << "tiles[] = {\n";
    for (uint32_t t = 0; t < l.n_tiles; ++t) {
        const nn_tile& x = l.tiles[t];
        w.c << "    {" << names[t] << ", " << x.out0 << ", " << x.outputs << ", " << x.in0 << ", "
            << x.inputs << ", " << x.xbar << ", " << x.streamed << ", " << int_literal(x.adc_lo_na)
            << ", " << int_literal(x.adc_hi_na) << "},\n";
    }
    w.c << "};\n";
    return p + "tiles";
}

std::string cpu(Writer& w, const std::string& p, const nn_layer& l) {
    if (!l.cpu) return "0";
    const nn_cpu_weights& x = *l.cpu;
    const std::string off = w.ints(p + "cpu_off", "uint16_t", x.offsets, x.ranges[2 * l.outputs]);
    const std::string ranges =
        w.ints(p + "cpu_ranges", "uint32_t", x.ranges, 2 * size_t(l.outputs) + 1);
    const std::string coef = w.ints(p + "cpu_coef", "int8_t", x.total_coef, l.outputs);
    w.c << "static const nn_cpu_weights " << p << "cpu = {" << off << ", " << ranges << ", " << coef
        << ", " << x.scale << "};\n";
    return "&" + p + "cpu";
}

std::string thresholds(Writer& w, const std::string& p, const nn_layer& l) {
    if (!l.thresholds) return "0";
    w.c << "static const nn_threshold " << p << "thr[" << l.outputs << "] = {";
    for (uint32_t o = 0; o < l.outputs; ++o) {
        const nn_threshold& t = l.thresholds[o];
        w.c << (o % 6 ? " " : "\n   ") << "{" << int_literal(t.lo) << ", " << int_literal(t.hi)
            << ", " << t.dir << "},";
    }
    w.c << "\n};\n";
    return p + "thr";
}

std::string pools(Writer& w, const std::string& p, const nn_layer& l) {
    if (!l.n_pools) return "0";
    std::vector<std::string> dirs;
    for (uint32_t i = 0; i < l.n_pools; ++i)
        dirs.push_back(w.ints(p + "pool" + std::to_string(i) + "_dir", "int8_t", l.pools[i].dir,
                              l.pools[i].channels));
    w.c << "static const nn_pool " << p << "pools[] = {\n";
    for (uint32_t i = 0; i < l.n_pools; ++i) {
        const nn_pool& x = l.pools[i];
        w.c << "    {" << x.kh << ", " << x.kw << ", " << x.sh << ", " << x.sw << ", " << x.pad_top
            << ", " << x.pad_left << ", " << x.in_h << ", " << x.in_w << ", " << x.out_h << ", "
            << x.out_w << ", " << x.channels << ", " << dirs[i] << "},\n";
    }
    w.c << "};\n";
    return p + "pools";
}

std::string fops(Writer& w, const std::string& p, const nn_layer& l) {
    if (!l.n_fops) return "0";
    const size_t m = l.outputs;
    auto f32 = [](float v) { return float_literal(v, true); };
    auto f64 = [](double v) { return float_literal(v, false); };
    std::vector<std::string> rows;
    for (uint32_t i = 0; i < l.n_fops; ++i) {
        const nn_float_op& op = l.fops[i];
        const std::string q = p + "fop" + std::to_string(i) + "_";
        const std::string c = w.array(q + "c", "float", op.c, op.c ? m : 0, f32);
        const std::string a = w.array(q + "a", "double", op.a, op.a ? m : 0, f64);
        const std::string mean = w.array(q + "mean", "double", op.mean, op.mean ? m : 0, f64);
        const std::string beta = w.array(q + "beta", "double", op.beta, op.beta ? m : 0, f64);
        rows.push_back("{" + std::to_string(op.kind) + ", " + std::to_string(op.reversed) + ", " +
                       c + ", " + a + ", " + mean + ", " + beta + "}");
    }
    w.c << "static const nn_float_op " << p << "fops[] = {\n";
    for (const auto& r : rows) w.c << "    " << r << ",\n";
    w.c << "};\n";
    return p + "fops";
}

std::string c_string(const std::string& s);

void layer(Writer& w, const nn_layer& l, size_t i, std::ostringstream& table) {
    const std::string p = "l" + std::to_string(i) + "_";
    const std::string gather =
        w.ints(p + "gather", "int32_t", l.gather, size_t(l.positions) * l.taps);
    const std::string cpu_w = cpu(w, p, l);
    const std::string tile_t = tiles(w, p, l);
    const std::string sums = w.ints(p + "wsum", "int32_t", l.weight_sums, l.outputs);
    const std::string pad_pos = w.ints(p + "pad_pos", "uint32_t", l.pad_pos, l.n_pad_rows);
    const std::string pad_corr =
        w.ints(p + "pad_corr", "int32_t", l.pad_corr, size_t(l.n_pad_rows) * l.outputs);
    const std::string thr = thresholds(w, p, l);
    const std::string pool_t = pools(w, p, l);
    const std::string fop_t = fops(w, p, l);
    const std::string keys = w.ints(p + "out_keys", "int32_t", l.out_keys,
                                    l.out_keys ? size_t(l.out_key_count) * l.outputs : 0);
    auto f64 = [](double v) { return float_literal(v, false); };
    const std::string pre_scale =
        w.array(p + "pre_scale", "double", l.pre_scale, l.pre_scale ? l.outputs : 0, f64);
    const std::string pre_offset =
        w.array(p + "pre_offset", "double", l.pre_offset, l.pre_offset ? l.outputs : 0, f64);
    table << "    {" << l.engine << ", " << l.in_size << ", " << l.positions << ", " << l.taps
          << ", " << l.run << ", " << gather << ", " << l.pad_value << ", " << l.fan_in << ", "
          << l.outputs << ",\n     " << cpu_w << ", " << l.n_tiles << ", " << tile_t << ", "
          << l.bitslice_binary << ", " << sums << ", " << l.n_pad_rows << ", " << pad_pos << ", "
          << pad_corr << ",\n     " << thr << ", " << l.n_pools << ", " << pool_t << ", "
          << l.out_size << ", " << pre_scale << ", " << pre_offset << ", " << l.n_fops << ", "
          << fop_t << ", " << keys << ", " << l.out_key_min << ", " << l.out_key_count << ", "
          << c_string(l.name ? l.name : "") << "},\n";
}

void write(const std::string& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary);
    f << text;
    if (!f.flush()) throw CompileError(path + ": cannot write");
}

std::string c_string(const std::string& s) {
    std::string out = "\"";
    for (char ch : s)
        out += std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-' ? ch : '_';
    return out + "\"";
}

} // namespace

void emit_model_c(const nn_model& m, const std::string& outdir) {
    Writer w;
    w.c << "/* Generated by cimc: the compiled network's tables (see sw/nn/nn_model.h). */\n"
        << "#include \"model_data.h\"\n\n";
    std::ostringstream table;
    for (uint32_t i = 0; i < m.n_layers; ++i) layer(w, m.layers[i], i, table);
    const std::string lut =
        w.ints("input_lut", "uint8_t", m.input_lut, size_t(m.lut_channels) * 256u);
    w.c << "\nstatic const nn_layer layers[" << m.n_layers << "] = {\n" << table.str() << "};\n\n";
    w.c << "const nn_model cimc_model = {" << c_string(m.name ? m.name : "") << ", " << m.input_size
        << ", " << lut << ", " << m.lut_channels << ", " << m.lut_stride << ", " << m.classes
        << ", " << m.batch << ", " << m.mapping << ", " << m.max_tile_inputs << ", "
        << m.max_tile_outputs << ", " << m.crossbars << ", " << m.n_layers << ", layers, "
        << m.postprocess_xbar << "};\n";
    write(outdir + "/model_data.c", w.c.str());
    write(outdir + "/model_data.h",
          "/* Generated by cimc. */\n#ifndef CIMC_MODEL_DATA_H\n#define CIMC_MODEL_DATA_H\n\n"
          "#include \"sw/nn/nn_model.h\"\n\nextern const nn_model cimc_model;\n\n#endif\n");
}

} // namespace cimc
