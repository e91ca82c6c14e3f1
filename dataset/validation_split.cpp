#include "dataset/validation_split.h"

#include <stdexcept>
#include <string>

namespace cimx {

ValidationSplit split_off_validation(const Dataset& all, int64_t n) {
    if (n < 0 || n >= all.count)
        throw std::invalid_argument("--validation " + std::to_string(n) +
                                    ": must be at least 0 and leave training images (the "
                                    "training set has " +
                                    std::to_string(all.count) + ")");
    ValidationSplit s;
    s.first_validation = all.count - n;
    s.train = all.slice(0, s.first_validation);
    s.validation = all.slice(s.first_validation, all.count);
    return s;
}

} // namespace cimx
