#include "platform/tlm_base/register_device.h"

#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace cimvp {

namespace {

// "0x43494d58" or "1" -> the number; "cfg", "-" (set by the device) -> 0.
uint64_t parse_reset(const char* text) {
    char* end = nullptr;
    const uint64_t v = std::strtoull(text, &end, 0);
    return end != text && *end == '\0' ? v : 0;
}

} // namespace

Register::Register(RegisterDevice& device, std::string name, uint64_t offset, unsigned size,
                   Access access, uint64_t reset)
    : device_(device), name_(std::move(name)), offset_(offset), size_(size), access_(access),
      value_(reset & size_mask()) {
    if (size != 1 && size != 2 && size != 4 && size != 8)
        throw std::invalid_argument("register " + name_ + ": size must be 1, 2, 4 or 8 bytes");
    device_.add(*this);
}

Register::Register(RegisterDevice& device, std::string name, uint64_t offset, unsigned size,
                   Access access, const char* reset)
    : Register(device, std::move(name), offset, size, access, parse_reset(reset)) {}

uint64_t Register::read(const sc_core::sc_time& now) const {
    if (access_ == Access::WO) return 0;
    return read_ ? read_(now) : value_;
}

void Register::write(uint64_t data, uint64_t byte_mask, const sc_core::sc_time& now) {
    const uint64_t bits = byte_mask & writable_ & size_mask();
    switch (access_) {
    case Access::RO: return;
    case Access::WO:
        value_ = data & bits;
        break; // bytes not written read as 0, as the register does
    case Access::RW: value_ = ((read(now) & ~bits) | (data & bits)) & size_mask(); break;
    case Access::W1C: value_ &= ~(data & bits); break;
    }
    if (write_) write_(value_, now);
}

RegisterDevice::RegisterDevice(sc_core::sc_module_name name, sc_core::sc_time access_latency)
    : sc_module(name), socket("socket"), latency_(access_latency) {
    socket.register_b_transport(this, &RegisterDevice::b_transport);
    socket.register_transport_dbg(this, &RegisterDevice::transport_dbg);
}

void RegisterDevice::add(Register& r) { regs_.push_back(&r); }

Register* RegisterDevice::find(uint64_t addr, unsigned len) const {
    for (Register* r : regs_)
        if (addr >= r->offset() && addr + len <= r->offset() + r->size()) return r;
    return nullptr;
}

bool RegisterDevice::access(tlm::tlm_generic_payload& tx, const sc_core::sc_time& now, bool debug) {
    const unsigned len = tx.get_data_length();
    Register* r = find(tx.get_address(), len);
    if (tx.get_byte_enable_ptr()) return false;
    if (!r) return access_unmapped(tx, now);
    if (len > 8) return false;
    const unsigned shift = static_cast<unsigned>(tx.get_address() - r->offset());
    if (tx.is_read()) {
        const uint64_t value = r->read(now);
        std::memcpy(tx.get_data_ptr(), reinterpret_cast<const uint8_t*>(&value) + shift, len);
    } else if (tx.is_write() && !debug) {
        uint64_t data = 0, bytes = 0;
        std::memcpy(reinterpret_cast<uint8_t*>(&data) + shift, tx.get_data_ptr(), len);
        std::memset(reinterpret_cast<uint8_t*>(&bytes) + shift, 0xff, len);
        r->write(data, bytes, now);
    }
    return true;
}

void RegisterDevice::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
    delay += latency_;
    bool ok = access(tx, sc_core::sc_time_stamp() + delay, false);
    tx.set_response_status(ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

unsigned RegisterDevice::transport_dbg(tlm::tlm_generic_payload& tx) {
    bool ok = access(tx, sc_core::sc_time_stamp(), true);
    tx.set_response_status(ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return ok ? tx.get_data_length() : 0;
}

} // namespace cimvp
