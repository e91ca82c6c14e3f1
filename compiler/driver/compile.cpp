#include "compiler/driver/compile.h"

#include "compiler/import/import_qonnx.h"
#include "compiler/ir/error.h"
#include "compiler/passes/cpu_weights.h"
#include "compiler/passes/fold_batchnorm.h"
#include "compiler/passes/im2col.h"
#include "compiler/passes/input_stage.h"
#include "compiler/passes/output_arithmetic.h"
#include "compiler/passes/partition.h"
#include "compiler/passes/placement.h"
#include "compiler/passes/tiling.h"

namespace cimc {

void compile_network(Network& net, const CompileOptions& o) {
    if (o.batch < 1 || o.batch > 65536) throw CompileError("--batch must be in 1..65536");
    const xbar::MappingSpec& spec = o.xbar.mapping_spec();
    Target& t = net.target;
    t.mapping = static_cast<int>(o.xbar.mapping);
    t.ternary = spec.ternary;
    t.max_inputs = o.xbar.max_tile_inputs();
    t.max_outputs = o.xbar.max_tile_outputs();
    t.crossbars = o.xbar.crossbars;
    t.batch = o.batch;
    t.first_layer_xbar = o.first_layer_xbar;
    t.postprocess_xbar = o.postprocess_xbar;
    if (t.max_inputs < 1 || t.max_outputs < 1)
        throw CompileError(std::string("a ") + std::to_string(o.xbar.rows) + "x" +
                           std::to_string(o.xbar.cols) + " crossbar holds no " + spec.name +
                           " tile");
    fold_input_stage(net);
    // The command-list path (nn_queue.c) feeds the first layer the image's pixels; an input
    // stage with a table (an input quantizer: Codes or Levels) runs on the per-tile path.
    if (net.input_stage.kind != InputStage::Kind::affine) t.postprocess_xbar = false;
    fold_batchnorm(net);
    partition(net, spec.ternary, spec.name, o.first_layer_xbar);
    lower_output_arithmetic(net.layers.back(), net.model_path);
    im2col(net);
    encode_cpu_weights(net);
    tile_network(net);
    place_tiles(net);
}

Network compile_model(const std::string& path, const CompileOptions& options) {
    Network net = import_qonnx(path, options.input_scale);
    compile_network(net, options);
    return net;
}

} // namespace cimc
