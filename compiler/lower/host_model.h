// The compiled network as the runtime's C tables (sw/nn/nn_model.h), in host memory: the
// structs point into the Network's vectors, so the Network must outlive the HostModel. The
// reference executor runs these; the emitter writes the same values as C source.
#pragma once

#include "compiler/ir/network.h"
#include "sw/nn/nn_model.h"

#include <vector>

namespace cimc {

class HostModel {
  public:
    explicit HostModel(const Network& net);
    HostModel(const HostModel&) = delete;
    HostModel& operator=(const HostModel&) = delete;
    const nn_model* model() const { return &model_; }

  private:
    nn_layer layer(const Layer& l, size_t index);

    bool ternary_ = false;
    nn_model model_{};
    std::vector<nn_layer> layers_;
    std::vector<std::vector<nn_tile>> tiles_;
    std::vector<std::vector<nn_threshold>> thresholds_;
    std::vector<std::vector<nn_pool>> pools_;
    std::vector<std::vector<nn_float_op>> fops_;
    std::vector<nn_cpu_weights> cpu_;
    bool output_keys_ = false;
    std::vector<std::vector<int32_t>> keys_;
};

// With --postprocess xbar, the output layer's float arithmetic as argmax keys (nn_model.h,
// out_keys) into `keys`, pointed to by `t`; nothing for a layer that has no float arithmetic,
// is not on the crossbars, whose table would be too big, or with a NaN value.
void tabulate_output(nn_layer& t, std::vector<int32_t>& keys);

// The per-layer C enumerators and table values both the host model and the emitter use.
uint32_t engine_code(Engine e);
nn_pool pool_table(const Pool& p, const int8_t* dir);

} // namespace cimc
