#include "platform/gdb_packet.h"

namespace cimvp {
namespace gdb {

namespace {
const char hex_digits[] = "0123456789abcdef";
} // namespace

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string hex8(uint8_t v) { return {hex_digits[v >> 4], hex_digits[v & 15]}; }

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
        } else if (payload_.size() == kMaxPayload) {
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

} // namespace gdb
} // namespace cimvp
