#include "compiler/reference/packed_backend.h"

#include "ip/tlm/xbar_regmap.h"
#include "sw/nn/nn_model.h"

#include <cstddef>

namespace cimc {

PackedBackend::PackedBackend(uint32_t crossbars, uint32_t max_inputs, uint32_t max_outputs)
    : tiles_(crossbars), packed_(crossbars) {
    nn_exact_backend_init(&exact_, &state_, tiles_.data(), crossbars, max_inputs, max_outputs);
    backend_.ctx = this;
    backend_.program = program;
    backend_.mvm = mvm;
    backend_.set_adc_range = set_adc_range;
    backend_.run_ops = run_ops;
    backend_.mark_layer = nullptr; // the host reference keeps no per-layer statistics
}

// The exact backend checks the tile (and keeps its weights for the bit-sliced MVMs); a tile it
// accepts is packed.
uint32_t PackedBackend::program(void* ctx, uint32_t xbar, const int8_t* weights, uint32_t outputs,
                                uint32_t inputs) {
    PackedBackend& b = *static_cast<PackedBackend*>(ctx);
    const uint32_t err = b.exact_.program(b.exact_.ctx, xbar, weights, outputs, inputs);
    if (!err) b.packed_[xbar].pack(weights, outputs, inputs);
    return err;
}

uint32_t PackedBackend::mvm(void* ctx, const nn_mvm* c) {
    return static_cast<const PackedBackend*>(ctx)->packed_mvm(*c);
}

uint32_t PackedBackend::set_adc_range(void* ctx, uint32_t xbar, int32_t lo_na, int32_t hi_na) {
    PackedBackend& b = *static_cast<PackedBackend*>(ctx);
    return b.exact_.set_adc_range(b.exact_.ctx, xbar, lo_na, hi_na);
}

// The exact backend's checks, in its order, then the packed product per vector.
uint32_t PackedBackend::packed_mvm(const nn_mvm& c) const {
    if (c.xbar >= packed_.size()) return CIMX_ERR_BAD_XBAR;
    const PackedTile& t = packed_[c.xbar];
    if (!t.packed()) return CIMX_ERR_NOT_PROGRAMMED;
    if (t.outputs() != c.outputs || t.inputs() != c.inputs || !c.batch) return CIMX_ERR_BAD_SHAPE;
    for (uint32_t b = 0; b < c.batch; ++b) {
        const int8_t* x = c.x + static_cast<size_t>(b) * c.src_stride;
        auto* y = reinterpret_cast<int32_t*>(reinterpret_cast<uint8_t*>(c.y) +
                                             static_cast<size_t>(b) * c.dst_stride);
        t.mvm(x, y, c.accumulate != 0);
    }
    return 0;
}

uint32_t PackedBackend::run_op(const nn_op& op, uint32_t changed) {
    if (op.kind == NN_OP_MVM && !op.bitslice) return packed_mvm(op.mvm);
    if (op.kind == NN_OP_THRESHOLD) return threshold(op), 0;
    if (op.kind == NN_OP_POOL) {
        pool_maps(*op.pool, static_cast<const int8_t*>(op.src), op.count,
                  static_cast<int8_t*>(op.dst));
        return 0;
    }
    if (op.kind == NN_OP_PROGRAM)
        return program(this, op.tile->xbar, op.tile->weights, op.tile->outputs, op.tile->inputs);
    uint32_t failed = 0;
    return exact_.run_ops(exact_.ctx, &op, 1, changed, &failed);
}

void PackedBackend::threshold(const nn_op& op) {
    const nn_layer& l = *op.layer;
    std::unique_ptr<ThresholdColumns>& t = thresholds_[&l];
    if (!t) t = std::make_unique<ThresholdColumns>(l.thresholds, l.outputs);
    t->apply(static_cast<const int32_t*>(op.src), op.count, static_cast<int8_t*>(op.dst));
}

uint32_t PackedBackend::run_ops(void* ctx, const nn_op* ops, uint32_t n, uint32_t changed,
                                uint32_t* failed) {
    PackedBackend& b = *static_cast<PackedBackend*>(ctx);
    for (uint32_t i = 0; i < n; ++i) {
        const uint32_t err = b.run_op(ops[i], changed);
        if (err) {
            *failed = i;
            return err;
        }
    }
    return 0;
}

} // namespace cimc
