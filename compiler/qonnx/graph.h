// The in-memory form of a QONNX model: what the reader produces, the writer consumes, the
// executor runs and (later) the compiler imports. It mirrors the parts of ONNX's ModelProto
// that binary/ternary networks use: nodes with attributes, initializers, typed graph inputs
// and outputs, and the opset imports.
#pragma once

#include "compiler/qonnx/tensor.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace qonnx {

// The QONNX custom-op domain and the legacy names older FINN/Brevitas exports use.
inline const char* const kQonnxDomain = "qonnx.custom_op.general";
inline const char* const kFinnDomain = "finn.custom_op.general";
inline const char* const kBrevitasDomain = "onnx.brevitas";
// True for the three names above.
bool is_qonnx_domain(const std::string& domain);
// True for the standard ONNX domain ("" or "ai.onnx").
bool is_onnx_domain(const std::string& domain);

struct Attribute {
    enum class Kind { Int, Float, String, Ints, Floats, Tensor };
    Kind kind = Kind::Int;
    int64_t i = 0;
    float f = 0.0f;
    std::string s;
    std::vector<int64_t> ints;
    std::vector<float> floats;
    qonnx::Tensor t;

    static Attribute of_int(int64_t v);
    static Attribute of_float(float v);
    static Attribute of_string(std::string v);
    static Attribute of_ints(std::vector<int64_t> v);
    static Attribute of_floats(std::vector<float> v);
    static Attribute of_tensor(qonnx::Tensor v);
};
bool operator==(const Attribute& a, const Attribute& b);

struct Node {
    std::string name;
    std::string op_type;
    std::string domain;              // "" for standard ONNX ops
    std::vector<std::string> inputs; // "" marks an omitted optional input
    std::vector<std::string> outputs;
    std::map<std::string, Attribute> attributes;

    // Attribute lookups with defaults; a present attribute of the wrong kind is an error.
    int64_t attr_int(const std::string& key, int64_t fallback) const;
    float attr_float(const std::string& key, float fallback) const;
    std::string attr_string(const std::string& key, const std::string& fallback) const;
    std::vector<int64_t> attr_ints(const std::string& key, std::vector<int64_t> fallback) const;
    // "node 'conv1' (Conv)" for error messages.
    std::string describe() const;
};

// A graph input or output: a name, an element type and a shape whose unknown (symbolic)
// dimensions are -1 with the symbol kept in dim_params.
struct ValueInfo {
    std::string name;
    ElemType type = ElemType::Float;
    std::vector<int64_t> shape;
    std::vector<std::string> dim_params; // same length as shape; "" for fixed dimensions
};

struct Graph {
    std::string name = "graph";
    std::vector<Node> nodes; // in topological order, as ONNX requires
    std::map<std::string, Tensor> initializers;
    std::vector<ValueInfo> inputs; // graph inputs that are not initializers
    std::vector<ValueInfo> outputs;
    std::map<std::string, int64_t> opsets; // domain -> version ("" = standard ONNX)
    std::string producer_name = "cimvp";
    std::string doc_string;
    // ModelProto.metadata_props: free-form key/value strings (cimx train writes
    // kInputScaleKey; see input_scale.h).
    std::map<std::string, std::string> metadata;
    // GraphProto.quantization_annotation: per tensor, its key/value pairs, e.g.
    // annotations["W0"]["finn_datatype"] = "BIPOLAR" (as FINN and QONNX write them).
    std::map<std::string, std::map<std::string, std::string>> annotations;

    const Tensor* initializer(const std::string& name) const;
    const Node* producer_of(const std::string& tensor) const;
    // The tensor's finn_datatype annotation ("BIPOLAR", "INT2", ...), or "" when it has none.
    std::string finn_datatype(const std::string& tensor) const;
};

} // namespace qonnx
