// cimx run's per-layer table: one row per network layer plus the CPU's time outside the layers,
// per inference. The rows add up to the run's figures (time to the latency region's time, CPU
// and accelerator parts to the latency's split, energy to the energy per inference at batch 1
// and at the batch, MVMs and instructions to the region's), on the command-list path (the
// accelerator attributes each descriptor to its layer) and on the per-tile path (the firmware's
// layer marker); and the work lands in the layers that did it.
#include "tests/cimx/run/cimx_run_fixture.h"

#include <algorithm>
#include <sstream>

namespace {

using cimxtest::CimxRun;
using cimxtest::model;
using cimxtest::region;

double sum(const nlohmann::json& rows, const std::string& key) {
    double s = 0;
    for (const auto& r : rows) s += r[key].get<double>();
    return s;
}

void expect_near_rel(double actual, double expected, const std::string& what) {
    EXPECT_NEAR(actual, expected, 1e-9 * std::max(1e-30, std::abs(expected))) << what;
}

// The rows of `j` add up to its totals; returns the rows of layers (not the outside row).
void expect_rows_add_up(const nlohmann::json& j) {
    const nlohmann::json& rows = j["layers"];
    const auto& alone = region(j, 2);
    const double n = alone["entries"].get<double>();
    expect_near_rel(sum(rows, "time_s"), alone["sim_time_s"].get<double>() / n, "time");
    expect_near_rel(sum(rows, "cpu_s"), j["latency_breakdown_s"]["cpu"].get<double>(), "cpu");
    expect_near_rel(sum(rows, "xbar_busy_s"), alone["xbar"]["busy_s"].get<double>() / n, "busy");
    expect_near_rel(sum(rows, "xbar_mvm_s"), j["latency_breakdown_s"]["xbar_mvm"].get<double>(),
                    "mvm time");
    expect_near_rel(sum(rows, "mvms"), alone["xbar"]["mvms"].get<double>() / n, "mvms");
    expect_near_rel(sum(rows, "cpu_instructions"), alone["instructions"].get<double>() / n,
                    "instructions");
    for (const auto& [part, v] : j["energy_batch1_breakdown_j"].items()) {
        double s = 0;
        for (const auto& r : rows) s += r["energy_breakdown_j"][part].get<double>();
        expect_near_rel(s, v.get<double>(), "energy " + part);
    }
    for (const auto& [part, v] : j["energy_breakdown_j"].items()) {
        double s = 0;
        for (const auto& r : j["layers_batch"]) s += r["energy_breakdown_j"][part].get<double>();
        expect_near_rel(s, v.get<double>(), "batch energy " + part);
    }
    // The latency is the firmware's clock; the region's time agrees within a tick.
    EXPECT_NEAR(sum(rows, "time_s"), j["latency_s"].get<double>(),
                1e-3 * j["latency_s"].get<double>());
}

// bnn-cnn with the defaults: one command list per inference. Every layer has MVMs and a share
// of the accelerator's time (the descriptors are tagged); the CPU's time outside the layers
// (list start, wake-up) has none; the output layer's CPU time is its argmax arithmetic.
TEST_F(CimxRun, LayerRowsAddUpOnTheCommandListPath) {
    auto j =
        run_json({model("bnn-cnn.onnx"), "--images", "4", "--latency-images", "2", "--layers"});
    const nlohmann::json& rows = j["layers"];
    ASSERT_GE(rows.size(), 4u); // outside + 3 layers at least
    expect_rows_add_up(j);
    EXPECT_TRUE(rows[0]["layer"].is_null());
    EXPECT_EQ(rows[0]["mvms"].get<double>(), 0);
    EXPECT_EQ(rows[0]["xbar_busy_s"].get<double>(), 0);
    for (size_t i = 1; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i]["layer"], i - 1);
        EXPECT_FALSE(rows[i]["name"].get<std::string>().empty());
        EXPECT_GT(rows[i]["mvms"].get<double>(), 0) << i;
        EXPECT_GT(rows[i]["xbar_busy_s"].get<double>(), 0) << i;
        EXPECT_GT(rows[i]["descriptors"].get<double>(), 0) << i;
    }
    EXPECT_GT(rows.back()["cpu_s"].get<double>(), 0);   // the output arithmetic
    EXPECT_GT(rows[1]["periphery_s"].get<double>(), 0); // thresholds on the accelerator
}

// bnn-mlp on the per-tile path with the first layer on the CPU: the first layer's time is all
// CPU, and every layer's accelerator work is what ran while its marker was on.
TEST_F(CimxRun, LayerRowsAddUpOnThePerTilePath) {
    auto j = run_json({model("bnn-mlp.onnx"), "--images", "4", "--latency-images", "2",
                       "--postprocess", "cpu", "--first-layer", "cpu", "--layers"});
    const nlohmann::json& rows = j["layers"];
    ASSERT_GE(rows.size(), 3u);
    expect_rows_add_up(j);
    EXPECT_EQ(rows[1]["mvms"].get<double>(), 0); // the first layer on the CPU
    EXPECT_GT(rows[1]["cpu_s"].get<double>(), 0.5 * j["latency_s"].get<double>());
    for (size_t i = 2; i < rows.size(); ++i) EXPECT_GT(rows[i]["mvms"].get<double>(), 0) << i;
}

// The column of `name` in the printed table's `row` line (first word), as a number.
double table_value(const std::string& out, const std::string& row, const std::string& name) {
    auto words = [](const std::string& line) {
        std::istringstream in(line);
        std::vector<std::string> w;
        for (std::string t; in >> t;) w.push_back(t);
        return w;
    };
    std::istringstream lines(out);
    std::vector<std::string> header, values;
    for (std::string line; std::getline(lines, line);) {
        auto w = words(line);
        if (!w.empty() && w[0] == "layer") header = w;
        if (!w.empty() && w[0] == row) values = w;
    }
    auto at = std::find(header.begin(), header.end(), name);
    if (at == header.end() || values.size() != header.size()) {
        ADD_FAILURE() << "no column " << name << " or no row " << row << " in\n" << out;
        return -1;
    }
    return std::stod(values[at - header.begin()]);
}

// The printed table shows what the JSON record holds: its total row's time and DMA wait are
// the sums of the record's rows (us, printed with 3 decimals).
TEST_F(CimxRun, LayersPrintsTheTable) {
    const std::string json = dir + "/run.json";
    auto r = cimx({model("bnn-cnn.onnx"), "--images", "2", "--latency-images", "1", "--layers",
                   "-q", "--json", json});
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    EXPECT_NE(r.out.find("layers (one image alone, per inference"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("(outside layers)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\ntotal "), std::string::npos) << r.out;
    std::ifstream in(json);
    const nlohmann::json rows = nlohmann::json::parse(in)["layers"];
    EXPECT_NEAR(table_value(r.out, "total", "time"), 1e6 * sum(rows, "time_s"), 0.0015);
    EXPECT_NEAR(table_value(r.out, "total", "dma_wait"), 1e6 * sum(rows, "dma_wait_s"), 0.0015);
    EXPECT_NEAR(table_value(r.out, "conv0", "dma_wait"), 1e6 * rows[1]["dma_wait_s"].get<double>(),
                0.0015);
    auto plain = cimx({model("bnn-cnn.onnx"), "--images", "2", "--latency-images", "1", "-q"});
    EXPECT_EQ(plain.out.find("layers (one image alone"), std::string::npos) << plain.out;
}

} // namespace
