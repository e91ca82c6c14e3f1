// scripts/slurm-sweep.sh on a real Slurm: munged, slurmctld and slurmd from Debian's slurm-wlm
// and munge, started on localhost with a generated slurm.conf in a temporary directory
// (local_slurm.sh), run a sweep as an array job of shards plus a merge job; the merged results
// equal the same sweep run locally. The daemons are stopped in TearDown, and by a watchdog if
// this test is killed. Label "slurm".
#include "tests/cimx/sweep/sweep_test_helpers.h"

#include <cstdlib>
#include <filesystem>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using namespace sweeptest;
namespace fs = std::filesystem;

const std::string local_slurm = CIMVP_SOURCE_DIR "/tests/cimx/sweep/local_slurm.sh";

// A TCP port nobody listens on now (the kernel's choice).
int free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
        return -1;
    close(fd);
    return ntohs(a.sin_port);
}

class SlurmSweep : public SweepTest {
  protected:
    std::string cluster;
    bool started = false;

    void SetUp() override {
        SweepTest::SetUp();
        if (geteuid() != 0) GTEST_SKIP() << "starting slurmd and munged needs root";
        for (const char* tool :
             {"/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch"})
            ASSERT_TRUE(fs::exists(tool)) << tool << " missing: scripts/setup.sh installs it";
        cluster = dir + "/cluster";
        fs::create_directories(cluster);
        // munged wants every directory above its socket searchable by all (mkdtemp's is not).
        fs::permissions(dir, fs::perms::others_exec | fs::perms::group_exec, fs::perm_options::add);
        const int ctld = free_port(), slurmd = free_port();
        ASSERT_GT(ctld, 0);
        ASSERT_NE(ctld, slurmd);
        const auto r = testutil::run_process({local_slurm, "start", cluster, std::to_string(ctld),
                                              std::to_string(slurmd), std::to_string(getpid())},
                                             120);
        started = true;
        ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
        setenv("SLURM_CONF", (cluster + "/slurm.conf").c_str(), 1);
    }

    void TearDown() override {
        if (started) {
            std::vector<std::string> pids;
            for (const char* d : {"slurmd", "slurmctld", "munged"})
                pids.push_back(read_file(cluster + "/" + d + ".pid"));
            const auto r = testutil::run_process({local_slurm, "stop", cluster}, 60);
            EXPECT_EQ(r.exit_code, 0) << testutil::describe(r);
            for (const std::string& p : pids) {
                if (p.empty()) continue;
                EXPECT_NE(kill(std::stoi(p), 0), 0) << "daemon " << p << " alive";
            }
        }
        SweepTest::TearDown();
    }
};

TEST_F(SlurmSweep, AnArrayJobOfShardsAndAMergeEqualTheLocalSweep) {
    const std::string file = sweep_file(
        "s.cfg", head("bnn-mlp.onnx", 16, 2, 9) + "xbar.sigma_lrs = 4\nxbar.adc_bits = 3\n[axes]\n"
                                                  "cpu.clock_mhz = 50 100 200\n");
    const auto submit = testutil::run_process({CIMVP_SOURCE_DIR "/scripts/slurm-sweep.sh", file,
                                               dir + "/cluster-out", "--shards", "2", "--cimx",
                                               CIMX_PATH, "--wait"},
                                              600, dir);
    ASSERT_EQ(submit.exit_code, 0) << testutil::describe(submit) << "\n"
                                   << read_file(dir + "/cluster-out/slurm/merge.out");
    EXPECT_NE(submit.out.find("array 1-2"), std::string::npos) << submit.out;
    for (const char* shard : {"1", "2"})
        EXPECT_TRUE(fs::exists(dir + "/cluster-out/shards/" + shard + "/manifest.json"));

    const auto local = cimx({"sweep", file, "--out", dir + "/local", "-j", "2"});
    ASSERT_EQ(local.exit_code, 0) << testutil::describe(local);
    Csv a = read_csv(dir + "/local/results.csv"), b = read_csv(dir + "/cluster-out/results.csv");
    ASSERT_EQ(a.size(), 7u);
    const size_t host = column(a, "host_s");
    for (Csv* c : {&a, &b})
        for (auto& row : *c) row.erase(row.begin() + long(host));
    EXPECT_EQ(b, a);
    EXPECT_EQ(read_file(dir + "/cluster-out/summary.csv"), read_file(dir + "/local/summary.csv"));
    const auto x = read_jsonl(dir + "/local/results.jsonl"),
               y = read_jsonl(dir + "/cluster-out/results.jsonl");
    ASSERT_EQ(x.size(), y.size());
    for (size_t i = 0; i < x.size(); ++i)
        EXPECT_EQ(without_host_timing(x[i]), without_host_timing(y[i])) << i;
}

} // namespace
