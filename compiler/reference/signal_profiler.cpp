#include "compiler/reference/signal_profiler.h"

#include "ip/xbar/crossbar.h"
#include "compiler/ir/error.h"
#include "sw/nn/nn_runtime.h"
#include "ip/tlm/xbar_regmap.h"

#include <algorithm>
#include <memory>
#include <unordered_map>

namespace cimc {
namespace {

class Profiler {
  public:
    Profiler(const nn_model& m, const xbar::XbarConfig& cfg) : layers_(m.n_layers) {
        xbar::XbarConfig ideal = cfg;
        ideal.mode = xbar::ComputeMode::digital; // nominal signals, exact results
        for (uint32_t x = 0; x < std::max<uint32_t>(m.crossbars, 1); ++x)
            xbars_.push_back(std::make_unique<xbar::Crossbar>(ideal, x));
        layer_on_xbar_.assign(xbars_.size(), -1);
        for (uint32_t l = 0; l < m.n_layers; ++l)
            for (uint32_t t = 0; t < m.layers[l].n_tiles; ++t)
                layer_of_weights_[m.layers[l].tiles[t].weights] = int(l);
        backend_.ctx = this;
        backend_.program = program;
        backend_.mvm = mvm;
        backend_.set_adc_range = set_adc_range;
        backend_.mark_layer = nullptr;
    }

    const nn_backend* backend() const { return &backend_; }
    std::vector<SignalHistogram>& layers() { return layers_; }

  private:
    static uint32_t program(void* ctx, uint32_t xbar, const int8_t* weights, uint32_t outputs,
                            uint32_t inputs) {
        Profiler& p = *static_cast<Profiler*>(ctx);
        if (xbar >= p.xbars_.size()) return CIMX_ERR_BAD_XBAR;
        const auto layer = p.layer_of_weights_.find(weights);
        if (layer == p.layer_of_weights_.end()) return CIMX_ERR_BAD_VALUE;
        try {
            p.xbars_[xbar]->program(weights, int(outputs), int(inputs));
        } catch (const std::exception&) {
            return CIMX_ERR_TILE_TOO_LARGE;
        }
        p.layer_on_xbar_[xbar] = layer->second;
        return 0;
    }

    static uint32_t mvm(void* ctx, const nn_mvm* c) {
        Profiler& p = *static_cast<Profiler*>(ctx);
        if (c->xbar >= p.xbars_.size()) return CIMX_ERR_BAD_XBAR;
        xbar::Crossbar& xb = *p.xbars_[c->xbar];
        if (!xb.programmed()) return CIMX_ERR_NOT_PROGRAMMED;
        if (uint32_t(xb.outputs()) != c->outputs || uint32_t(xb.inputs()) != c->inputs || !c->batch)
            return CIMX_ERR_BAD_SHAPE;
        const size_t conversions = size_t(c->outputs) * size_t(xb.mapping().n_conversions);
        p.y_.resize(c->outputs);
        p.signals_.resize(conversions);
        SignalHistogram& h = p.layers_[size_t(p.layer_on_xbar_[c->xbar])];
        for (uint32_t b = 0; b < c->batch; ++b) {
            try {
                xb.probe(c->x + size_t(b) * c->src_stride, p.y_.data(), p.signals_.data());
            } catch (const std::exception&) {
                return CIMX_ERR_BAD_VALUE;
            }
            auto* y = reinterpret_cast<int32_t*>(reinterpret_cast<uint8_t*>(c->y) +
                                                 size_t(b) * c->dst_stride);
            for (uint32_t o = 0; o < c->outputs; ++o)
                y[o] = c->accumulate ? y[o] + p.y_[o] : p.y_[o];
            for (double s : p.signals_) h.add(s);
        }
        return 0;
    }

    // The profile runs with the automatic range; explicit ranges are checked like the device
    // checks them (the tables normally carry none yet).
    static uint32_t set_adc_range(void* ctx, uint32_t xbar, int32_t lo_na, int32_t hi_na) {
        const Profiler& p = *static_cast<const Profiler*>(ctx);
        if (xbar >= p.xbars_.size()) return CIMX_ERR_BAD_XBAR;
        return lo_na < hi_na ? 0 : CIMX_ERR_BAD_ADC_RANGE;
    }

    nn_backend backend_{};
    std::vector<std::unique_ptr<xbar::Crossbar>> xbars_;
    std::vector<int> layer_on_xbar_;
    std::unordered_map<const int8_t*, int> layer_of_weights_;
    std::vector<SignalHistogram> layers_;
    std::vector<int32_t> y_;
    std::vector<double> signals_;
};

} // namespace

std::vector<SignalHistogram> profile_adc_signals(const nn_model& model, const xbar::XbarConfig& cfg,
                                                 const ImageSet& images, uint32_t first,
                                                 uint32_t count) {
    // One MVM call per tile, where the profiler sees each tile's inputs: the CPU-postprocess
    // path of the same program (its MVMs are those of the command list, bit slices included).
    nn_model m = model;
    m.postprocess_xbar = 0;
    if (images.pixels != m.input_size)
        throw CompileError("calibration images have " + std::to_string(images.pixels) +
                           " pixels, the model takes " + std::to_string(m.input_size));
    if (first > images.count || count > images.count - first)
        throw CompileError("calibration images " + std::to_string(first) + ".." +
                           std::to_string(uint64_t(first) + count) + " are beyond the " +
                           std::to_string(images.count) + " images given");
    Profiler profiler(m, cfg);
    nn_stats stats{};
    std::vector<uint32_t> workspace(nn_workspace_bytes(&m, m.batch) / 4 + 1);
    std::vector<uint16_t> preds(m.batch);
    if (nn_init(&m, profiler.backend(), &stats))
        throw CompileError("ADC calibration: programming tiles failed with error " +
                           std::to_string(stats.error));
    for (uint32_t done = 0; done < count;) {
        const uint32_t n = std::min(m.batch, count - done);
        if (nn_infer(&m, profiler.backend(),
                     images.data.data() + size_t(first + done) * images.pixels, n, workspace.data(),
                     preds.data(), &stats))
            throw CompileError(std::string("ADC calibration: crossbar ") + stats.error_what +
                               " failed with error " + std::to_string(stats.error));
        done += n;
    }
    return std::move(profiler.layers());
}

} // namespace cimc
