// cimx run's compile cache: a changed input of the build (the runtime sources, the cross
// compiler, profiled calibration images) is a rebuild, never a stale ELF; a damaged entry is
// rebuilt; a build killed half-way leaves nothing that counts as an entry; two concurrent runs of
// one key both succeed; --no-cache leaves the cache alone.
#include "tests/cimx/run/cimx_run_fixture.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>

namespace fs = std::filesystem;

namespace {

using cimxtest::CimxRun;
using cimxtest::model;

const std::vector<std::string> kRun = {model("bnn-mlp.onnx"), "--images", "2", "--latency-images",
                                       "1"};

bool compiled(const testutil::ProcessResult& r) {
    return r.err.find("cimx run: compiling") != std::string::npos;
}
bool cached(const testutil::ProcessResult& r) {
    return r.err.find("cimx run: firmware from the cache") != std::string::npos;
}

// Complete entries (directories named by their key), and leftovers of interrupted builds.
std::vector<fs::path> entries(const std::string& cache, const char* prefix = "") {
    std::vector<fs::path> v;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(cache, ec)) {
        const std::string name = e.path().filename().string();
        const bool temporary = name.rfind("tmp-", 0) == 0 || name.rfind("old-", 0) == 0;
        if (*prefix ? name.rfind(prefix, 0) == 0 : !temporary) v.push_back(e.path());
    }
    return v;
}

// The parts of the source tree the firmware build reads, copied.
std::string copy_sources(const std::string& dir) {
    const fs::path src = CIMVP_SOURCE_DIR, dst = fs::path(dir) / "src";
    fs::create_directories(dst / "platform");
    fs::create_directories(dst / "ip" / "tlm");
    fs::copy(src / "sw", dst / "sw", fs::copy_options::recursive);
    for (const char* d : {"platform", "ip/tlm"})
        for (const auto& e : fs::directory_iterator(src / d))
            if (e.path().extension() == ".h") fs::copy(e.path(), dst / d / e.path().filename());
    return dst.string();
}

TEST_F(CimxRun, ChangedRuntimeSourcesAreARebuild) {
    const std::string cache = dir + "/cache", src = copy_sources(dir);
    const std::vector<std::string> env = {"CIMC_SOURCE_DIR=" + src};
    auto first = cimx(kRun, cache, env);
    ASSERT_EQ(first.exit_code, 0) << testutil::describe(first);
    EXPECT_TRUE(compiled(first)) << first.err;
    auto again = cimx(kRun, cache, env);
    ASSERT_EQ(again.exit_code, 0) << testutil::describe(again);
    EXPECT_TRUE(cached(again)) << again.err;
    std::ofstream(src + "/sw/nn/nn_runtime.c", std::ios::app) << "\n/* changed */\n";
    auto changed = cimx(kRun, cache, env);
    ASSERT_EQ(changed.exit_code, 0) << testutil::describe(changed);
    EXPECT_TRUE(compiled(changed)) << changed.err;
    EXPECT_EQ(entries(cache).size(), 2u);
}

// An IDX file of n random 28x28 images (seeded): calibration images for the cache tests.
void write_idx(const std::string& path, int n, unsigned seed) {
    std::ofstream out(path, std::ios::binary);
    const unsigned char header[] = {0, 0, 8, 3,  0, 0, 0, static_cast<unsigned char>(n),
                                    0, 0, 0, 28, 0, 0, 0, 28};
    out.write(reinterpret_cast<const char*>(header), sizeof header);
    std::mt19937 rng(seed);
    for (int i = 0; i < n * 28 * 28; ++i) out.put(static_cast<char>(rng() & 0xff));
}

// With --adc-calibration profile the calibration images shape the firmware (its ADC ranges):
// other bytes in the same file are a rebuild. Without profile they play no part.
TEST_F(CimxRun, ChangedCalibrationImagesAreARebuildOnlyWithProfile) {
    const std::string cache = dir + "/cache", images = dir + "/calibration.idx";
    std::vector<std::string> profile = kRun;
    profile.insert(profile.end(), {"--adc-calibration", "profile", "--calibration-images", "10",
                                   "--calibration-data", images});
    std::vector<std::string> none = kRun;
    none.insert(none.end(), {"--calibration-data", images});
    write_idx(images, 10, 1);
    for (const auto* args : {&profile, &none}) {
        auto first = cimx(*args, cache);
        ASSERT_EQ(first.exit_code, 0) << testutil::describe(first);
        EXPECT_TRUE(compiled(first)) << first.err;
        EXPECT_TRUE(cached(cimx(*args, cache)));
    }
    write_idx(images, 10, 2);
    auto changed = cimx(profile, cache);
    ASSERT_EQ(changed.exit_code, 0) << testutil::describe(changed);
    EXPECT_TRUE(compiled(changed)) << changed.err;
    EXPECT_TRUE(cached(cimx(none, cache)));
    EXPECT_EQ(entries(cache).size(), 3u);
}

TEST_F(CimxRun, AnotherCrossCompilerIsARebuild) {
    const std::string cache = dir + "/cache", gcc = dir + "/gcc-wrapper";
    auto wrapper = [&](const char* version) {
        write_script(gcc, std::string("#!/bin/sh\nif [ \"$1\" = --version ]; then echo '") +
                              version + "'; exit 0; fi\nexec riscv64-unknown-elf-gcc \"$@\"\n");
    };
    std::vector<std::string> args = kRun;
    args.insert(args.end(), {"--riscv-gcc", gcc});
    wrapper("wrapped gcc 1.0");
    auto first = cimx(args, cache);
    ASSERT_EQ(first.exit_code, 0) << testutil::describe(first);
    EXPECT_TRUE(compiled(first)) << first.err;
    EXPECT_TRUE(cached(cimx(args, cache)));
    wrapper("wrapped gcc 1.1");
    auto upgraded = cimx(args, cache);
    ASSERT_EQ(upgraded.exit_code, 0) << testutil::describe(upgraded);
    EXPECT_TRUE(compiled(upgraded)) << upgraded.err;
    EXPECT_EQ(entries(cache).size(), 2u);
}

