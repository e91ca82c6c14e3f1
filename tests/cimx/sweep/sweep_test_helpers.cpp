#include "tests/cimx/sweep/sweep_test_helpers.h"

#include <algorithm>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace sweeptest {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

Csv read_csv(const std::string& path) {
    const std::string text = read_file(path);
    Csv rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                field += '"', ++i;
            else if (c == '"')
                quoted = false;
            else
                field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(field), field.clear();
        } else if (c == '\n') {
            row.push_back(field), field.clear();
            rows.push_back(row), row.clear();
        } else {
            field += c;
        }
    }
    EXPECT_TRUE(row.empty() && field.empty()) << path << ": no newline at the end";
    return rows;
}

std::vector<nlohmann::json> read_jsonl(const std::string& path) {
    std::vector<nlohmann::json> v;
    std::istringstream in(read_file(path));
    for (std::string line; std::getline(in, line);) v.push_back(nlohmann::json::parse(line));
    return v;
}

nlohmann::json without_host_timing(nlohmann::json j) {
    if (j.is_object()) {
        for (const char* k : {"host_s", "vp_host_s", "mips"}) j.erase(k);
        for (auto& [k, v] : j.items()) v = without_host_timing(v);
    }
    return j;
}

size_t column(const Csv& csv, const std::string& name) {
    const auto& h = csv.at(0);
    const auto it = std::find(h.begin(), h.end(), name);
    EXPECT_NE(it, h.end()) << "no column " << name;
    return size_t(it - h.begin());
}

std::vector<std::string> files_in(const std::string& dir) {
    std::vector<std::string> v;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        v.push_back(e.path().filename().string());
    std::sort(v.begin(), v.end());
    return v;
}

void SweepTest::SetUp() {
    char tmpl[] = "/tmp/cimx-sweep-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir = tmpl;
}

void SweepTest::TearDown() { std::filesystem::remove_all(dir); }

testutil::ProcessResult SweepTest::cimx(std::vector<std::string> args, double timeout_s) const {
    args.insert(args.begin(), CIMX_PATH);
    return testutil::run_process(args, timeout_s);
}

std::string SweepTest::head(const std::string& model, int images, int chips, int seed) const {
    return "model = " CIMVP_SOURCE_DIR "/models/" + model + "\nimages = " + std::to_string(images) +
           "\nchips = " + std::to_string(chips) + "\nseed = " + std::to_string(seed) +
           "\n[set]\ncache = " + dir + "/cache\n";
}

std::string SweepTest::sweep_file(const std::string& name, const std::string& text) const {
    const std::string path = dir + "/" + name;
    write_file(path, text);
    return path;
}

pid_t SweepTest::start_cimx(const std::vector<std::string>& args, const std::string& log) const {
    std::vector<std::string> argv = {CIMX_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> c;
    for (std::string& a : argv) c.push_back(a.data());
    c.push_back(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, STDOUT_FILENO), dup2(fd, STDERR_FILENO);
        execv(c[0], c.data());
        _exit(127);
    }
    return pid;
}

} // namespace sweeptest
