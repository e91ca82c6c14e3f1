#include "compiler/qonnx/graph.h"

#include "compiler/qonnx/error.h"

namespace qonnx {

bool is_qonnx_domain(const std::string& domain) {
    return domain == kQonnxDomain || domain == kFinnDomain || domain == kBrevitasDomain;
}

bool is_onnx_domain(const std::string& domain) { return domain.empty() || domain == "ai.onnx"; }

Attribute Attribute::of_int(int64_t v) {
    Attribute a;
    a.kind = Kind::Int;
    a.i = v;
    return a;
}

Attribute Attribute::of_float(float v) {
    Attribute a;
    a.kind = Kind::Float;
    a.f = v;
    return a;
}

Attribute Attribute::of_string(std::string v) {
    Attribute a;
    a.kind = Kind::String;
    a.s = std::move(v);
    return a;
}

Attribute Attribute::of_ints(std::vector<int64_t> v) {
    Attribute a;
    a.kind = Kind::Ints;
    a.ints = std::move(v);
    return a;
}

Attribute Attribute::of_floats(std::vector<float> v) {
    Attribute a;
    a.kind = Kind::Floats;
    a.floats = std::move(v);
    return a;
}

Attribute Attribute::of_tensor(qonnx::Tensor v) {
    Attribute a;
    a.kind = Kind::Tensor;
    a.t = std::move(v);
    return a;
}

bool operator==(const Attribute& a, const Attribute& b) {
    if (a.kind != b.kind) return false;
    switch (a.kind) {
    case Attribute::Kind::Int: return a.i == b.i;
    case Attribute::Kind::Float: return a.f == b.f;
    case Attribute::Kind::String: return a.s == b.s;
    case Attribute::Kind::Ints: return a.ints == b.ints;
    case Attribute::Kind::Floats: return a.floats == b.floats;
    case Attribute::Kind::Tensor: return a.t.shape == b.t.shape && a.t.data == b.t.data;
    }
    return false;
}

namespace {

const Attribute* find_attr(const Node& n, const std::string& key, Attribute::Kind kind) {
    auto it = n.attributes.find(key);
    if (it == n.attributes.end()) return nullptr;
    if (it->second.kind != kind)
        throw QonnxError(n.describe() + ": attribute '" + key + "' has the wrong type");
    return &it->second;
}

} // namespace

int64_t Node::attr_int(const std::string& key, int64_t fallback) const {
    const Attribute* a = find_attr(*this, key, Attribute::Kind::Int);
    return a ? a->i : fallback;
}

float Node::attr_float(const std::string& key, float fallback) const {
    const Attribute* a = find_attr(*this, key, Attribute::Kind::Float);
    return a ? a->f : fallback;
}

std::string Node::attr_string(const std::string& key, const std::string& fallback) const {
    const Attribute* a = find_attr(*this, key, Attribute::Kind::String);
    return a ? a->s : fallback;
}

std::vector<int64_t> Node::attr_ints(const std::string& key, std::vector<int64_t> fallback) const {
    const Attribute* a = find_attr(*this, key, Attribute::Kind::Ints);
    return a ? a->ints : fallback;
}

std::string Node::describe() const {
    return "node '" + (name.empty() ? (outputs.empty() ? "?" : outputs[0]) : name) + "' (" +
           op_type + ")";
}

const Tensor* Graph::initializer(const std::string& n) const {
    auto it = initializers.find(n);
    return it == initializers.end() ? nullptr : &it->second;
}

const Node* Graph::producer_of(const std::string& tensor) const {
    for (const Node& n : nodes)
        for (const std::string& o : n.outputs)
            if (o == tensor) return &n;
    return nullptr;
}

std::string Graph::finn_datatype(const std::string& tensor) const {
    auto it = annotations.find(tensor);
    if (it == annotations.end()) return "";
    auto kv = it->second.find("finn_datatype");
    return kv == it->second.end() ? "" : kv->second;
}

} // namespace qonnx
