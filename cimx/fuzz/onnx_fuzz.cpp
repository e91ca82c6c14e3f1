// libFuzzer target: arbitrary bytes into the ONNX reader and the graph validator. Only
// QonnxError may escape; anything else (a crash, another exception, a sanitizer report) is
// a finding.
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/onnx_io.h"
#include "compiler/qonnx/validate.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const qonnx::Graph g =
            qonnx::parse_model(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
        qonnx::validate_graph(g);
    } catch (const qonnx::QonnxError&) {
    }
    return 0;
}
