// cimxbar as a user runs it: a subprocess with files; results on stdout, one-line errors naming
// file and line on stderr, non-zero exit, never a crash.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Result {
    int status = -1; // exit status, or 128 + signal
    std::string out, err;
};

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

class Cimxbar : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/cimxbar_test_XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }

    std::string file(const std::string& name, const std::string& text) {
        const std::string path = dir_ + "/" + name;
        std::ofstream(path) << text;
        return path;
    }

    // fork + exec with stdout and stderr redirected to files (no pipe can fill up).
    Result run(const std::vector<std::string>& args) {
        const std::string out = dir_ + "/stdout", err = dir_ + "/stderr";
        const pid_t pid = fork();
        if (pid == 0) {
            const int fo = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            const int fe = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(fo, 1);
            dup2(fe, 2);
            std::vector<char*> argv = {const_cast<char*>(CIMXBAR_PATH)};
            for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            execv(CIMXBAR_PATH, argv.data());
            _exit(127);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        Result r;
        r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        r.out = slurp(out);
        r.err = slurp(err);
        return r;
    }

    // A failing run: status 1, nothing on stdout, exactly one line on stderr equal to `expected`.
    void expect_error(const std::vector<std::string>& args, const std::string& expected) {
        const Result r = run(args);
        EXPECT_EQ(r.status, 1) << r.err;
        EXPECT_EQ(r.out, "");
        EXPECT_EQ(r.err, "cimxbar: error: " + expected + "\n");
    }

    std::string dir_;
};

const char* kW = "1 -1 1 1\n-1 -1 1 -1\n1 1 1 1\n";

TEST_F(Cimxbar, GoldenExample) {
    const std::string w = file("W.txt", kW), x = file("X.txt", "1 -1 -1 1\n1 1 1 1\n");
    for (const char* m : {"BNN_I", "BNN_II", "BNN_III", "BNN_IV", "BNN_V", "BNN_VI", "TNN_I",
                          "TNN_II", "TNN_III", "TNN_IV", "TNN_V"})
        for (const char* mode : {"digital", "analog"}) {
            const Result r = run({"--weights", w, "--inputs", x, std::string("--xbar.mapping=") + m,
                                  std::string("--xbar.mode=") + mode});
            EXPECT_EQ(r.status, 0) << r.err;
            EXPECT_EQ(r.out, "2 -2 0\n2 -2 4\n") << m << " " << mode;
            EXPECT_EQ(r.err, "");
        }
}

