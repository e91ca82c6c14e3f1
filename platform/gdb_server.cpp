#include "platform/gdb_server.h"

#include "platform/gdb_cpu_target.h"
#include "platform/gdb_packet.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cimvp {

namespace {

gdb::StopReason reason_of(CpuDebugger::Event e) {
    switch (e) {
    case CpuDebugger::Event::breakpoint: return gdb::StopReason::breakpoint;
    case CpuDebugger::Event::watchpoint: return gdb::StopReason::watchpoint;
    case CpuDebugger::Event::step: return gdb::StopReason::step;
    case CpuDebugger::Event::interrupted: return gdb::StopReason::interrupted;
    default: return gdb::StopReason::attached;
    }
}

// gdb's signal numbers (gdb/signals.def), for runs that end in a failure.
int signal_for(RunEnd end, const iss::Fatal& fatal) {
    enum { sigill = 4, sigtrap = 5, sigabrt = 6, sigbus = 10, sigsegv = 11, sigxcpu = 24 };
    if (end == RunEnd::instruction_limit) return sigxcpu;
    if (end != RunEnd::fatal) return sigabrt;
    switch (fatal.cause) {
    case iss::cause::illegal_insn: return sigill;
    case iss::cause::breakpoint: return sigtrap;
    case iss::cause::fetch_misaligned:
    case iss::cause::load_misaligned:
    case iss::cause::store_misaligned: return sigbus;
    case iss::cause::fetch_access:
    case iss::cause::load_access:
    case iss::cause::store_access: return sigsegv;
    default: return sigabrt;
    }
}

} // namespace

GdbServer::GdbServer(Cpu& cpu, unsigned port, FILE* log)
    : cpu_(cpu), target_(std::make_unique<CpuTarget>(cpu)), session_(*target_), log_(log) {
    auto fail = [&](const char* what) {
        int err = errno;
        if (listen_fd_ >= 0) ::close(listen_fd_);
        throw GdbError("--gdb " + std::to_string(port) + ": cannot " + what +
                       " 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(err));
    };
    if (port > 65535) {
        errno = EINVAL;
        fail("listen on");
    }
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) fail("open a socket for");
    int one = 1; // a port left in TIME_WAIT by the last session is free to reuse
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK); // never reachable from other machines
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0) fail("listen on");
    if (::listen(listen_fd_, 1) < 0) fail("listen on");
    socklen_t size = sizeof a;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &size);
    port_ = ntohs(a.sin_port);
}

GdbServer::~GdbServer() {
    if (fd_ >= 0) ::close(fd_);
    if (listen_fd_ >= 0) ::close(listen_fd_);
}

void GdbServer::accept_connection() {
    do fd_ = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) throw GdbError(std::string("--gdb: accept: ") + std::strerror(errno));
    ::close(listen_fd_); // one debugging session per run
    listen_fd_ = -1;
    int one = 1; // small packets, each waited for: no Nagle delay
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

CpuDebugger::Command GdbServer::stopped(Event why) {
    if (fd_ < 0) return Command::detach; // gdb went away while the firmware ran
    std::string reply =
        session_.stop(reason_of(why), cpu_.core().pc(), 0, cpu_.core().last_trigger().addr);
    if (why != Event::attached) send_packet(reply); // gdb waits for it since its c or s
    return serve();
}

// Answers packets until one resumes, detaches or kills.
CpuDebugger::Command GdbServer::serve() {
    std::string payload;
    while (read_packet(payload)) {
        gdb::Session::Response r = session_.handle(payload);
        if (r.send) send_packet(r.reply);
        const bool resumes = r.action == gdb::Action::resume || r.action == gdb::Action::step;
        if (resumes && interrupted_) {
            // Ctrl-C came between two of gdb's steps (a `next`): the step
            // gdb asks for next stops at once, else `next` could not be cut short.
            interrupted_ = false;
            send_packet(session_.stop(gdb::StopReason::interrupted, cpu_.core().pc()));
            continue;
        }
        switch (r.action) {
        case gdb::Action::none: continue;
        case gdb::Action::resume: return Command::resume;
        case gdb::Action::step: return Command::step;
        case gdb::Action::detach: disconnect(nullptr); return Command::detach;
        case gdb::Action::kill: disconnect(nullptr); return Command::kill;
        }
    }
    disconnect("gdb closed the connection; the firmware runs on without it");
    return Command::detach;
}

