// Exported QONNX files pass onnx.checker.check_model of Debian's python3-onnx: a freshly
// exported network of every kind, and the models shipped in models/. Skipped (with a
// message) where /usr/bin/python3 cannot import onnx.
#include "compiler/qonnx/onnx_io.h"
#include "tests/common/subprocess.h"
#include "tests/common/test_files.h"
#include "cimx/train/architectures.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace {

bool have_python_onnx() {
    return testutil::run_process({"/usr/bin/python3", "-c", "import onnx"}, 60).exit_code == 0;
}

testutil::ProcessResult check(const std::string& path) {
    return testutil::run_process(
        {"/usr/bin/python3", "-c",
         "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]))", path},
        120);
}

TEST(OnnxChecker, ExportedNetworksPass) {
    if (!have_python_onnx())
        GTEST_SKIP() << "python3-onnx is not installed (/usr/bin/python3 -c 'import onnx')";
    modeltest::TempDir dir;
    for (const char* arch : {"mlp", "cnn"})
        for (auto q : {cimx::train::QuantKind::binary, cimx::train::QuantKind::ternary}) {
            cimx::train::ArchSpec spec;
            spec.arch = arch;
            spec.quant = q;
            spec.hidden = 8;
            spec.channels = {2, 3, 4};
            spec.cnn_dense = std::string(arch) == "cnn" ? 6 : 0;
            cimx::train::Rng rng(1);
            auto net = cimx::train::build_network(spec, 28, 28, 10, rng);
            const std::string path = dir.path(std::string(arch) + quant_kind_name(q) + ".onnx");
            qonnx::write_model(net.export_qonnx("t", 28, 28, 10, "test"), path);
            const auto r = check(path);
            EXPECT_EQ(r.exit_code, 0) << path << ": " << testutil::describe(r);
        }
}

TEST(OnnxChecker, ShippedModelsPass) {
    if (!have_python_onnx())
        GTEST_SKIP() << "python3-onnx is not installed (/usr/bin/python3 -c 'import onnx')";
    const std::filesystem::path models = std::filesystem::path(CIMVP_SOURCE_DIR) / "models";
    int checked = 0;
    for (const char* name : {"bnn-mlp.onnx", "tnn-mlp.onnx", "bnn-cnn.onnx", "tnn-cnn.onnx"}) {
        const auto path = models / name;
        if (!std::filesystem::exists(path)) continue;
        const auto r = check(path.string());
        EXPECT_EQ(r.exit_code, 0) << path << ": " << testutil::describe(r);
        ++checked;
    }
    if (checked == 0) GTEST_SKIP() << "no shipped models in " << models;
}

} // namespace
