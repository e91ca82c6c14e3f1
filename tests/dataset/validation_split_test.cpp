// The validation split of `cimx train --validation N`: exactly the last N examples, in file
// order, disjoint from the training part, the same on every call; bad sizes are errors.
#include "dataset/validation_split.h"

#include <gtest/gtest.h>

#include <set>

namespace {

// n one-pixel "images": image i has pixel value i (its identity), label i % 3; 5 classes
// declared so a split that happens to miss a class still keeps the file's class count.
cimx::Dataset numbered(int64_t n) {
    cimx::Dataset d;
    d.count = n;
    d.rows = d.cols = 1;
    d.num_classes = 5;
    for (int64_t i = 0; i < n; ++i) {
        d.images.push_back(float(i));
        d.labels.push_back(int(i % 3));
    }
    return d;
}

std::vector<int64_t> identities(const cimx::Dataset& d) {
    std::vector<int64_t> ids;
    for (int64_t i = 0; i < d.count; ++i) ids.push_back(int64_t(*d.image(i)));
    return ids;
}

TEST(ValidationSplit, HoldsOutTheLastNInFileOrder) {
    const cimx::ValidationSplit s = cimx::split_off_validation(numbered(10), 3);
    EXPECT_EQ(s.first_validation, 7);
    EXPECT_EQ(s.train.count, 7);
    EXPECT_EQ(s.validation.count, 3);
    EXPECT_EQ(identities(s.train), (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(identities(s.validation), (std::vector<int64_t>{7, 8, 9}));
    EXPECT_EQ(s.validation.labels, (std::vector<int>{1, 2, 0})); // labels travel with images
    EXPECT_EQ(s.train.num_classes, 5);
    EXPECT_EQ(s.validation.num_classes, 5);
    EXPECT_EQ(s.validation.rows, 1);
}

TEST(ValidationSplit, DisjointAndCoveringForEverySize) {
    const cimx::Dataset all = numbered(50);
    for (int64_t n = 0; n < 50; ++n) {
        const cimx::ValidationSplit s = cimx::split_off_validation(all, n);
        ASSERT_EQ(s.train.count + s.validation.count, 50);
        ASSERT_EQ(s.validation.count, n);
        std::set<int64_t> seen;
        for (int64_t id : identities(s.train)) seen.insert(id);
        for (int64_t id : identities(s.validation))
            ASSERT_TRUE(seen.insert(id).second) << "image " << id << " is in both parts, n " << n;
        ASSERT_EQ(seen.size(), 50u);
    }
}

TEST(ValidationSplit, SameSplitEveryTime) {
    const cimx::Dataset all = numbered(20);
    const cimx::ValidationSplit a = cimx::split_off_validation(all, 6),
                                b = cimx::split_off_validation(all, 6);
    EXPECT_EQ(a.train.images, b.train.images);
    EXPECT_EQ(a.validation.images, b.validation.images);
    EXPECT_EQ(a.validation.labels, b.validation.labels);
}

TEST(ValidationSplit, ZeroKeepsEverythingForTraining) {
    const cimx::ValidationSplit s = cimx::split_off_validation(numbered(4), 0);
    EXPECT_EQ(s.train.count, 4);
    EXPECT_EQ(s.validation.count, 0);
    EXPECT_TRUE(s.validation.images.empty());
}

TEST(ValidationSplit, BadSizesAreErrorsNamingTheCounts) {
    const cimx::Dataset all = numbered(4);
    for (int64_t n : {-1, 4, 5}) {
        try {
            cimx::split_off_validation(all, n);
            ADD_FAILURE() << "no error for --validation " << n;
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find("--validation " + std::to_string(n)),
                      std::string::npos)
                << e.what();
            EXPECT_NE(std::string(e.what()).find("has 4"), std::string::npos) << e.what();
        }
    }
}

TEST(DatasetSlice, OutOfRangeIsAnError) {
    const cimx::Dataset all = numbered(4);
    EXPECT_THROW(all.slice(3, 2), std::out_of_range);
    EXPECT_THROW(all.slice(-1, 2), std::out_of_range);
    EXPECT_THROW(all.slice(0, 5), std::out_of_range);
    EXPECT_EQ(identities(all.slice(1, 3)), (std::vector<int64_t>{1, 2}));
}

} // namespace
