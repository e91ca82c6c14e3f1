#include "compiler/emit/build_identity.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace cimc {
namespace fs = std::filesystem;

namespace {

std::string file_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Runs argv with stdin from /dev/null and returns its stdout and stderr, then its exit status
// (so that a missing compiler still gives a stable, distinct identity).
std::string run_capture(const std::vector<std::string>& argv) {
    int fds[2];
    if (pipe(fds) != 0) return "pipe failed";
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    std::string out;
    char buf[4096];
    for (ssize_t n; rc == 0 && (n = read(fds[0], buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    close(fds[0]);
    if (rc != 0) return "cannot run " + argv[0];
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return out + "\nstatus " + std::to_string(status);
}

// The compiler's path as the shell would find it.
std::string resolve(const std::string& program) {
    if (program.find('/') != std::string::npos) return fs::weakly_canonical(program).string();
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "";
    for (size_t at = 0; at <= dirs.size();) {
        size_t end = dirs.find(':', at);
        if (end == std::string::npos) end = dirs.size();
        fs::path candidate = fs::path(dirs.substr(at, end - at)) / program;
        if (access(candidate.c_str(), X_OK) == 0) return fs::weakly_canonical(candidate).string();
        at = end + 1;
    }
    return program;
}

// Every regular file under `dir` (recursively) or, with `headers_only`, the *.h files in it.
std::vector<fs::path> inputs_in(const fs::path& dir, bool headers_only) {
    std::vector<fs::path> files;
    std::error_code ec;
    if (headers_only) {
        for (const auto& e : fs::directory_iterator(dir, ec))
            if (e.is_regular_file() && e.path().extension() == ".h") files.push_back(e.path());
    } else {
        for (const auto& e : fs::recursive_directory_iterator(dir, ec))
            if (e.is_regular_file()) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

uint64_t fnv1a64(const void* data, size_t size, uint64_t h) {
    const unsigned char* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < size; ++i) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

std::string build_identity(const Toolchain& tc) {
    uint64_t h = fnv1a64("cimc build identity 1");
    h = fnv1a64(file_bytes("/proc/self/exe"), h);
    const std::string gcc = resolve(tc.gcc);
    h = fnv1a64(gcc + "\n" + run_capture({gcc, "--version"}) + "\n", h);
    h = fnv1a64(run_capture({gcc, "-march=rv32imc", "-misa-spec=2.2", "-mabi=ilp32",
                             "--specs=picolibc.specs", "-E", "-dM", "-include", "picolibc.h", "-x",
                             "c", "/dev/null"}),
                h);
    const fs::path src = tc.source_dir;
    for (const auto& [dir, headers_only] :
         {std::pair<const char*, bool>{"sw", false}, {"platform", true}, {"ip/tlm", true}})
        for (const fs::path& f : inputs_in(src / dir, headers_only)) {
            const std::string bytes = file_bytes(f);
            h = fnv1a64(
                f.lexically_relative(src).string() + "\n" + std::to_string(bytes.size()) + "\n", h);
            h = fnv1a64(bytes, h);
        }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return hex;
}

} // namespace cimc