TEST_F(Cimxbar, ConfigFileSeedAndStats) {
    const std::string w = file("W.txt", kW), x = file("X.txt", "1 -1 -1 1\n");
    const std::string cfg = file("x.cfg", "seed = 5\n[xbar]\nmapping = TNN_V\nadc_bits = 0\n");
    const Result r = run({"--config", cfg, "--weights", w, "--inputs", x, "--stats"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "2 -2 0\n");
    EXPECT_NE(r.err.find("MVM(s)"), std::string::npos);
}

TEST_F(Cimxbar, NoisyRunsAreReproduciblePerSeed) {
    std::string wt, xt;
    for (int j = 0; j < 40; ++j) {
        for (int i = 0; i < 300; ++i) wt += ((i * 7 + j * 3) % 5 < 2 ? "-1 " : "1 ");
        wt += "\n";
    }
    for (int b = 0; b < 10; ++b) {
        for (int i = 0; i < 300; ++i) xt += ((i * 3 + b) % 7 < 3 ? "-1 " : "1 ");
        xt += "\n";
    }
    const std::string w = file("W.txt", wt), x = file("X.txt", xt);
    const std::vector<std::string> noisy = {
        "--weights",        w, "--inputs", x, "--xbar.sigma_lrs=3", "--xbar.sigma_read=0.1",
        "--xbar.adc_bits=4"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> a = noisy;
        a.insert(a.end(), extra.begin(), extra.end());
        return run(a);
    };
    const Result a = with({"--seed=7"}), b = with({"--seed=7", "--threads=2"}),
                 c = with({"--seed=8"});
    EXPECT_EQ(a.status, 0) << a.err;
    EXPECT_EQ(a.out, b.out);
    EXPECT_NE(a.out, c.out);
}

TEST_F(Cimxbar, MissingFile) {
    const std::string x = file("X.txt", "1 1 1 1\n");
    expect_error({"--weights", dir_ + "/nope.txt", "--inputs", x},
                 dir_ + "/nope.txt: cannot open file");
    expect_error({"--inputs", x}, "missing --weights W.txt");
}

TEST_F(Cimxbar, RaggedMatrix) {
    const std::string w = file("W.txt", "1 1 1 1\n1 1 1\n"), x = file("X.txt", "1 1 1 1\n");
    expect_error({"--weights", w, "--inputs", x}, w + ":2: 3 values, expected 4 (as on line 1)");
}

TEST_F(Cimxbar, InputWidthMismatch) {
    const std::string w = file("W.txt", kW), x = file("X.txt", "# x\n1 1 1\n");
    expect_error({"--weights", w, "--inputs", x},
                 x + ":2: 3 values, expected 4 (the number of inputs, as in " + w + ")");
}

TEST_F(Cimxbar, OutOfAlphabet) {
    const std::string w = file("W.txt", "1 1 1 1\n1 -1 1 1\n1 1 0 1\n"),
                      x = file("X.txt", "1 1 1 1\n");
    expect_error({"--weights", w, "--inputs", x},
                 w + ":3: value 0 (column 3) is not in the BNN alphabet {-1,+1} of BNN_I");
    const std::string x2 = file("X2.txt", "1 1 2 1\n");
    expect_error({"--weights", file("W2.txt", kW), "--inputs", x2, "--xbar.mapping=TNN_I"},
                 x2 + ":1: value 2 (column 3) is not in the TNN alphabet {-1,0,+1} of TNN_I");
}

TEST_F(Cimxbar, MalformedNumber) {
    const std::string w = file("W.txt", "1 1 1 1\n1 +1 1e0 1\n"), x = file("X.txt", "1 1 1 1\n");
    expect_error({"--weights", w, "--inputs", x}, w + ":2: malformed number '1e0'");
}

TEST_F(Cimxbar, TooLarge) {
    std::string wt;
    for (int j = 0; j < 3; ++j) wt += "1 1 1 1 1\n";
    const std::string w = file("W.txt", wt), x = file("X.txt", "1 1 1 1 1\n");
    expect_error(
        {"--weights", w, "--inputs", x, "--xbar.rows=4", "--xbar.cols=4", "--xbar.count=3"},
        w + ": 3 outputs x 5 inputs need 4 crossbars of 4x4 under BNN_I (2 x 2 tiles "
            "of at most 2 outputs x 4 inputs), but xbar.count = 3");
    // With enough crossbars the same matrix is tiled and exact.
    const Result r = run({"--weights", w, "--inputs", x, "--xbar.rows=4", "--xbar.cols=4"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "5 5 5\n");
}

TEST_F(Cimxbar, UnknownKey) {
    const std::string w = file("W.txt", kW), x = file("X.txt", "1 1 1 1\n");
    expect_error({"--weights", w, "--inputs", x, "--xbar.bogus=1"},
                 "unrecognised option '--xbar.bogus=1'");
    const std::string cfg = file("bad.cfg", "[xbar]\nbogus = 1\n");
    expect_error({"--config", cfg, "--weights", w, "--inputs", x},
                 cfg + ": unrecognised option 'xbar.bogus'");
}

TEST_F(Cimxbar, OutOfRangeValue) {
    const std::string w = file("W.txt", kW), x = file("X.txt", "1 1 1 1\n");
    expect_error({"--weights", w, "--inputs", x, "--xbar.adc_alpha=2"},
                 "xbar.adc_alpha = 2: must be in (0, 1]");
    expect_error({"--weights", w, "--inputs", x, "--xbar.adc_bits=many"},
                 "xbar.adc_bits = many: not an integer");
}

TEST_F(Cimxbar, Help) {
    const Result r = run({"--help"});
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("--xbar.mapping"), std::string::npos);
}

} // namespace