TEST_F(CimxRun, ADamagedEntryIsRebuilt) {
    const std::string cache = dir + "/cache";
    ASSERT_EQ(cimx(kRun, cache).exit_code, 0);
    ASSERT_EQ(entries(cache).size(), 1u);
    const fs::path elf = entries(cache)[0] / "firmware.elf";
    fs::resize_file(elf, fs::file_size(elf) / 2); // as if the disk filled up while writing it
    auto r = cimx(kRun, cache);
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    EXPECT_TRUE(compiled(r)) << r.err;
    EXPECT_TRUE(cached(cimx(kRun, cache)));
}

TEST_F(CimxRun, ABuildKilledHalfWayLeavesNoEntry) {
    const std::string cache = dir + "/cache", gcc = dir + "/gcc-wrapper", slow = dir + "/slow";
    // Slow only when it builds the ELF (not for cimc --build-id's queries).
    write_script(gcc, "#!/bin/sh\ncase \"$*\" in *firmware.elf*) [ -e " + slow +
                          " ] && sleep 60;; esac\nexec riscv64-unknown-elf-gcc \"$@\"\n");
    std::vector<std::string> args = kRun;
    args.insert(args.end(), {"--riscv-gcc", gcc});
    std::ofstream(slow) << "";
    // Killed while the compiler sleeps; its scratch directory stays in the test's directory.
    auto killed = cimx(args, cache, {"TMPDIR=" + dir}, 8);
    ASSERT_TRUE(killed.timed_out) << testutil::describe(killed);
    EXPECT_TRUE(entries(cache).empty()) << "a half-written build is not an entry";
    EXPECT_EQ(entries(cache, "tmp-").size(), 1u);
    fs::remove(slow);
    auto r = cimx(args, cache);
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    EXPECT_TRUE(compiled(r)) << r.err;
    EXPECT_EQ(entries(cache).size(), 1u);
}

TEST_F(CimxRun, ConcurrentRunsOfOneKeyBothSucceed) {
    const std::string cache = dir + "/cache";
    testutil::ProcessResult a, b;
    std::thread ta([&] { a = cimx(kRun, cache); }), tb([&] { b = cimx(kRun, cache); });
    ta.join(), tb.join();
    EXPECT_EQ(a.exit_code, 0) << testutil::describe(a);
    EXPECT_EQ(b.exit_code, 0) << testutil::describe(b);
    EXPECT_EQ(entries(cache).size(), 1u);
    EXPECT_TRUE(entries(cache, "tmp-").empty()) << "the second build's directory is dropped";
    EXPECT_TRUE(cached(cimx(kRun, cache)));
}

TEST_F(CimxRun, NoCacheLeavesTheCacheAlone) {
    std::vector<std::string> args = kRun;
    args.push_back("--no-cache");
    auto r = cimx(args, dir + "/cache");
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    EXPECT_TRUE(compiled(r)) << r.err;
    EXPECT_FALSE(fs::exists(dir + "/cache"));
}

} // namespace

namespace {

std::vector<fs::path> reference_files(const std::string& cache) {
    std::vector<fs::path> v;
    for (const fs::path& entry : entries(cache))
        for (const auto& e : fs::directory_iterator(entry))
            if (e.path().filename().string().rfind("reference-", 0) == 0) v.push_back(e.path());
    return v;
}

std::string baseline_of(const std::string& json_path) {
    std::ifstream in(json_path);
    return nlohmann::json::parse(in)["baseline_predictions"].dump();
}

} // namespace

// The ideal-crossbar baseline is stored next to the firmware, one file per image set: a second
// chip (another seed) reuses it, other images get their own, and a damaged file is recomputed,
// with the same predictions every time.
TEST_F(CimxRun, BaselineIsKeptWithTheFirmwarePerImageSet) {
    const std::string cache = dir + "/cache";
    auto run = [&](std::vector<std::string> extra, const std::string& json) {
        std::vector<std::string> args = kRun;
        args.insert(args.end(), extra.begin(), extra.end());
        args.insert(args.end(), {"--json", dir + "/" + json});
        auto r = cimx(args, cache);
        EXPECT_EQ(r.exit_code, 0) << testutil::describe(r);
        return baseline_of(dir + "/" + json);
    };
    const std::string first = run({"--seed", "1"}, "a.json");
    ASSERT_EQ(reference_files(cache).size(), 1u);
    const fs::path file = reference_files(cache)[0];
    const auto stamp = fs::last_write_time(file);
    EXPECT_EQ(run({"--seed", "2"}, "b.json"), first);
    EXPECT_EQ(fs::last_write_time(file), stamp) << "a second chip re-ran the executor";
    EXPECT_EQ(reference_files(cache).size(), 1u);
    run({"--first", "5"}, "c.json");
    EXPECT_EQ(reference_files(cache).size(), 2u);
    // Damage the stored body (its hash no longer matches): the run recomputes and re-stores it.
    auto text_of = [](const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    const std::string original = text_of(file);
    {
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(-3, std::ios::end);
        f.put(original[original.size() - 3] == '0' ? '1' : '0');
    }
    ASSERT_NE(text_of(file), original);
    EXPECT_EQ(run({"--seed", "3"}, "d.json"), first);
    EXPECT_EQ(text_of(file), original) << "the damaged file was not replaced";
}
