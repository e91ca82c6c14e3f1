#include "platform/gdb_server.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cimvp {
namespace gdb {

namespace {

const char hex_digits[] = "0123456789abcdef";

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string hex8(uint8_t v) { return {hex_digits[v >> 4], hex_digits[v & 15]}; }

std::string hex_number(size_t v) {
    std::string s;
    do s.insert(s.begin(), hex_digits[v & 15]), v >>= 4;
    while (v);
    return s;
}

// A register as gdb shows it in packets: target byte order (little-endian).
std::string le_hex(uint32_t v) {
    uint8_t b[4] = {uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)};
    return to_hex(b, 4);
}

bool parse_le_hex(const std::string& s, uint32_t& v) {
    std::string bytes;
    if (s.size() != 8 || !from_hex(s, bytes)) return false;
    v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | uint8_t(bytes[i]);
    return true;
}

// Reads a hex number at `pos` (at least one digit, at most 16, value below
// 2^32) and moves past it.
bool parse_number(const std::string& s, size_t& pos, uint32_t& v) {
    uint64_t n = 0;
    size_t start = pos;
    for (; pos < s.size() && hex_value(s[pos]) >= 0; ++pos) {
        if (pos - start == 16) return false;
        n = (n << 4) | uint64_t(hex_value(s[pos]));
    }
    if (pos == start || n > 0xffffffffu) return false;
    v = static_cast<uint32_t>(n);
    return true;
}

bool expect(const std::string& s, size_t& pos, char c) {
    if (pos >= s.size() || s[pos] != c) return false;
    ++pos;
    return true;
}

// "ADDR,LEN" followed by `end` (':' before data, or the end of the packet).
bool parse_range(const std::string& p, size_t& pos, uint32_t& addr, uint32_t& len, char end) {
    if (!parse_number(p, pos, addr) || !expect(p, pos, ',') || !parse_number(p, pos, len))
        return false;
    return end ? expect(p, pos, end) : pos == p.size();
}

bool starts_with(const std::string& s, const char* prefix) {
    return s.compare(0, std::strlen(prefix), prefix) == 0;
}

const Session::Response error_reply{"E01"}; // malformed packet
const Session::Response fault_reply{"E02"}; // no such register or memory
const Session::Response ok_reply{"OK"};
const Session::Response unsupported{""};

} // namespace

// ---- packet layer -------------------------------------------------------------

uint8_t checksum(const std::string& payload) {
    uint8_t sum = 0;
    for (char c : payload) sum = static_cast<uint8_t>(sum + static_cast<uint8_t>(c));
    return sum;
}

std::string frame(const std::string& payload) {
    std::string body;
    body.reserve(payload.size() + 8);
    for (char c : payload) {
        if (c == '$' || c == '#' || c == '}' || c == '*')
            body += '}', body += static_cast<char>(c ^ 0x20);
        else
            body += c;
    }
    return "$" + body + "#" + hex8(checksum(body));
}

bool unescape_binary(const std::string& in, std::string& out) {
    out.clear();
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '}') {
            out += in[i];
            continue;
        }
        if (++i == in.size()) return false;
        out += static_cast<char>(in[i] ^ 0x20);
    }
    return true;
}

std::string to_hex(const uint8_t* data, size_t len) {
    std::string s;
    s.reserve(2 * len);
    for (size_t i = 0; i < len; ++i) s += hex8(data[i]);
    return s;
}

std::string to_hex(const std::string& data) {
    return to_hex(reinterpret_cast<const uint8_t*>(data.data()), data.size());
}

