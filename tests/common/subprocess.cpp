// fork/exec/poll implementation of testutil::run_process (see subprocess.h).
#include "tests/common/subprocess.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace testutil {
namespace {

constexpr int kExecFailedExitCode = 127;

struct Pipe {
    int read_end = -1;
    int write_end = -1;
    bool open() {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0) return false;
        read_end = fds[0];
        write_end = fds[1];
        return true;
    }
    void close_read() { close_fd(read_end); }
    void close_write() { close_fd(write_end); }
    ~Pipe() {
        close_read();
        close_write();
    }

  private:
    static void close_fd(int& fd) {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
};

// Only async-signal-safe calls: the parent (a test binary) may have other threads.
[[noreturn]] void exec_child(char* const* argv, const char* cwd, const Pipe& out, const Pipe& err,
                             const Pipe& exec_error) {
    setpgid(0, 0); // own process group, so a timeout kills the child and its children
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    dup2(out.write_end, STDOUT_FILENO);
    dup2(err.write_end, STDERR_FILENO);
    if (cwd != nullptr && chdir(cwd) != 0) {
        int error = errno;
        (void)!write(exec_error.write_end, &error, sizeof error);
        _exit(kExecFailedExitCode);
    }
    execvp(argv[0], argv);
    int error = errno;
    (void)!write(exec_error.write_end, &error, sizeof error);
    _exit(kExecFailedExitCode);
}

int exit_code_from_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

} // namespace

ProcessResult run_process(const std::vector<std::string>& argv, double timeout_s,
                          const std::string& cwd) {
    ProcessResult result;
    if (argv.empty()) {
        result.exit_code = kExecFailedExitCode;
        result.err = "run_process: empty argv";
        return result;
    }
    std::vector<char*> c_argv;
    for (const std::string& arg : argv) c_argv.push_back(const_cast<char*>(arg.c_str()));
    c_argv.push_back(nullptr);

    Pipe out, err, exec_error;
    if (!out.open() || !err.open() || !exec_error.open()) {
        result.exit_code = kExecFailedExitCode;
        result.err = std::string("run_process: pipe: ") + std::strerror(errno);
        return result;
    }
    const pid_t pid = fork();
    if (pid < 0) {
        result.exit_code = kExecFailedExitCode;
        result.err = std::string("run_process: fork: ") + std::strerror(errno);
        return result;
    }
    if (pid == 0)
        exec_child(c_argv.data(), cwd.empty() ? nullptr : cwd.c_str(), out, err, exec_error);
    setpgid(pid, pid); // also here, so the group exists before any kill below
    out.close_write();
    err.close_write();
    exec_error.close_write();

    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(timeout_s));
    pollfd fds[2] = {{out.read_end, POLLIN, 0}, {err.read_end, POLLIN, 0}};
    std::string* sinks[2] = {&result.out, &result.err};
    int open_streams = 2;
    char buffer[65536];
    while (open_streams > 0) {
        int wait_ms = -1;
        if (!result.timed_out) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            if (left.count() <= 0) {
                result.timed_out = true;
                kill(-pid, SIGKILL);
                kill(pid, SIGKILL);
                continue;
            }
            wait_ms = static_cast<int>(std::min<long long>(left.count() + 1, 1000));
        }
        const int ready = poll(fds, 2, wait_ms);
        if (ready < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) continue;
            const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                sinks[i]->append(buffer, static_cast<size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                fds[i].fd = -1; // end of stream: poll ignores negative fds
                --open_streams;
            }
        }
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = exit_code_from_status(status);

    int exec_errno = 0;
    if (read(exec_error.read_end, &exec_errno, sizeof exec_errno) ==
        static_cast<ssize_t>(sizeof exec_errno)) {
        result.exit_code = kExecFailedExitCode;
        result.err += "run_process: cannot start " + argv[0] + ": " + std::strerror(exec_errno);
    }
    return result;
}

std::string describe(const ProcessResult& result) {
    std::string text = "exit code " + std::to_string(result.exit_code);
    if (result.timed_out) text += " (killed after timeout)";
    text += "\n--- stdout ---\n" + result.out + "\n--- stderr ---\n" + result.err;
    return text;
}

} // namespace testutil
