// Graph -> ModelProto. Tensors are written in their element type with raw_data (compact,
// and what onnx.numpy_helper and Brevitas exports use).
#include "compiler/qonnx/error.h"
#include "compiler/qonnx/onnx_io.h"

#include <onnx/onnx_pb.h>

#include <cstring>
#include <fstream>

namespace qonnx {
namespace {

template <typename T> std::string to_raw(const std::vector<float>& values) {
    std::string raw(values.size() * sizeof(T), '\0');
    for (size_t i = 0; i < values.size(); ++i) {
        const T v = static_cast<T>(values[i]);
        std::memcpy(&raw[i * sizeof(T)], &v, sizeof(T));
    }
    return raw;
}

void write_tensor(const Tensor& t, const std::string& name, onnx::TensorProto* p) {
    p->set_name(name);
    p->set_data_type(static_cast<int>(t.type));
    for (int64_t d : t.shape) p->add_dims(d);
    switch (t.type) {
    case ElemType::Float: p->set_raw_data(to_raw<float>(t.data)); break;
    case ElemType::Int32: p->set_raw_data(to_raw<int32_t>(t.data)); break;
    case ElemType::Int64: p->set_raw_data(to_raw<int64_t>(t.data)); break;
    case ElemType::Double: p->set_raw_data(to_raw<double>(t.data)); break;
    }
}

void write_attribute(const std::string& key, const Attribute& a, onnx::AttributeProto* p) {
    p->set_name(key);
    switch (a.kind) {
    case Attribute::Kind::Int:
        p->set_type(onnx::AttributeProto::INT);
        p->set_i(a.i);
        break;
    case Attribute::Kind::Float:
        p->set_type(onnx::AttributeProto::FLOAT);
        p->set_f(a.f);
        break;
    case Attribute::Kind::String:
        p->set_type(onnx::AttributeProto::STRING);
        p->set_s(a.s);
        break;
    case Attribute::Kind::Ints:
        p->set_type(onnx::AttributeProto::INTS);
        for (int64_t v : a.ints) p->add_ints(v);
        break;
    case Attribute::Kind::Floats:
        p->set_type(onnx::AttributeProto::FLOATS);
        for (float v : a.floats) p->add_floats(v);
        break;
    case Attribute::Kind::Tensor:
        p->set_type(onnx::AttributeProto::TENSOR);
        write_tensor(a.t, "", p->mutable_t());
        break;
    }
}

void write_value_info(const ValueInfo& v, onnx::ValueInfoProto* p) {
    p->set_name(v.name);
    auto* tt = p->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(static_cast<int>(v.type));
    auto* shape = tt->mutable_shape();
    for (size_t i = 0; i < v.shape.size(); ++i) {
        auto* d = shape->add_dim();
        const std::string param = i < v.dim_params.size() ? v.dim_params[i] : "";
        if (!param.empty() || v.shape[i] < 0)
            d->set_dim_param(param.empty() ? "d" + std::to_string(i) : param);
        else
            d->set_dim_value(v.shape[i]);
    }
}

void write_opsets(const Graph& g, onnx::ModelProto* m) {
    std::map<std::string, int64_t> opsets = g.opsets;
    if (!opsets.count("")) opsets[""] = kOnnxOpset;
    for (const Node& n : g.nodes)
        if (!opsets.count(n.domain)) opsets[n.domain] = 1; // custom domains are version 1
    for (const auto& [domain, version] : opsets) {
        auto* op = m->add_opset_import();
        op->set_domain(domain);
        op->set_version(version);
    }
}

void write_node(const Node& n, onnx::NodeProto* p) {
    p->set_name(n.name);
    p->set_op_type(n.op_type);
    if (!n.domain.empty()) p->set_domain(n.domain);
    for (const auto& i : n.inputs) p->add_input(i);
    for (const auto& o : n.outputs) p->add_output(o);
    for (const auto& [key, a] : n.attributes) write_attribute(key, a, p->add_attribute());
}

} // namespace

std::string serialize_model(const Graph& g) {
    onnx::ModelProto m;
    m.set_ir_version(kIrVersion);
    m.set_producer_name(g.producer_name);
    if (!g.doc_string.empty()) m.set_doc_string(g.doc_string);
    write_opsets(g, &m);
    auto* gp = m.mutable_graph();
    gp->set_name(g.name);
    for (const Node& n : g.nodes) write_node(n, gp->add_node());
    for (const auto& [name, t] : g.initializers) write_tensor(t, name, gp->add_initializer());
    for (const ValueInfo& v : g.inputs) write_value_info(v, gp->add_input());
    for (const ValueInfo& v : g.outputs) write_value_info(v, gp->add_output());
    for (const auto& [key, value] : g.metadata) {
        auto* kv = m.add_metadata_props();
        kv->set_key(key);
        kv->set_value(value);
    }
    for (const auto& [tensor, pairs] : g.annotations) {
        auto* a = gp->add_quantization_annotation();
        a->set_tensor_name(tensor);
        for (const auto& [key, value] : pairs) {
            auto* kv = a->add_quant_parameter_tensor_names();
            kv->set_key(key);
            kv->set_value(value);
        }
    }
    std::string bytes;
    if (!m.SerializeToString(&bytes)) throw QonnxError("cannot serialise model '" + g.name + "'");
    return bytes;
}

void write_model(const Graph& g, const std::string& path) {
    const std::string bytes = serialize_model(g);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw QonnxError(path + ": cannot open for writing");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw QonnxError(path + ": write failed");
}

} // namespace qonnx
