#include "cimx/train/network.h"

namespace cimx::train {

Act Network::forward(const Act& x, bool training) {
    Act a = x;
    for (auto& l : layers_) a = l->forward(a, training);
    return a;
}

void Network::backward(const Act& grad) {
    Act g = grad;
    for (size_t i = layers_.size(); i-- > 0;) g = layers_[i]->backward(g);
}

std::vector<Param*> Network::params() {
    std::vector<Param*> all;
    for (auto& l : layers_)
        for (Param* p : l->params()) all.push_back(p);
    return all;
}

qonnx::Graph Network::export_qonnx(const std::string& name, int64_t height, int64_t width,
                                   int64_t classes, const std::string& doc) const {
    qonnx::GraphBuilder b(name);
    ExportContext ctx{b, b.input("input", {-1, 1, height, width}), {1, height, width}, {}, 0};
    for (const auto& l : layers_) l->export_qonnx(ctx);
    // Name the final tensor "logits" with an Identity-free rename: re-point the last node.
    qonnx::Graph g = b.finish();
    for (auto& n : g.nodes)
        for (auto& o : n.outputs)
            if (o == ctx.tensor) o = "logits";
    for (auto& n : g.nodes)
        for (auto& i : n.inputs)
            if (i == ctx.tensor) i = "logits";
    qonnx::ValueInfo out;
    out.name = "logits";
    out.shape = {-1, classes};
    out.dim_params = {"N", ""};
    g.outputs.push_back(out);
    g.doc_string = doc;
    g.producer_name = "cimx train";
    return g;
}

std::string Network::describe() const {
    std::string s;
    for (const auto& l : layers_) s += (s.empty() ? "" : " | ") + l->describe();
    return s;
}

} // namespace cimx::train
