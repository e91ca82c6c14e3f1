#include "tests/compiler/compile_helpers.h"

#include "compiler/import/import_qonnx.h"
#include "compiler/lower/host_model.h"
#include "compiler/reference/reference_executor.h"

namespace compilertest {

cimc::CompileOptions options_for(const std::string& mapping, bool first_layer_xbar, int count,
                                 uint32_t batch) {
    cimc::CompileOptions o;
    o.xbar.mapping = *xbar::parse_mapping(mapping);
    o.xbar.crossbars = count;
    o.batch = batch;
    o.first_layer_xbar = first_layer_xbar;
    return o;
}

cimc::Network compile_graph(const qonnx::Graph& g, const cimc::CompileOptions& o) {
    cimc::Network net = cimc::import_graph(g, "test.onnx");
    cimc::compile_network(net, o);
    return net;
}

std::vector<uint16_t> reference_predictions(const cimc::Network& net, const Images& images) {
    cimc::HostModel host(net);
    cimc::ImageSet set;
    set.count = images.count;
    set.pixels = images.rows * images.cols;
    if (!images.dims.empty()) {
        set.pixels = 1;
        for (int64_t d : images.dims) set.pixels *= uint32_t(d);
    }
    set.data = images.pixels;
    return cimc::run_reference(*host.model(), set, 0, images.count);
}

} // namespace compilertest
