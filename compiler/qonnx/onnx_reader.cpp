// ModelProto -> Graph. Everything the executor or compiler cannot represent is rejected
// here with a message naming the file and the offending tensor or node, so later stages
// can trust the Graph.
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/onnx_io.h"

#include <onnx/onnx_pb.h>

#include <cstring>
#include <fstream>
#include <sstream>

namespace qonnx {
namespace {

template <typename T> std::vector<float> from_raw(const std::string& raw, size_t n) {
    std::vector<float> out(n);
    for (size_t i = 0; i < n; ++i) {
        T v;
        std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T)); // ONNX raw data is little-endian
        out[i] = static_cast<float>(v);
    }
    return out;
}

template <typename Field> std::vector<float> from_field(const Field& field) {
    std::vector<float> out;
    out.reserve(static_cast<size_t>(field.size()));
    for (auto v : field) out.push_back(static_cast<float>(v));
    return out;
}

size_t elem_size(ElemType t) {
    switch (t) {
    case ElemType::Float: return 4;
    case ElemType::Int32: return 4;
    case ElemType::Int64: return 8;
    case ElemType::Double: return 8;
    }
    return 4;
}

ElemType elem_type(int onnx_type, const std::string& what) {
    switch (onnx_type) {
    case onnx::TensorProto::FLOAT: return ElemType::Float;
    case onnx::TensorProto::INT32: return ElemType::Int32;
    case onnx::TensorProto::INT64: return ElemType::Int64;
    case onnx::TensorProto::DOUBLE: return ElemType::Double;
    default:
        throw QonnxError(what + ": unsupported element type " + std::to_string(onnx_type) +
                         " (supported: float, double, int32, int64)");
    }
}

std::vector<float> raw_values(const std::string& raw, ElemType t, size_t n,
                              const std::string& what) {
    if (raw.size() != n * elem_size(t))
        throw QonnxError(what + ": raw data has " + std::to_string(raw.size()) +
                         " bytes, shape needs " + std::to_string(n * elem_size(t)));
    switch (t) {
    case ElemType::Float: return from_raw<float>(raw, n);
    case ElemType::Int32: return from_raw<int32_t>(raw, n);
    case ElemType::Int64: return from_raw<int64_t>(raw, n);
    case ElemType::Double: return from_raw<double>(raw, n);
    }
    return {};
}

std::vector<float> typed_values(const onnx::TensorProto& p, ElemType t) {
    switch (t) {
    case ElemType::Float: return from_field(p.float_data());
    case ElemType::Int32: return from_field(p.int32_data());
    case ElemType::Int64: return from_field(p.int64_data());
    case ElemType::Double: return from_field(p.double_data());
    }
    return {};
}

Tensor read_tensor(const onnx::TensorProto& p, const std::string& what) {
    if (p.data_location() == onnx::TensorProto::EXTERNAL)
        throw QonnxError(what + ": external tensor data is not supported");
    const ElemType t = elem_type(p.data_type(), what);
    std::vector<int64_t> shape(p.dims().begin(), p.dims().end());
    for (int64_t d : shape)
        if (d < 0 || d > (int64_t(1) << 31))
            throw QonnxError(what + ": bad dimension " + std::to_string(d));
    const int64_t n = shape_numel(shape);
    if (n > (int64_t(1) << 31)) throw QonnxError(what + ": tensor too large");
    std::vector<float> values = p.has_raw_data()
                                    ? raw_values(p.raw_data(), t, static_cast<size_t>(n), what)
                                    : typed_values(p, t);
    if (static_cast<int64_t>(values.size()) != n)
        throw QonnxError(what + ": has " + std::to_string(values.size()) + " values, shape " +
                         shape_string(shape) + " needs " + std::to_string(n));
    return Tensor(std::move(shape), std::move(values), t);
}

