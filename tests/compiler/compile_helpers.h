// Compiling the test models in-process and running the reference executor on them.
#pragma once

#include "compiler/driver/compile.h"
#include "compiler/ir/network.h"
#include "compiler/qonnx/graph.h"
#include "tests/compiler/test_models.h"

#include <string>
#include <vector>

namespace compilertest {

cimc::CompileOptions options_for(const std::string& mapping, bool first_layer_xbar = false,
                                 int count = 16, uint32_t batch = 16);
cimc::Network compile_graph(const qonnx::Graph& g, const cimc::CompileOptions& o);
std::vector<uint16_t> reference_predictions(const cimc::Network& net, const Images& images);

} // namespace compilertest
