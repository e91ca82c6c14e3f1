#include "cimx/sweep/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace cimx {
namespace {

[[noreturn]] void fail(const std::string& path, const char* what) {
    throw std::runtime_error(path + ": cannot " + what + ": " + std::strerror(errno));
}

void fsync_directory_of(const std::string& path) {
    const std::string dir = std::filesystem::path(path).parent_path().string();
    const int fd = open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) fail(dir, "open the directory");
    const int rc = fsync(fd);
    close(fd);
    if (rc != 0) fail(dir, "sync the directory");
}

} // namespace

void write_file_atomically(const std::string& path, const std::string& content, bool durable) {
    // ".tmp" names are never results: readers skip them, the next run removes them.
    const std::string tmp = path + "." + std::to_string(getpid()) + ".tmp";
    const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail(tmp, "create");
    for (size_t done = 0; done < content.size();) {
        const ssize_t n = write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            close(fd);
            unlink(tmp.c_str());
            fail(tmp, "write");
        }
        done += size_t(n);
    }
    if (durable && fsync(fd) != 0) {
        close(fd);
        unlink(tmp.c_str());
        fail(tmp, "sync");
    }
    close(fd);
    if (rename(tmp.c_str(), path.c_str()) != 0) {
        unlink(tmp.c_str());
        fail(path, "rename into place");
    }
    if (durable) fsync_directory_of(path);
}

std::string read_whole_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot read");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace cimx