// Takes in whatever arrived without blocking: Ctrl-C is the 0x03 byte (gdb
// sends no packets while the target runs). Other bytes stay queued for
// read_packet; the 0x03 does not, it is answered here.
bool GdbServer::interrupt_requested() {
    if (fd_ < 0) return false;
    char buf[512];
    ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0) disconnect("gdb closed the connection; the firmware runs on without it");
    if (n <= 0) return false;
    bool interrupt = false;
    for (ssize_t i = 0; i < n; ++i)
        if (buf[i] == '\x03')
            interrupt = true;
        else
            in_ += buf[i];
    return interrupt;
}

void GdbServer::run_ended(RunEnd end, int exit_code, const std::string& reason) {
    if (fd_ < 0) return;
    if (end == RunEnd::exited) send_packet("W" + gdb::to_hex(std::string(1, char(exit_code))));
    if (end == RunEnd::exited || end == RunEnd::killed) return disconnect(nullptr);
    const int sig = signal_for(end, cpu_.core().fatal());
    send_packet("O" + gdb::to_hex("cimvp: " + reason + "\n")); // shown on gdb's console
    send_packet(session_.stop(gdb::StopReason::ended, cpu_.core().pc(), sig));
    Command c = serve();
    if (fd_ >= 0 && (c == Command::resume || c == Command::step))
        send_packet("X" + gdb::to_hex(std::string(1, char(sig))));
    disconnect(nullptr);
}

bool GdbServer::read_byte(char& c) {
    if (in_pos_ == in_.size()) {
        in_.clear(), in_pos_ = 0;
        char buf[4096];
        ssize_t n;
        do n = fd_ < 0 ? 0 : ::recv(fd_, buf, sizeof buf, 0);
        while (n < 0 && errno == EINTR);
        if (n <= 0) return false;
        in_.assign(buf, size_t(n));
    }
    c = in_[in_pos_++];
    return true;
}

// Acks each packet (until no-ack mode) and asks for a bad one again.
bool GdbServer::read_packet(std::string& payload) {
    char c;
    while (read_byte(c)) {
        switch (reader_.feed(c)) {
        case gdb::PacketReader::Event::packet:
            if (!session_.no_ack()) send_raw("+");
            payload = reader_.payload();
            return true;
        case gdb::PacketReader::Event::bad_checksum:
            if (!session_.no_ack()) send_raw("-");
            break;
        case gdb::PacketReader::Event::interrupt: interrupted_ = true; break;
        default: break; // stray acks
        }
    }
    return false;
}

// Sends until gdb acks (it says '-' for a garbled packet), a few times at most.
void GdbServer::send_packet(const std::string& payload) {
    const std::string bytes = gdb::frame(payload);
    for (int attempt = 0; attempt < 5 && fd_ >= 0; ++attempt) {
        send_raw(bytes);
        if (session_.no_ack()) return;
        char c = 0;
        while (read_byte(c) && c != '+' && c != '-') {
        }
        if (c != '-') return;
    }
}

void GdbServer::send_raw(const std::string& bytes) {
    for (size_t done = 0; done < bytes.size() && fd_ >= 0;) {
        ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return disconnect("lost the connection to gdb");
        done += size_t(n);
    }
}

// Breakpoints go with the debugger: the firmware must not stop for nobody.
void GdbServer::disconnect(const char* why) {
    if (fd_ < 0) return;
    ::close(fd_);
    fd_ = -1;
    session_.clear_breakpoints();
    if (why) std::fprintf(log_, "cimvp: gdb: %s\n", why);
}

} // namespace cimvp
