#include "cimx/sweep/child_process.h"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace cimx {
namespace {

std::vector<char*> c_args(const std::vector<std::string>& argv) {
    std::vector<char*> v;
    for (const std::string& a : argv) v.push_back(const_cast<char*>(a.c_str()));
    v.push_back(nullptr);
    return v;
}

void stdin_from_dev_null() {
    const int fd = open("/dev/null", O_RDONLY);
    if (fd >= 0) dup2(fd, STDIN_FILENO), close(fd);
}

} // namespace

int exit_code_of(int status) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

Captured run_captured(const std::vector<std::string>& argv, const std::string& cwd) {
    std::vector<char*> args = c_args(argv);
    Captured r;
    int fds[2];
    if (pipe(fds) != 0) return r;
    const pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]), close(fds[1]);
        return r;
    }
    if (pid == 0) {
        stdin_from_dev_null();
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]), close(fds[1]);
        if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
        execvp(args[0], args.data());
        _exit(127);
    }
    close(fds[1]);
    char buf[4096];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        r.output.append(buf, size_t(n));
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.exit_code = exit_code_of(status);
    return r;
}

pid_t spawn_logged(const std::vector<std::string>& argv, const std::string& log_path) {
    std::vector<char*> args = c_args(argv);
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("cannot start a process (fork failed)");
    if (pid == 0) {
        setpgid(0, 0);
        // Die with the sweep (kill -9 included): a resumed sweep must not race a leftover run.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(137);
        signal(SIGINT, SIG_DFL), signal(SIGTERM, SIG_DFL), signal(SIGHUP, SIG_DFL);
        stdin_from_dev_null();
        const int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd >= 0) dup2(fd, STDOUT_FILENO), dup2(fd, STDERR_FILENO);
        execvp(args[0], args.data());
        _exit(127);
    }
    setpgid(pid, pid); // also from here, so that stop_child works before the child runs
    return pid;
}

pid_t wait_child(double timeout_s, int& exit_code) {
    const double step = 0.02;
    for (double waited = 0;; waited += step) {
        int status = 0;
        const pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            exit_code = exit_code_of(status);
            return pid;
        }
        if (pid < 0 && errno != EINTR) return 0; // no children
        if (waited >= timeout_s) return 0;
        const timespec ts{0, long(step * 1e9)};
        if (nanosleep(&ts, nullptr) != 0 && errno == EINTR) return 0;
    }
}

void stop_child(pid_t pid) { kill(-pid, SIGTERM); }

} // namespace cimx
