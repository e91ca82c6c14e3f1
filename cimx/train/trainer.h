// The training loop of `cimx train`: shuffled mini-batches, softmax cross-entropy, Adam
// with a cosine learning-rate schedule, one progress line per epoch. Reproducible: the
// same seed and thread count give the same bits (all randomness comes from one seeded Rng;
// parallel loops write disjoint data; reductions run in a fixed order).
#pragma once

#include "dataset/dataset.h"
#include "cimx/train/network.h"

#include <functional>
#include <string>
#include <vector>

namespace cimx::train {

struct TrainOptions {
    int epochs = 10;
    int64_t batch = 100;
    float lr = 2e-3f;
    uint64_t seed = 1;
    int threads = 2;
};

// A dataset whose top-1 accuracy is measured (inference mode) after every epoch, e.g. the
// validation split. The trainer reads nothing else: the caller decides which sets it sees.
struct MonitoredSet {
    std::string name; // as printed: "val", "test"
    const Dataset* data = nullptr;
};

struct EpochStats {
    int epoch = 0;
    double loss = 0, train_acc = 0, seconds = 0;
    std::vector<double> accuracy; // one per monitored set, in the order given to train()
};

// Sets the OpenMP / Eigen thread count used by training and evaluation.
void set_threads(int threads);

// Tunes the allocator for the training loop's large, repeated allocations (glibc only).
void keep_freed_memory();

// One image batch as the network's input: rows = images * pixels, one channel.
Act make_batch(const Dataset& d, const std::vector<int64_t>& order, size_t begin, size_t end);

// Top-1 accuracy of the network (inference mode) on a dataset.
double evaluate(Network& net, const Dataset& d, int64_t batch = 500);

// Trains on train_set; after each epoch measures the monitored sets (none: no evaluation)
// and calls `progress`. Returns the per-epoch statistics.
std::vector<EpochStats> train(Network& net, const Dataset& train_set,
                              const std::vector<MonitoredSet>& monitored, const TrainOptions& opt,
                              const std::function<void(const EpochStats&)>& progress);

// One optimisation step on a batch; returns the batch loss (used by the smoke test).
double train_step(Network& net, const Act& x, const std::vector<int>& labels, class Adam& adam,
                  float lr, int64_t* correct = nullptr);

} // namespace cimx::train
