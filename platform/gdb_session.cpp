#include "platform/gdb_session.h"

#include "platform/gdb_packet.h"

#include <algorithm>
#include <cstring>

namespace cimvp {
namespace gdb {

namespace {

std::string hex_number(size_t v) {
    std::string s;
    do s.insert(s.begin(), "0123456789abcdef"[v & 15]), v >>= 4;
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

// A watchpoint type (Z2 write, Z3 read, Z4 access) as trigger kinds: store 2, load 1.
unsigned kinds_of(unsigned type) { return type == 2 ? 2 : type == 3 ? 1 : 3; }

const Session::Response error_reply{"E01"}; // malformed packet
const Session::Response fault_reply{"E02"}; // no such register or memory
const Session::Response ok_reply{"OK"};
const Session::Response unsupported{""};

} // namespace

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
    case 'z': return p.size() > 1 && p[1] >= '2' && p[1] <= '4' ? watchpoint(p) : breakpoint(p);
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

std::string Session::stop(StopReason why, uint32_t pc, int signal, uint32_t data_addr) {
    std::string reason;
    if (why == StopReason::watchpoint) {
        static const char* const names[] = {"watch", "rwatch", "awatch"};
        unsigned type = 4;
        for (const Watch& w : watchpoints_)
            if (data_addr - w.addr < w.len) type = w.type;
        reason = std::string(names[type - 2]) + ":" + hex_number(data_addr) + ";";
    }
    if (why == StopReason::breakpoint) {
        auto it = breakpoints_.find(pc);
        unsigned kinds = it == breakpoints_.end() ? 0 : it->second;
        reason = kinds & 1 ? "swbreak:;" : kinds & 2 ? "hwbreak:;" : "";
    }
    if (why == StopReason::interrupted) signal = 2;             // SIGINT
    if (why != StopReason::ended) signal = signal ? signal : 5; // SIGTRAP
    last_stop_ =
        "T" + hex8(static_cast<uint8_t>(signal)) + reason + hex8(kRegPc) + ":" + le_hex(pc) + ";";
    return last_stop_;
}

void Session::clear_breakpoints() {
    for (const auto& b : breakpoints_) target_.set_breakpoint(b.first, false);
    breakpoints_.clear();
    for (const Watch& w : watchpoints_)
        target_.set_watchpoint(kinds_of(w.type), w.addr, w.len, false);
    watchpoints_.clear();
}

std::string Session::register_hex(unsigned regno) {
    uint32_t v = 0;
    return target_.read_register(regno, v) ? le_hex(v) : "";
}

Session::Response Session::read_registers(const std::string& p) {
    if (p.size() != 1) return error_reply;
    std::string all;
    for (unsigned r = 0; r <= kRegPc; ++r) all += register_hex(r);
    return {all};
}

// The same layout as 'g': x0-x31, pc. More (gdb's idea of a longer packet) is
// ignored; less is malformed.
Session::Response Session::write_registers(const std::string& p) {
    if (p.size() < 1 + 8 * (kRegPc + 1)) return error_reply;
    uint32_t values[kRegPc + 1];
    for (unsigned r = 0; r <= kRegPc; ++r)
        if (!parse_le_hex(p.substr(1 + 8 * r, 8), values[r])) return error_reply;
    for (unsigned r = 1; r <= kRegPc; ++r) target_.write_register(r, values[r]);
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
    std::string data(std::min<size_t>(len, kPacketSize / 2), '\0');
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
// Watchpoints (Z2-Z4) are the core's debug triggers: watchpoint() below.
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

// Z2 (write), Z3 (read), Z4 (access) ADDR,LEN: the target's hardware triggers.
Session::Response Session::watchpoint(const std::string& p) {
    size_t pos = 2;
    uint32_t addr = 0, len = 0;
    if (!expect(p, pos, ',') || !parse_range(p, pos, addr, len, 0) || len == 0) return error_reply;
    const unsigned type = unsigned(p[1] - '0');
    auto it = watchpoints_.begin();
    while (it != watchpoints_.end() && !(it->type == type && it->addr == addr && it->len == len))
        ++it;
    if (p[0] == 'Z') {
        if (it != watchpoints_.end()) return ok_reply;
        if (!target_.set_watchpoint(kinds_of(type), addr, len, true)) return fault_reply;
        watchpoints_.push_back({type, addr, len});
        return ok_reply;
    }
    if (it == watchpoints_.end()) return ok_reply;
    target_.set_watchpoint(kinds_of(type), addr, len, false);
    watchpoints_.erase(it);
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
        target_.write_register(kRegPc, value);
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
        return {"PacketSize=" + hex_number(kPacketSize) +
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
    const std::string part = xml.substr(offset, std::min<size_t>(len, kPacketSize / 2));
    return {(offset + part.size() < xml.size() ? "m" : "l") + part};
}

} // namespace gdb
} // namespace cimvp
