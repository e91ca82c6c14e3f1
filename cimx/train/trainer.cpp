#include "cimx/train/trainer.h"

#include "cimx/train/adam.h"
#include "cimx/train/rng.h"
#include "cimx/train/softmax_loss.h"

#include <chrono>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <cmath>
#include <numeric>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace cimx::train {

void keep_freed_memory() {
#ifdef __GLIBC__
    // Every training step allocates and frees the same large activation matrices. glibc
    // would map and unmap them each time (page faults and zeroing were most of the run
    // time); keeping them on the heap lets the next step reuse the pages.
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

void set_threads(int threads) {
#ifdef _OPENMP
    omp_set_num_threads(threads);
#endif
    Eigen::setNbThreads(threads);
}

Act make_batch(const Dataset& d, const std::vector<int64_t>& order, size_t begin, size_t end) {
    Act x;
    x.h = d.rows;
    x.w = d.cols;
    x.m.resize(static_cast<int64_t>(end - begin) * d.pixels(), 1);
    for (size_t i = begin; i < end; ++i)
        std::copy(d.image(order[i]), d.image(order[i]) + d.pixels(),
                  x.m.data() + static_cast<int64_t>(i - begin) * d.pixels());
    return x;
}

double evaluate(Network& net, const Dataset& d, int64_t batch) {
    std::vector<int64_t> order(static_cast<size_t>(d.count));
    std::iota(order.begin(), order.end(), 0);
    int64_t correct = 0;
    for (int64_t s = 0; s < d.count; s += batch) {
        const size_t e = static_cast<size_t>(std::min(d.count, s + batch));
        const std::vector<int> pred =
            argmax_rows(net.forward(make_batch(d, order, size_t(s), e), false).m);
        for (size_t i = 0; i < pred.size(); ++i) correct += pred[i] == d.labels[size_t(s) + i];
    }
    return d.count ? double(correct) / double(d.count) : 0.0;
}

double train_step(Network& net, const Act& x, const std::vector<int>& labels, Adam& adam, float lr,
                  int64_t* correct) {
    const Act logits = net.forward(x, true);
    LossResult r = softmax_cross_entropy(logits.m, labels);
    Act g;
    g.m = std::move(r.grad);
    net.backward(g);
    adam.step(net.params(), lr);
    if (correct) *correct += r.correct;
    return r.loss;
}

std::vector<EpochStats> train(Network& net, const Dataset& train_set,
                              const std::vector<MonitoredSet>& monitored, const TrainOptions& opt,
                              const std::function<void(const EpochStats&)>& progress) {
    set_threads(opt.threads);
    keep_freed_memory();
    Rng rng(opt.seed ^ 0x5EEDF00Dull); // separate stream from weight initialisation
    Adam adam;
    std::vector<int64_t> order(static_cast<size_t>(train_set.count));
    std::iota(order.begin(), order.end(), 0);
    const int64_t steps_per_epoch =
        train_set.count / opt.batch; // the last partial batch is dropped
    const int64_t total_steps = std::max<int64_t>(1, steps_per_epoch * opt.epochs);
    std::vector<EpochStats> stats;
    int64_t step = 0;
    for (int epoch = 1; epoch <= opt.epochs; ++epoch) {
        const auto t0 = std::chrono::steady_clock::now();
        rng.shuffle(order);
        double loss_sum = 0;
        int64_t correct = 0;
        for (int64_t s = 0; s < steps_per_epoch; ++s, ++step) {
            const size_t b = size_t(s * opt.batch), e = b + size_t(opt.batch);
            std::vector<int> labels;
            for (size_t i = b; i < e; ++i) labels.push_back(train_set.labels[size_t(order[i])]);
            // Cosine decay from lr to 0 over the whole run.
            const float lr =
                opt.lr * 0.5f * (1.0f + std::cos(float(M_PI) * float(step) / float(total_steps)));
            loss_sum +=
                train_step(net, make_batch(train_set, order, b, e), labels, adam, lr, &correct);
        }
        EpochStats st;
        st.epoch = epoch;
        st.loss = steps_per_epoch ? loss_sum / double(steps_per_epoch) : 0;
        st.train_acc = steps_per_epoch ? double(correct) / double(steps_per_epoch * opt.batch) : 0;
        for (const MonitoredSet& m : monitored) st.accuracy.push_back(evaluate(net, *m.data));
        st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        stats.push_back(st);
        progress(st);
    }
    return stats;
}

} // namespace cimx::train
