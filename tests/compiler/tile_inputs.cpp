#include "tests/compiler/tile_inputs.h"

#include "compiler/lower/host_model.h"
#include "sw/nn/nn_backend_exact.h"
#include "sw/nn/nn_runtime.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace compilertest {
namespace {

struct Recorder {
    nn_backend exact{};
    nn_exact_state state{};
    std::vector<nn_exact_tile> xbars;
    std::map<const int8_t*, size_t> entry_of_weights;
    std::vector<size_t> entry_on_xbar;
    std::vector<TileInputs>* out = nullptr;

    static uint32_t program(void* ctx, uint32_t xbar, const int8_t* w, uint32_t outputs,
                            uint32_t inputs) {
        Recorder& r = *static_cast<Recorder*>(ctx);
        const uint32_t err = r.exact.program(r.exact.ctx, xbar, w, outputs, inputs);
        if (!err) r.entry_on_xbar.at(xbar) = r.entry_of_weights.at(w);
        return err;
    }
    static uint32_t mvm(void* ctx, const nn_mvm* c) {
        Recorder& r = *static_cast<Recorder*>(ctx);
        TileInputs& t = (*r.out)[r.entry_on_xbar.at(c->xbar)];
        for (uint32_t b = 0; b < c->batch; ++b) {
            const int8_t* x = c->x + size_t(b) * c->src_stride;
            t.x.insert(t.x.end(), x, x + c->inputs);
        }
        return r.exact.mvm(r.exact.ctx, c);
    }
    static uint32_t set_adc_range(void* ctx, uint32_t xbar, int32_t lo, int32_t hi) {
        Recorder& r = *static_cast<Recorder*>(ctx);
        return r.exact.set_adc_range(r.exact.ctx, xbar, lo, hi);
    }
};

} // namespace

std::vector<TileInputs> record_tile_inputs(const cimc::Network& net, const cimc::ImageSet& images,
                                           uint32_t first, uint32_t count) {
    const cimc::HostModel host(net);
    nn_model m = *host.model();
    m.postprocess_xbar = 0; // one MVM call per tile (the command list has the same MVMs)
    std::vector<TileInputs> out;
    Recorder r;
    r.out = &out;
    for (size_t l = 0; l < net.layers.size(); ++l)
        for (size_t t = 0; t < net.layers[l].tiles.size(); ++t) {
            r.entry_of_weights[m.layers[l].tiles[t].weights] = out.size();
            out.push_back({l, t, net.layers[l].tiles[t].inputs, {}});
        }
    r.xbars.resize(std::max<uint32_t>(m.crossbars, 1));
    r.entry_on_xbar.assign(r.xbars.size(), 0);
    nn_exact_backend_init(&r.exact, &r.state, r.xbars.data(), uint32_t(r.xbars.size()),
                          m.max_tile_inputs, m.max_tile_outputs);
    nn_backend backend{&r,     Recorder::program, Recorder::mvm, Recorder::set_adc_range, nullptr,
                       nullptr};
    nn_stats stats{};
    std::vector<uint32_t> workspace(nn_workspace_bytes(&m, m.batch) / 4 + 1);
    std::vector<uint16_t> preds(m.batch);
    if (nn_init(&m, &backend, &stats)) throw std::runtime_error("record_tile_inputs: nn_init");
    for (uint32_t done = 0; done < count;) {
        const uint32_t n = std::min(m.batch, count - done);
        if (nn_infer(&m, &backend, images.data.data() + size_t(first + done) * images.pixels, n,
                     workspace.data(), preds.data(), &stats))
            throw std::runtime_error("record_tile_inputs: nn_infer");
        done += n;
    }
    return out;
}

} // namespace compilertest
