#include "cimx/run/default_mapping.h"

#include "compiler/import/import_qonnx.h"
#include "compiler/passes/fold_batchnorm.h"
#include "compiler/passes/input_stage.h"
#include "compiler/passes/partition.h"
#include "cimx/run/run_error.h"

namespace cimx {

DefaultMapping default_mapping(const std::string& model, bool first_layer_xbar,
                               const std::string& input_scale) {
    cimc::Network net;
    try {
        net = cimc::import_qonnx(model, input_scale);
        cimc::fold_input_stage(net);
        cimc::fold_batchnorm(net);
    } catch (const std::exception& e) {
        throw RunError(e.what());
    }
    if (cimc::needs_ternary_mapping(net, first_layer_xbar))
        return {"TNN_I", "the model has ternary crossbar layers"};
    return {"BNN_I", "the model's crossbar layers are binary"};
}

} // namespace cimx
