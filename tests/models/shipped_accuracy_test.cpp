// The test accuracy models/README.md documents for each shipped model is what `cimx eval`
// measures on all 10,000 Fashion-MNIST test images, to the 0.01 % printed. The figures are
// parsed from the README's table, so the documentation and this check cannot drift apart.
// ctest label: models-accuracy (part of the default run; `ctest -L models-accuracy` alone).
#include "tests/common/subprocess.h"
#include "tests/common/test_files.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

namespace {

const std::string kModels = std::string(CIMVP_SOURCE_DIR) + "/models";
const std::string kColumn = "test accuracy"; // the README column holding the checked figure

std::vector<std::string> table_cells(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream s(line.substr(1)); // after the leading '|'
    for (std::string c; std::getline(s, c, '|');) {
        const size_t a = c.find_first_not_of(' '), b = c.find_last_not_of(' ');
        cells.push_back(a == std::string::npos ? "" : c.substr(a, b - a + 1));
    }
    return cells;
}

// "`bnn-mlp.onnx`" -> "**87.12 %**" -> {"bnn-mlp.onnx", "87.12"}, from the README table whose
// header has a "test accuracy" column.
std::map<std::string, std::string> documented_accuracies() {
    std::stringstream readme(modeltest::read_file(kModels + "/README.md"));
    std::map<std::string, std::string> out;
    size_t column = 0;
    for (std::string line; std::getline(readme, line);) {
        if (line.empty() || line[0] != '|') {
            column = 0; // a table ended
            continue;
        }
        const std::vector<std::string> cells = table_cells(line);
        for (size_t i = 0; column == 0 && i < cells.size(); ++i)
            if (cells[i].find(kColumn) != std::string::npos) column = i;
        const std::string& file = cells[0];
        if (column == 0 || column >= cells.size() || file.size() < 7 || file[0] != '`' ||
            file.find(".onnx`") == std::string::npos)
            continue;
        std::string figure = cells[column];
        if (figure.rfind("**", 0) != 0 || figure.size() < 8 ||
            figure.substr(figure.size() - 4) != " %**")
            ADD_FAILURE() << "README row for " << file << ": test accuracy '" << figure
                          << "' is not of the form **NN.NN %**";
        else
            out[file.substr(1, file.size() - 2)] = figure.substr(2, figure.size() - 6);
    }
    return out;
}

// The four models this test checks (one test each, so ctest runs them in parallel).
const std::set<std::string> kChecked = {"bnn-mlp.onnx", "tnn-mlp.onnx", "bnn-cnn.onnx",
                                        "tnn-cnn.onnx"};

TEST(ShippedModels, EveryModelHasADocumentedTestAccuracyAndATest) {
    std::set<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(kModels))
        if (e.path().extension() == ".onnx") files.insert(e.path().filename().string());
    std::set<std::string> documented;
    for (const auto& [file, figure] : documented_accuracies()) documented.insert(file);
    EXPECT_EQ(documented, files) << "models/README.md's table and the .onnx files differ";
    EXPECT_EQ(kChecked, files) << "add a ShippedModelAccuracy test for the new model";
}

// `cimx eval` over the whole test split; the README figure must be the measured one, as
// printed: correct/10000 in percent with two decimals (exact, no rounding involved).
void check_documented_accuracy(const std::string& file) {
    const auto documented = documented_accuracies();
    ASSERT_TRUE(documented.count(file)) << file << " has no row in models/README.md";
    const auto r =
        testutil::run_process({CIMX_PATH, "eval", kModels + "/" + file, "--threads", "1"}, 1200);
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    long long correct = -1, images = -1;
    const size_t at = r.out.find(" (");
    ASSERT_NE(at, std::string::npos) << r.out;
    ASSERT_EQ(std::sscanf(r.out.c_str() + at, " (%lld/%lld images)", &correct, &images), 2)
        << r.out;
    ASSERT_EQ(images, 10000) << "not the whole test split: " << r.out;
    char measured[32];
    std::snprintf(measured, sizeof measured, "%lld.%02lld", correct / 100, correct % 100);
    EXPECT_EQ(documented.at(file), measured)
        << file << ": models/README.md says " << documented.at(file) << " %, cimx eval measures "
        << measured << " % (" << r.out << ")";
}

TEST(ShippedModelAccuracy, BnnMlp) { check_documented_accuracy("bnn-mlp.onnx"); }
TEST(ShippedModelAccuracy, TnnMlp) { check_documented_accuracy("tnn-mlp.onnx"); }
TEST(ShippedModelAccuracy, BnnCnn) { check_documented_accuracy("bnn-cnn.onnx"); }
TEST(ShippedModelAccuracy, TnnCnn) { check_documented_accuracy("tnn-cnn.onnx"); }

} // namespace
