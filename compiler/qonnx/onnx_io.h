// Reading and writing QONNX models as ONNX protobuf files. The protobuf types stay inside
// the .cpp files so that users of the Graph never see (or need) the ONNX headers.
#pragma once

#include "compiler/qonnx/graph.h"

#include <string>

namespace qonnx {

// Reads an ONNX/QONNX model file. Unreadable files, bytes that are not a ModelProto,
// external tensor data and element types we cannot hold throw QonnxError naming the file
// (and the tensor or node where there is one).
Graph read_model(const std::string& path);
// The same from bytes in memory; `origin` names them in errors (used by the fuzzer/tests).
Graph parse_model(const std::string& bytes, const std::string& origin);

// Writes the graph as an ONNX ModelProto (IR version 8, the opsets in graph.opsets; the
// standard domain defaults to opset 13 and the QONNX domain is declared when any node
// uses it). Throws QonnxError when the file cannot be written.
void write_model(const Graph& graph, const std::string& path);
std::string serialize_model(const Graph& graph);

// The opset version we write for the standard domain: the Debian onnx 1.12 checker knows it.
constexpr int64_t kOnnxOpset = 13;
constexpr int64_t kIrVersion = 8;

} // namespace qonnx
