// The validation split of `cimx train --validation N`: recipe decisions (epochs, learning
// rate, architecture) are made on images held out from the training file, never on the test
// file. The held-out images are the LAST n of the training set as loaded (after
// --train-limit), in file order: for Fashion-MNIST's 60,000 training images and n = 5,000,
// images 55,000..59,999 (0-based) of train-images-idx3-ubyte. No randomness: the split does
// not depend on the seed, so runs with different seeds or recipes are compared on the same
// images.
#pragma once

#include "dataset/dataset.h"

namespace cimx {

struct ValidationSplit {
    Dataset train;              // examples 0 .. first_validation-1
    Dataset validation;         // examples first_validation .. count-1
    int64_t first_validation{}; // index in the loaded training set of the first held-out example
};

// Holds out the last n examples. n = 0 keeps all for training (empty validation set);
// n < 0 or n >= all.count (nothing left to train on) throws std::invalid_argument.
ValidationSplit split_off_validation(const Dataset& all, int64_t n);

} // namespace cimx
