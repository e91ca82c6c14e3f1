#include "cimx/train/architectures.h"

#include "cimx/train/activation_layer.h"
#include "cimx/train/batchnorm_layer.h"
#include "cimx/train/conv_layer.h"
#include "cimx/train/dense_layer.h"
#include "cimx/train/flatten_layer.h"
#include "cimx/train/maxpool_layer.h"

#include <stdexcept>

namespace cimx::train {
namespace {

void hidden_dense(Network& net, int64_t in, int64_t out, QuantKind q, bool first, Rng& rng) {
    net.add(std::make_unique<DenseLayer>(in, out, q, !first, rng));
    net.add(std::make_unique<BatchNormLayer>(out, false));
    net.add(std::make_unique<ActivationLayer>(q));
}

void output_dense(Network& net, int64_t in, int64_t classes, QuantKind q, Rng& rng) {
    net.add(std::make_unique<DenseLayer>(in, classes, q, true, rng));
    net.add(std::make_unique<BatchNormLayer>(classes, true));
}

Network build_mlp(const ArchSpec& s, int64_t h, int64_t w, int64_t classes, Rng& rng) {
    Network net;
    net.add(std::make_unique<FlattenLayer>());
    hidden_dense(net, h * w, s.hidden, s.quant, true, rng);
    hidden_dense(net, s.hidden, s.hidden, s.quant, false, rng);
    output_dense(net, s.hidden, classes, s.quant, rng);
    return net;
}

Network build_cnn(const ArchSpec& s, int64_t h, int64_t w, int64_t classes, Rng& rng) {
    if (s.channels.size() != 3)
        throw std::invalid_argument("cnn needs three channel counts, e.g. 32,64,64");
    Network net;
    int64_t in = 1;
    for (size_t i = 0; i < 3; ++i) {
        const int64_t pad = i == 0 ? 1 : 0; // only the real-valued first layer is padded
        net.add(std::make_unique<ConvLayer>(in, s.channels[i], 3, pad, s.quant, i > 0, rng));
        const bool pool = i < 2;
        if (pool && s.pool_first) net.add(std::make_unique<MaxPoolLayer>());
        net.add(std::make_unique<BatchNormLayer>(s.channels[i], false));
        net.add(std::make_unique<ActivationLayer>(s.quant));
        if (pool && !s.pool_first) net.add(std::make_unique<MaxPoolLayer>());
        h = h + 2 * pad - 2;
        w = w + 2 * pad - 2;
        if (pool) {
            h /= 2;
            w /= 2;
        }
        in = s.channels[i];
    }
    if (h < 1 || w < 1) throw std::invalid_argument("images too small for the cnn");
    net.add(std::make_unique<FlattenLayer>());
    int64_t features = h * w * in;
    if (s.cnn_dense > 0) {
        hidden_dense(net, features, s.cnn_dense, s.quant, false, rng);
        features = s.cnn_dense;
    }
    output_dense(net, features, classes, s.quant, rng);
    return net;
}

} // namespace

Network build_network(const ArchSpec& spec, int64_t height, int64_t width, int64_t classes,
                      Rng& rng) {
    if (spec.arch == "mlp") return build_mlp(spec, height, width, classes, rng);
    if (spec.arch == "cnn") return build_cnn(spec, height, width, classes, rng);
    throw std::invalid_argument("unknown architecture '" + spec.arch + "' (use mlp or cnn)");
}

} // namespace cimx::train