bool from_hex(const std::string& hex, std::string& out) {
    if (hex.size() % 2) return false;
    out.clear();
    for (size_t i = 0; i < hex.size(); i += 2) {
        int hi = hex_value(hex[i]), lo = hex_value(hex[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out += static_cast<char>(hi << 4 | lo);
    }
    return true;
}

PacketReader::Event PacketReader::feed(char c) {
    switch (state_) {
    case State::idle:
        if (c == '$') payload_.clear(), state_ = State::payload;
        if (c == '\x03') return Event::interrupt;
        if (c == '+') return Event::ack;
        if (c == '-') return Event::nack;
        return Event::none; // anything else between packets is noise
    case State::payload:
        if (c == '#') {
            state_ = State::checksum_high;
        } else if (c == '$') {
            payload_.clear(); // a new packet: the previous one was cut off
        } else if (payload_.size() == max_payload) {
            state_ = State::idle;
            return Event::bad_checksum;
        } else {
            payload_ += c;
        }
        return Event::none;
    case State::checksum_high:
        if (hex_value(c) < 0) {
            state_ = State::idle;
            return Event::bad_checksum;
        }
        checksum_ = hex_value(c) << 4;
        state_ = State::checksum_low;
        return Event::none;
    case State::checksum_low:
        state_ = State::idle;
        if (hex_value(c) < 0 || (checksum_ | hex_value(c)) != checksum(payload_))
            return Event::bad_checksum;
        return Event::packet;
    }
    return Event::none;
}

// ---- the protocol -------------------------------------------------------------

Session::Response Session::handle(const std::string& p) {
    if (p.empty()) return unsupported;
    switch (p[0]) {
    case '?': return {last_stop_};
    case 'g': return read_registers(p);
    case 'G': return write_registers(p);
    case 'p': return read_register(p);
    case 'P': return write_register(p);
    case 'm': return read_memory(p);
    case 'M': return write_memory(p);
    case 'X': return write_binary(p);
    case 'Z':
    case 'z': return breakpoint(p);
    case 'c':
    case 'C':
    case 's':
    case 'S': return resume(p);
    case 'v': return v_packet(p);
    case 'q':
    case 'Q': return query(p);
    case 'H': // one hart, one thread: whichever gdb names is it
    case 'T': return ok_reply;
    case 'D': return {"OK", true, Action::detach};
    case 'k': return {"", false, Action::kill};
    default: return unsupported;
    }
}

std::string Session::stop(StopReason why, uint32_t pc, int signal) {
    std::string reason;
    if (why == StopReason::breakpoint) {
        auto it = breakpoints_.find(pc);
        unsigned kinds = it == breakpoints_.end() ? 0 : it->second;
        reason = kinds & 1 ? "swbreak:;" : kinds & 2 ? "hwbreak:;" : "";
    }
    if (why == StopReason::interrupted) signal = 2;             // SIGINT
    if (why != StopReason::ended) signal = signal ? signal : 5; // SIGTRAP
    last_stop_ =
        "T" + hex8(static_cast<uint8_t>(signal)) + reason + hex8(reg_pc) + ":" + le_hex(pc) + ";";
    return last_stop_;
}

void Session::clear_breakpoints() {
    for (const auto& b : breakpoints_) target_.set_breakpoint(b.first, false);
    breakpoints_.clear();
}

std::string Session::register_hex(unsigned regno) {
    uint32_t v = 0;
    return target_.read_register(regno, v) ? le_hex(v) : "";
}

Session::Response Session::read_registers(const std::string& p) {
    if (p.size() != 1) return error_reply;
    std::string all;
    for (unsigned r = 0; r <= reg_pc; ++r) all += register_hex(r);
    return {all};
}

// The same layout as 'g': x0-x31, pc. More (gdb's idea of a longer packet) is
// ignored; less is malformed.
Session::Response Session::write_registers(const std::string& p) {
    if (p.size() < 1 + 8 * (reg_pc + 1)) return error_reply;
    uint32_t values[reg_pc + 1];
    for (unsigned r = 0; r <= reg_pc; ++r)
        if (!parse_le_hex(p.substr(1 + 8 * r, 8), values[r])) return error_reply;
    for (unsigned r = 1; r <= reg_pc; ++r) target_.write_register(r, values[r]);
    return ok_reply;
}

Session::Response Session::read_register(const std::string& p) {
    size_t pos = 1;
    uint32_t regno = 0;
    if (!parse_number(p, pos, regno) || pos != p.size()) return error_reply;
    std::string value = register_hex(regno);
    return value.empty() ? fault_reply : Response{value};
}

Session::Response Session::write_register(const std::string& p) {
    size_t pos = 1;
    uint32_t regno = 0, value = 0;
    if (!parse_number(p, pos, regno) || !expect(p, pos, '=') || !parse_le_hex(p.substr(pos), value))
        return error_reply;
    return target_.write_register(regno, value) ? ok_reply : fault_reply;
}

// Longer requests than a reply packet can carry get a prefix, as gdb allows.
Session::Response Session::read_memory(const std::string& p) {
    size_t pos = 1;
    uint32_t addr = 0, len = 0;
    if (!parse_range(p, pos, addr, len, 0)) return error_reply;
    std::string data(std::min<size_t>(len, packet_size / 2), '\0');
    size_t n = target_.read_memory(addr, reinterpret_cast<uint8_t*>(&data[0]), data.size());
    if (n == 0 && len != 0) return fault_reply;
    return {to_hex(reinterpret_cast<const uint8_t*>(data.data()), n)};
}

// M (hex) and X (binary) writes differ only in how the data is encoded.
// gdb probes for X support with an empty write, which must succeed.
Session::Response Session::write_decoded(const std::string& p,
                                         bool (*decode)(const std::string&, std::string&)) {
    size_t pos = 1;
    uint32_t addr = 0, len = 0;
    std::string data;
    if (!parse_range(p, pos, addr, len, ':') || !decode(p.substr(pos), data) || data.size() != len)
        return error_reply;
    if (len == 0) return ok_reply;
    return target_.write_memory(addr, reinterpret_cast<const uint8_t*>(data.data()), len)
               ? ok_reply
               : fault_reply;
}

Session::Response Session::write_memory(const std::string& p) { return write_decoded(p, from_hex); }

Session::Response Session::write_binary(const std::string& p) {
    return write_decoded(p, unescape_binary);
}

// Z0 (software) and Z1 (hardware) are the same breakpoint in the core; the
// kinds are remembered only to say which one hit (swbreak/hwbreak).
// Watchpoints (Z2-Z4) are not supported: gdb falls back to its own.
Session::Response Session::breakpoint(const std::string& p) {
    if (p.size() < 2 || (p[1] != '0' && p[1] != '1')) return unsupported;
    size_t pos = 2;
    uint32_t addr = 0, kind = 0;
    if (!expect(p, pos, ',') || !parse_number(p, pos, addr) || !expect(p, pos, ',') ||
        !parse_number(p, pos, kind) || (pos != p.size() && p[pos] != ';'))
        return error_reply;
    const unsigned bit = p[1] == '0' ? 1 : 2;
    unsigned& kinds = breakpoints_[addr];
    const unsigned before = kinds;
    kinds = p[0] == 'Z' ? kinds | bit : kinds & ~bit;
    if (!before != !kinds) target_.set_breakpoint(addr, kinds != 0);
    if (!kinds) breakpoints_.erase(addr);
    return ok_reply;
}

// c [ADDR], s [ADDR], C SIG [;ADDR], S SIG [;ADDR]: signals are ignored (the
// firmware has none to receive).
Session::Response Session::resume(const std::string& p) {
    size_t pos = 1;
    uint32_t value = 0;
    if (p[0] == 'C' || p[0] == 'S') {
        if (!parse_number(p, pos, value)) return error_reply;
        if (pos < p.size() && !expect(p, pos, ';')) return error_reply;
    }
    if (pos < p.size()) {
        if (!parse_number(p, pos, value) || pos != p.size()) return error_reply;
        target_.write_register(reg_pc, value);
    }
    const bool step = p[0] == 's' || p[0] == 'S';
    return {"", false, step ? Action::step : Action::resume};
}

// With one thread, the first vCont action applies to it, whatever thread id
// it names.
Session::Response Session::v_packet(const std::string& p) {
    if (p == "vCont?") return {"vCont;c;C;s;S"};
    if (starts_with(p, "vKill")) return {"OK", true, Action::kill};
    if (!starts_with(p, "vCont;") || p.size() < 7) return unsupported;
    switch (p[6]) {
    case 'c':
    case 'C': return {"", false, Action::resume};
    case 's':
    case 'S': return {"", false, Action::step};
    default: return error_reply;
    }
}

Session::Response Session::query(const std::string& p) {
    if (starts_with(p, "qSupported"))
        return {"PacketSize=" + hex_number(packet_size) +
                ";qXfer:features:read+;swbreak+;hwbreak+;vContSupported+;QStartNoAckMode+"};
    if (starts_with(p, "qXfer:features:read:")) return xfer_features(p.substr(20));
    if (p == "QStartNoAckMode") return no_ack_ = true, ok_reply;
    if (starts_with(p, "qAttached")) return {"0"};  // gdb's quit kills the run, not detaches
    if (starts_with(p, "qSymbol")) return ok_reply; // no symbols needed
    return unsupported;
}

// qXfer:features:read:ANNEX:OFFSET,LENGTH -> "m" + data (more follows) or
// "l" + data (the last part); frame() escapes it.
Session::Response Session::xfer_features(const std::string& args) {
    const std::string annex = "target.xml:";
    if (!starts_with(args, annex.c_str())) return {"E00"};
    size_t pos = annex.size();
    uint32_t offset = 0, len = 0;
    if (!parse_range(args, pos, offset, len, 0)) return error_reply;
    const std::string xml = target_.target_xml();
    if (offset >= xml.size()) return {"l"};
    const std::string part = xml.substr(offset, std::min<size_t>(len, packet_size / 2));
    return {(offset + part.size() < xml.size() ? "m" : "l") + part};
}

} // namespace gdb

// ---- the target: the CPU and the bus ----------------------------------------------

namespace {

struct CsrInfo {
    const char* name;
    uint16_t number;
};
// The CSRs gdb shows (`info registers csr`): the machine-mode ones the core has.
const CsrInfo debug_csrs[] = {
    {"mstatus", iss::csr::mstatus},
    {"misa", iss::csr::misa},
    {"mie", iss::csr::mie},
    {"mtvec", iss::csr::mtvec},
    {"mscratch", iss::csr::mscratch},
    {"mepc", iss::csr::mepc},
    {"mcause", iss::csr::mcause},
    {"mtval", iss::csr::mtval},
    {"mip", iss::csr::mip},
    {"mcycle", iss::csr::mcycle},
    {"minstret", iss::csr::minstret},
    {"mcycleh", iss::csr::mcycleh},
    {"minstreth", iss::csr::minstreth},
    {"mvendorid", iss::csr::mvendorid},
    {"marchid", iss::csr::marchid},
    {"mimpid", iss::csr::mimpid},
    {"mhartid", iss::csr::mhartid},
};

const CsrInfo* find_csr(unsigned regno) {
    for (const CsrInfo& c : debug_csrs)
        if (gdb::reg_first_csr + c.number == regno) return &c;
    return nullptr;
}

// gdb's own names for x0-x31 (gdb/features/riscv/32bit-cpu.xml).
const char* const xreg_names[] = {"zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2",
                                  "fp",   "s1", "a0",  "a1",  "a2", "a3", "a4", "a5",
                                  "a6",   "a7", "s2",  "s3",  "s4", "s5", "s6", "s7",
                                  "s8",   "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

std::string make_target_xml() {
    std::string x = "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                    "<target version=\"1.0\">\n<architecture>riscv:rv32</architecture>\n"
                    "<feature name=\"org.gnu.gdb.riscv.cpu\">\n";
    for (unsigned r = 0; r < 32; ++r) {
        const char* type = r == 1 ? "code_ptr" : (r == 2 || r == 3 || r == 4) ? "data_ptr" : "int";
        x += "<reg name=\"" + std::string(xreg_names[r]) + "\" bitsize=\"32\" type=\"" + type +
             "\" regnum=\"" + std::to_string(r) + "\"/>\n";
    }
    x += "<reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\" regnum=\"32\"/>\n</feature>\n"
         "<feature name=\"org.gnu.gdb.riscv.csr\">\n";
    for (const CsrInfo& c : debug_csrs)
        x += "<reg name=\"" + std::string(c.name) + "\" bitsize=\"32\" regnum=\"" +
             std::to_string(gdb::reg_first_csr + c.number) + "\"/>\n";
    return x + "</feature>\n</target>\n";
}

// The largest naturally aligned access (4, 2 or 1 bytes) at addr within len:
// device registers take those, where one long access would fail.
unsigned piece_size(uint32_t addr, size_t len) {
    if (len >= 4 && addr % 4 == 0) return 4;
    if (len >= 2 && addr % 2 == 0) return 2;
    return 1;
}

} // namespace

class GdbServer::CpuTarget : public gdb::Target {
  public:
    explicit CpuTarget(Cpu& cpu) : cpu_(cpu), xml_(make_target_xml()) {}

    bool read_register(unsigned n, uint32_t& v) override {
        iss::Core& core = cpu_.core();
        if (n < 32) return v = core.reg(n), true;
        if (n == gdb::reg_pc) return v = core.pc(), true;
        const CsrInfo* c = find_csr(n);
        return c && core.csr_read(c->number, v);
    }
    bool write_register(unsigned n, uint32_t v) override {
        iss::Core& core = cpu_.core();
        if (n < 32) return core.set_reg(n, v), true; // x0 stays 0
        if (n == gdb::reg_pc) return core.set_pc(v & ~1u), true;
        const CsrInfo* c = find_csr(n);
        return c && core.csr_write(c->number, v);
    }
    // One access when the range is one target's (RAM), else piece by piece.
    size_t read_memory(uint32_t addr, uint8_t* data, size_t len) override {
        if (len <= UINT32_MAX && cpu_.debug_access(false, addr, data, unsigned(len))) return len;
        size_t done = 0;
        for (unsigned n; done < len; done += n) {
            n = piece_size(addr + uint32_t(done), len - done);
            if (!cpu_.debug_access(false, addr + uint32_t(done), data + done, n)) break;
        }
        return done;
    }
    bool write_memory(uint32_t addr, const uint8_t* data, size_t len) override {
        uint8_t* d = const_cast<uint8_t*>(data); // TLM's data pointer is not const
        if (len <= UINT32_MAX && cpu_.debug_access(true, addr, d, unsigned(len))) return true;
        for (size_t done = 0, n; done < len; done += n) {
            n = piece_size(addr + uint32_t(done), len - done);
            if (!cpu_.debug_access(true, addr + uint32_t(done), d + done, unsigned(n)))
                return false;
        }
        return true;
    }
    void set_breakpoint(uint32_t addr, bool on) override {
        if (on)
            cpu_.core().add_breakpoint(addr);
        else
            cpu_.core().remove_breakpoint(addr);
    }
    std::string target_xml() override { return xml_; }

  private:
    Cpu& cpu_;
    const std::string xml_;
};

// ---- the socket -----------------------------------------------------------------

namespace {

gdb::StopReason reason_of(CpuDebugger::Event e) {
    switch (e) {
    case CpuDebugger::Event::breakpoint: return gdb::StopReason::breakpoint;
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
    std::string reply = session_.stop(reason_of(why), cpu_.core().pc());
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
