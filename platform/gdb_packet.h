// GDB remote serial protocol, the packet layer: $payload#checksum framing, the
// '}' escapes, hex encoding, acks and the out-of-band Ctrl-C byte. No I/O; the
// socket side is platform/gdb_server.h, the protocol platform/gdb_session.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace cimvp {
namespace gdb {

uint8_t checksum(const std::string& payload);
// "$payload#cs", with '$', '#', '}' and '*' escaped as '}' and the byte ^ 0x20.
std::string frame(const std::string& payload);
// The binary data of an X packet: "}x" stands for x ^ 0x20. False if the data
// ends in a lone '}'.
bool unescape_binary(const std::string& in, std::string& out);
std::string to_hex(const uint8_t* data, size_t len);
std::string to_hex(const std::string& data);
// Whole string or nothing: false on an odd length or a non-hex digit.
bool from_hex(const std::string& hex, std::string& out);

// Splits the incoming byte stream into packets, acks and interrupts.
class PacketReader {
  public:
    enum class Event { none, packet, bad_checksum, interrupt, ack, nack };
    // Consumes one byte; returns what it completes. After `packet`, payload()
    // is the raw payload (escapes still in it, checked against its checksum).
    Event feed(char c);
    const std::string& payload() const { return payload_; }

  private:
    enum class State { idle, payload, checksum_high, checksum_low };
    static constexpr size_t kMaxPayload = 1u << 20; // junk from a non-gdb client stays bounded
    State state_ = State::idle;
    std::string payload_;
    int checksum_ = 0;
};

// One hex digit's value, or -1 for anything else.
int hex_value(char c);
// Two lowercase hex digits.
std::string hex8(uint8_t v);

} // namespace gdb
} // namespace cimvp
