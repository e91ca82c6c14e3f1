// The training loop of `cimx train`: shuffled mini-batches, softmax cross-entropy, Adam
// with a cosine learning-rate schedule, one progress line per epoch. Reproducible: the
// same seed and thread count give the same bits (all randomness comes from one seeded Rng;
// parallel loops write disjoint data; reductions run in a fixed order).
#pragma once

#include "dataset/dataset.h"
#include "train/network.h"

#include <functional>

namespace cimx::train {

struct TrainOptions {
    int epochs = 10;
    int64_t batch = 100;
    float lr = 2e-3f;
    uint64_t seed = 1;
    int threads = 2;
};

struct EpochStats {
    int epoch = 0;
    double loss = 0, train_acc = 0, test_acc = 0, seconds = 0;
};

// Sets the OpenMP / Eigen thread count used by training and evaluation.
void set_threads(int threads);

// Tunes the allocator for the training loop's large, repeated allocations (glibc only).
void keep_freed_memory();

// One image batch as the network's input: rows = images * pixels, one channel.
Act make_batch(const Dataset& d, const std::vector<int64_t>& order, size_t begin, size_t end);

// Top-1 accuracy of the network (inference mode) on a dataset.
double evaluate(Network& net, const Dataset& d, int64_t batch = 500);

// Trains; calls `progress` after each epoch. Returns the per-epoch statistics.
std::vector<EpochStats> train(Network& net, const Dataset& train_set, const Dataset& test_set,
                              const TrainOptions& opt,
                              const std::function<void(const EpochStats&)>& progress);

// One optimisation step on a batch; returns the batch loss (used by the smoke test).
double train_step(Network& net, const Act& x, const std::vector<int>& labels, class Adam& adam,
                  float lr, int64_t* correct = nullptr);

} // namespace cimx::train
