#include "compiler/lower/host_model.h"

namespace cimc {
namespace {

template <typename T> const T* data_or_null(const std::vector<T>& v) {
    return v.empty() ? nullptr : v.data();
}

} // namespace

uint32_t engine_code(Engine e) {
    switch (e) {
    case Engine::cpu: return NN_ENGINE_CPU;
    case Engine::xbar: return NN_ENGINE_XBAR;
    case Engine::xbar_bitslice: return NN_ENGINE_XBAR_BITSLICE;
    }
    return NN_ENGINE_XBAR;
}

nn_pool pool_table(const Pool& p, const int8_t* dir) {
    nn_pool t{};
    t.kh = uint32_t(p.geom.kh), t.kw = uint32_t(p.geom.kw), t.sh = uint32_t(p.geom.sh),
    t.sw = uint32_t(p.geom.sw);
    t.pad_top = uint32_t(p.geom.pad_top), t.pad_left = uint32_t(p.geom.pad_left);
    t.in_h = uint32_t(p.in.h), t.in_w = uint32_t(p.in.w), t.out_h = uint32_t(p.out.h),
    t.out_w = uint32_t(p.out.w);
    t.channels = uint32_t(p.in.c);
    t.dir = dir;
    return t;
}

HostModel::HostModel(const Network& net) {
    const size_t n = net.layers.size();
    ternary_ = net.target.ternary;
    tiles_.resize(n), thresholds_.resize(n), pools_.resize(n), fops_.resize(n), cpu_.resize(n);
    for (size_t i = 0; i < n; ++i) layers_.push_back(layer(net.layers[i], i));
    model_.name = net.name.c_str();
    model_.input_size = uint32_t(net.input.size());
    const InputStage& st = net.input_stage;
    model_.input_lut = data_or_null(st.lut);
    model_.lut_channels = st.lut.empty() ? 0 : uint32_t(st.channels);
    model_.lut_stride = st.lut.empty() ? 0 : uint32_t(st.lut_stride);
    model_.classes = uint32_t(net.classes);
    model_.batch = net.target.batch;
    model_.mapping = uint32_t(net.target.mapping);
    model_.max_tile_inputs = uint32_t(net.target.max_inputs);
    model_.max_tile_outputs = uint32_t(net.target.max_outputs);
    model_.crossbars = uint32_t(net.target.crossbars_used);
    model_.n_layers = uint32_t(n);
    model_.layers = layers_.data();
    model_.postprocess_xbar = net.target.postprocess_xbar ? 1 : 0;
}

nn_layer HostModel::layer(const Layer& l, size_t i) {
    nn_layer t{};
    t.engine = engine_code(l.engine);
    t.in_size = uint32_t(l.in.size());
    t.positions = uint32_t(l.positions);
    t.taps = uint32_t(l.taps);
    t.run = uint32_t(l.run);
    t.gather = data_or_null(l.gather);
    t.pad_value = l.pad_value;
    t.fan_in = uint32_t(l.patch_len);
    t.outputs = uint32_t(l.outputs);
    if (l.engine == Engine::cpu) {
        cpu_[i] = nn_cpu_weights{l.cpu_offsets.data(), l.cpu_ranges.data(), l.cpu_total_coef.data(),
                                 l.cpu_scale};
        t.cpu = &cpu_[i];
    }
    for (const Tile& tile : l.tiles)
        tiles_[i].push_back(nn_tile{tile.weights.data(), uint32_t(tile.out0),
                                    uint32_t(tile.outputs), uint32_t(tile.in0),
                                    uint32_t(tile.inputs), uint32_t(tile.xbar),
                                    tile.streamed ? 1u : 0u, tile.adc_lo_na, tile.adc_hi_na});
    t.n_tiles = uint32_t(tiles_[i].size());
    t.tiles = data_or_null(tiles_[i]);
    t.bitslice_binary = l.engine == Engine::xbar_bitslice && !ternary_ ? 1 : 0;
    t.weight_sums = data_or_null(l.weight_sums);
    t.n_pad_rows = uint32_t(l.pad_pos.size());
    t.pad_pos = data_or_null(l.pad_pos);
    t.pad_corr = data_or_null(l.pad_corr);
    for (const Threshold& th : l.thresholds)
        thresholds_[i].push_back(nn_threshold{th.lo, th.hi, th.dir});
    t.thresholds = data_or_null(thresholds_[i]);
    for (const Pool& p : l.pools) pools_[i].push_back(pool_table(p, data_or_null(p.dir)));
    t.n_pools = uint32_t(pools_[i].size());
    t.pools = data_or_null(pools_[i]);
    t.out_size = uint32_t(l.final_out.size());
    if (!l.has_quantizer) { // the output layer's value of s
        t.pre_scale = data_or_null(l.pre_scale);
        t.pre_offset = data_or_null(l.pre_offset);
    }
    for (const FloatOp& op : l.output_ops)
        fops_[i].push_back(nn_float_op{uint32_t(op.kind), op.reversed ? 1u : 0u, data_or_null(op.c),
                                       data_or_null(op.a), data_or_null(op.mean),
                                       data_or_null(op.beta)});
    t.n_fops = uint32_t(fops_[i].size());
    t.fops = data_or_null(fops_[i]);
    return t;
}

} // namespace cimc
