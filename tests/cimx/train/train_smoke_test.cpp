// A few training steps on a small synthetic task must lower the loss, for every
// architecture and quantization; and training is reproducible bit for bit.
#include "compiler/qonnx/onnx_io.h"
#include "cimx/train/adam.h"
#include "cimx/train/architectures.h"
#include "cimx/train/trainer.h"

#include <gtest/gtest.h>

#include <numeric>

namespace {

using namespace cimx::train;

// 16x16 images of 4 classes: a bright quadrant (the class) plus noise.
cimx::Dataset synthetic(int64_t n, uint64_t seed) {
    Rng rng(seed);
    cimx::Dataset d;
    d.count = n;
    d.rows = d.cols = 16;
    d.num_classes = 4;
    for (int64_t i = 0; i < n; ++i) {
        const int c = int(i % 4);
        d.labels.push_back(c);
        for (int y = 0; y < 16; ++y)
            for (int x = 0; x < 16; ++x) {
                const bool on = (y / 8) * 2 + (x / 8) == c;
                d.images.push_back(std::min(1.0f, (on ? 0.6f : 0.0f) + 0.4f * rng.uniform()));
            }
    }
    return d;
}

ArchSpec tiny(const std::string& arch, QuantKind q) {
    ArchSpec s;
    s.arch = arch;
    s.quant = q;
    s.hidden = 32;
    s.channels = {4, 8, 8};
    return s;
}

TEST(TrainSmoke, FewStepsLowerTheLoss) {
    set_threads(1);
    const cimx::Dataset d = synthetic(64, 1);
    std::vector<int64_t> order(64);
    std::iota(order.begin(), order.end(), 0);
    const Act x = make_batch(d, order, 0, 64);
    for (const char* arch : {"mlp", "cnn"})
        for (auto q : {QuantKind::binary, QuantKind::ternary}) {
            SCOPED_TRACE(std::string(arch) + " " + quant_kind_name(q));
            Rng rng(2);
            Network net = build_network(tiny(arch, q), 16, 16, 4, rng);
            Adam adam;
            std::vector<double> losses;
            for (int s = 0; s < 12; ++s)
                losses.push_back(train_step(net, x, d.labels, adam, 0.01f));
            const double first = (losses[0] + losses[1]) / 2, last = (losses[10] + losses[11]) / 2;
            EXPECT_LT(last, 0.8 * first) << "loss " << first << " -> " << last;
        }
}

TEST(TrainSmoke, SameSeedSameThreadsSameModelBytes) {
    const cimx::Dataset train_set = synthetic(200, 3), test_set = synthetic(40, 4);
    TrainOptions opt;
    opt.epochs = 2;
    opt.batch = 20;
    opt.seed = 9;
    opt.threads = 2;
    auto run = [&] {
        Rng rng(opt.seed);
        Network net = build_network(tiny("cnn", QuantKind::ternary), 16, 16, 4, rng);
        const auto stats =
            train(net, train_set, {{"test", &test_set}}, opt, [](const EpochStats&) {});
        EXPECT_EQ(stats.size(), 2u);
        return qonnx::serialize_model(net.export_qonnx("m", 16, 16, 4, ""));
    };
    EXPECT_EQ(run(), run());
}

} // namespace

namespace {

// The trainer measures exactly the sets it is given, in order, with the network it ends with;
// given none it evaluates nothing (that is how `cimx train` keeps the test set out).
TEST(TrainSmoke, MeasuresOnlyTheMonitoredSets) {
    const cimx::Dataset train_set = synthetic(120, 5), a = synthetic(40, 6), b = synthetic(24, 7);
    TrainOptions opt;
    opt.epochs = 2;
    opt.batch = 20;
    opt.threads = 1;
    Rng rng(3);
    Network net = build_network(tiny("mlp", QuantKind::binary), 16, 16, 4, rng);
    const auto none = train(net, train_set, {}, opt,
                            [](const EpochStats& s) { EXPECT_TRUE(s.accuracy.empty()); });
    ASSERT_EQ(none.size(), 2u);
    const auto two = train(net, train_set, {{"val", &a}, {"other", &b}}, opt,
                           [](const EpochStats& s) { EXPECT_EQ(s.accuracy.size(), 2u); });
    ASSERT_EQ(two.size(), 2u);
    EXPECT_DOUBLE_EQ(two.back().accuracy[0], evaluate(net, a));
    EXPECT_DOUBLE_EQ(two.back().accuracy[1], evaluate(net, b));
}

} // namespace
