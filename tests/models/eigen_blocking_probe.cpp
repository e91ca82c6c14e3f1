// Plays "another machine" for fixed_blocking_test: sets Eigen's cache sizes to the values
// given on the command line, as Eigen's own detection would on a CPU with those caches, then
// prints a hash of the bits of
//   control   a plain Eigen product (not fixed: shows the setting does take effect),
//   trainer   two short training runs (MLP and CNN, one thread): the latent weights and
//             other parameters, and the exported model bytes,
//   executor  the host executor's MatMul, Gemm and Conv on float operands (with binary
//             weights, as in the shipped models, most rounding differences vanish at the
//             next binarisation, so a model's logits would hide them),
// one "name hash" line each. Usage: eigen_blocking_probe L1_BYTES L2_BYTES L3_BYTES
#include "qonnx/executor.h"
#include "qonnx/graph_builder.h"
#include "qonnx/onnx_io.h"
#include "train/architectures.h"
#include "train/trainer.h"

#include <Eigen/Core>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

using namespace cimx::train;

uint64_t fnv1a(const void* data, size_t bytes) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < bytes; ++i) {
        h ^= static_cast<const unsigned char*>(data)[i];
        h *= 1099511628211ull;
    }
    return h;
}

void print(const char* name, uint64_t h) {
    std::printf("%s %016llx\n", name, static_cast<unsigned long long>(h));
}

// 28x28 images of 10 classes: a bright band (the class) plus noise.
cimx::Dataset synthetic(int64_t n) {
    Rng rng(7);
    cimx::Dataset d;
    d.count = n;
    d.rows = d.cols = 28;
    d.num_classes = 10;
    for (int64_t i = 0; i < n; ++i) {
        const int c = int(rng.below(10));
        d.labels.push_back(c);
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x)
                d.images.push_back(std::min(1.0f, (y / 3 == c ? 0.5f : 0.0f) + rng.uniform()));
    }
    return d;
}

// The shape of the MLP's first layer, where the blocking splits the 784-term sums.
uint64_t control_product() {
    Rng rng(3);
    Mat a(100, 784), b(784, 512);
    for (int64_t i = 0; i < a.size(); ++i) a.data()[i] = rng.uniform();
    for (int64_t i = 0; i < b.size(); ++i) b.data()[i] = rng.uniform(-1.0f, 1.0f);
    const Mat c = a * b;
    return fnv1a(c.data(), size_t(c.size()) * sizeof(float));
}

void train_short(const char* arch, const cimx::Dataset& d) {
    ArchSpec spec;
    spec.arch = arch;
    spec.channels = {16, 64, 64}; // conv3 sums 576 terms
    Rng rng(1);
    Network net = build_network(spec, 28, 28, 10, rng);
    TrainOptions opt;
    opt.epochs = 1;
    opt.threads = 1;
    train(net, d, {}, opt, [](const EpochStats&) {});
    const qonnx::Graph g = net.export_qonnx(arch, 28, 28, 10, "probe");
    uint64_t h = 0;
    for (const Param* p : net.params())
        h = h * 31 + fnv1a(p->value.data(), size_t(p->value.size()) * sizeof(float));
    const std::string bytes = qonnx::serialize_model(g);
    print((std::string("trainer-") + arch).c_str(), h * 31 + fnv1a(bytes.data(), bytes.size()));
}

qonnx::Tensor random_tensor(std::vector<int64_t> shape, Rng& rng) {
    qonnx::Tensor t = qonnx::Tensor::zeros(std::move(shape));
    for (float& v : t.data) v = rng.uniform(-1.0f, 1.0f);
    return t;
}

// One node on float operands through the executor: x [rows, in], the node's other inputs.
void run_node(const char* name, const std::string& op, qonnx::Tensor x,
              std::vector<qonnx::Tensor> weights, std::map<std::string, qonnx::Attribute> attrs,
              std::vector<int64_t> out_shape) {
    qonnx::GraphBuilder b(name);
    std::vector<std::string> inputs = {b.input("x", x.shape)};
    for (size_t i = 0; i < weights.size(); ++i)
        inputs.push_back(b.initializer("w" + std::to_string(i), std::move(weights[i])));
    b.output(b.node(op, inputs, std::move(attrs)), std::move(out_shape));
    const qonnx::Tensor y = qonnx::Executor(b.finish()).run(x);
    print(name, fnv1a(y.data.data(), y.data.size() * sizeof(float)));
}

void run_executor() {
    Rng rng(5);
    run_node("executor-matmul", "MatMul", random_tensor({100, 784}, rng),
             {random_tensor({784, 512}, rng)}, {}, {100, 512});
    run_node("executor-gemm", "Gemm", random_tensor({100, 784}, rng),
             {random_tensor({64, 784}, rng), random_tensor({64}, rng)},
             {{"transB", qonnx::Attribute::of_int(1)}}, {100, 64});
    run_node("executor-conv", "Conv", random_tensor({2, 64, 12, 12}, rng),
             {random_tensor({64, 64, 3, 3}, rng)}, {}, {2, 64, 10, 10}); // 576-term sums
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: eigen_blocking_probe L1_BYTES L2_BYTES L3_BYTES\n");
        return 2;
    }
    Eigen::setCpuCacheSizes(std::atol(argv[1]), std::atol(argv[2]), std::atol(argv[3]));
    print("control", control_product()); // first: nothing has fixed the sizes yet
    const cimx::Dataset d = synthetic(200);
    train_short("mlp", d);
    train_short("cnn", d);
    run_executor();
    return 0;
}
