// The one exception type of the QONNX layer: every failure (unreadable file, malformed
// protobuf, unsupported node, shape mismatch) becomes one line that names the file or node.
#pragma once

#include <stdexcept>
#include <string>

namespace qonnx {

class QonnxError : public std::runtime_error {
  public:
    explicit QonnxError(const std::string& what) : std::runtime_error(what) {}
};

} // namespace qonnx
