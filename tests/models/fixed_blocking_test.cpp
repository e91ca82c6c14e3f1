// The trainer and the host executor must compute the same bits whatever cache sizes Eigen
// detects (qonnx/eigen_blocking.h). eigen_blocking_probe sets Eigen's cache sizes as it
// would detect them on three machines and prints hashes of a plain Eigen product, of two
// short training runs and of the executor's MatMul, Gemm and Conv: the plain product must
// differ between the machines (else the check could not see a difference), the rest must not.
#include "subprocess.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace {

std::map<std::string, std::string> probe(const std::string& l1, const std::string& l2,
                                         const std::string& l3) {
    const auto r = testutil::run_process({EIGEN_BLOCKING_PROBE_PATH, l1, l2, l3}, 300);
    EXPECT_EQ(r.exit_code, 0) << testutil::describe(r);
    std::map<std::string, std::string> hashes;
    std::istringstream in(r.out);
    for (std::string name, hash; in >> name >> hash;) hashes[name] = hash;
    return hashes;
}

TEST(FixedBlocking, SameBitsWhateverCacheSizesEigenDetects) {
    // The project's machine (an Intel Xeon VM: 48 KiB L1d, 2 MiB L2, 260 MiB L3), a
    // 32 KiB / 1 MiB / 32 MiB one and a 24 KiB / 1 MiB / 4 MiB one (Intel Atom's L1d).
    const auto a = probe("49152", "2097152", "272629760");
    const auto b = probe("32768", "1048576", "33554432");
    const auto c = probe("24576", "1048576", "4194304");
    ASSERT_EQ(a.size(), 6u);
    // Eigen's blocking also depends on the build's SIMD width: with AVX2 all three control
    // products differ, without it two of them.
    EXPECT_FALSE(a.at("control") == b.at("control") && a.at("control") == c.at("control"))
        << "the machines' cache sizes do not change a plain product: the check sees nothing";
    for (const char* name :
         {"trainer-mlp", "trainer-cnn", "executor-matmul", "executor-gemm", "executor-conv"}) {
        EXPECT_EQ(a.at(name), b.at(name)) << name;
        EXPECT_EQ(a.at(name), c.at(name)) << name;
    }
}

} // namespace
