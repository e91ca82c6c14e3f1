// expect_dataset_error: the one-line DatasetError the dataset readers throw, checked by parts.
#pragma once

#include "dataset/idx_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace datasettest {

// Expects `f` to throw cimx::DatasetError whose message is one line containing every one of
// `parts`.
template <typename F> void expect_dataset_error(F f, const std::vector<std::string>& parts) {
    try {
        f();
        FAIL() << "no error";
    } catch (const cimx::DatasetError& e) {
        const std::string msg = e.what();
        for (const auto& p : parts)
            EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
        EXPECT_EQ(msg.find('\n'), std::string::npos) << "error is one line";
    }
}

} // namespace datasettest
