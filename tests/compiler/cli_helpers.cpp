#include "tests/compiler/cli_helpers.h"

#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace compilertest {

Scratch::Scratch() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "cimc_test_XXXXXX").string();
    dir_ = mkdtemp(tmpl.data()) ? tmpl : "";
}

Scratch::~Scratch() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

testutil::ProcessResult run_cimc(const std::vector<std::string>& args, double timeout_s) {
    std::vector<std::string> argv = {CIMC_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    return testutil::run_process(argv, timeout_s);
}

testutil::ProcessResult run_cimvp(const std::vector<std::string>& vp_args, const std::string& elf,
                                  const std::vector<std::string>& fw_args, double timeout_s) {
    std::vector<std::string> argv = {CIMVP_PATH, "-q"};
    argv.insert(argv.end(), vp_args.begin(), vp_args.end());
    argv.push_back(elf);
    argv.push_back("--");
    argv.insert(argv.end(), fw_args.begin(), fw_args.end());
    return testutil::run_process(argv, timeout_s);
}

std::vector<std::string> prediction_lines(const std::string& out) {
    std::vector<std::string> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
        if (line.rfind("pred ", 0) == 0) lines.push_back(line);
    return lines;
}

long long stat_value(const std::string& out, const std::string& name) {
    const std::string key = "stat " + name + " ";
    const size_t at = out.find(key);
    return at == std::string::npos ? -1 : std::atoll(out.c_str() + at + key.size());
}

} // namespace compilertest