Attribute read_attribute(const onnx::AttributeProto& a, const std::string& what) {
    switch (a.type()) {
    case onnx::AttributeProto::INT: return Attribute::of_int(a.i());
    case onnx::AttributeProto::FLOAT: return Attribute::of_float(a.f());
    case onnx::AttributeProto::STRING: return Attribute::of_string(a.s());
    case onnx::AttributeProto::INTS: return Attribute::of_ints({a.ints().begin(), a.ints().end()});
    case onnx::AttributeProto::FLOATS:
        return Attribute::of_floats({a.floats().begin(), a.floats().end()});
    case onnx::AttributeProto::TENSOR: return Attribute::of_tensor(read_tensor(a.t(), what));
    default:
        throw QonnxError(what + ": attribute '" + a.name() + "' has an unsupported type (" +
                         std::to_string(a.type()) + ")");
    }
}

Node read_node(const onnx::NodeProto& p, const std::string& origin) {
    Node n;
    n.name = p.name();
    n.op_type = p.op_type();
    n.domain = p.domain();
    n.inputs.assign(p.input().begin(), p.input().end());
    n.outputs.assign(p.output().begin(), p.output().end());
    const std::string what = origin + ": " + n.describe();
    for (const auto& a : p.attribute()) n.attributes[a.name()] = read_attribute(a, what);
    return n;
}

ValueInfo read_value_info(const onnx::ValueInfoProto& p, const std::string& origin) {
    ValueInfo v;
    v.name = p.name();
    if (!p.type().has_tensor_type())
        throw QonnxError(origin + ": graph input/output '" + v.name + "' is not a tensor");
    const auto& tt = p.type().tensor_type();
    v.type = elem_type(tt.elem_type(), origin + ": graph input/output '" + v.name + "'");
    for (const auto& d : tt.shape().dim()) {
        v.shape.push_back(d.has_dim_value() ? d.dim_value() : -1);
        v.dim_params.push_back(d.has_dim_param() ? d.dim_param() : "");
    }
    return v;
}

Graph read_graph(const onnx::ModelProto& m, const std::string& origin) {
    Graph g;
    const auto& gp = m.graph();
    g.name = gp.name();
    g.producer_name = m.producer_name();
    g.doc_string = m.doc_string();
    for (const auto& op : m.opset_import()) g.opsets[op.domain()] = op.version();
    for (const auto& t : gp.initializer())
        g.initializers[t.name()] = read_tensor(t, origin + ": initializer '" + t.name() + "'");
    for (const auto& c : gp.sparse_initializer())
        throw QonnxError(origin + ": sparse initializer '" + c.values().name() +
                         "' is not supported");
    for (const auto& n : gp.node()) g.nodes.push_back(read_node(n, origin));
    // Older IR versions list initializers among the inputs too; those are not real inputs.
    for (const auto& i : gp.input())
        if (!g.initializers.count(i.name())) g.inputs.push_back(read_value_info(i, origin));
    for (const auto& o : gp.output()) g.outputs.push_back(read_value_info(o, origin));
    for (const auto& kv : m.metadata_props()) g.metadata[kv.key()] = kv.value();
    for (const auto& a : gp.quantization_annotation())
        for (const auto& kv : a.quant_parameter_tensor_names())
            g.annotations[a.tensor_name()][kv.key()] = kv.value();
    return g;
}

} // namespace

Graph parse_model(const std::string& bytes, const std::string& origin) {
    onnx::ModelProto m;
    if (!m.ParseFromString(bytes))
        throw QonnxError(origin + ": not an ONNX model (protobuf parsing failed)");
    if (!m.has_graph() || m.graph().node_size() == 0)
        throw QonnxError(origin + ": ONNX model has no graph nodes");
    return read_graph(m, origin);
}

Graph read_model(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw QonnxError(path + ": cannot open model file");
    std::ostringstream buf;
    buf << in.rdbuf();
    return parse_model(buf.str(), path);
}

} // namespace qonnx
