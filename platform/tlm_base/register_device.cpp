#include "platform/tlm_base/register_device.h"

#include <cstring>

namespace cimvp {

RegisterDevice::RegisterDevice(sc_core::sc_module_name name, sc_core::sc_time access_latency)
    : sc_module(name), socket("socket"), latency_(access_latency) {
    socket.register_b_transport(this, &RegisterDevice::b_transport);
    socket.register_transport_dbg(this, &RegisterDevice::transport_dbg);
}

void RegisterDevice::reg(const std::string& name, uint64_t offset, unsigned size, ReadFn read,
                         WriteFn write) {
    regs_.push_back({name, offset, size, std::move(read), std::move(write)});
}

const RegisterDevice::Register* RegisterDevice::find(uint64_t addr, unsigned len) const {
    for (const Register& r : regs_)
        if (addr >= r.offset && addr + len <= r.offset + r.size) return &r;
    return nullptr;
}

bool RegisterDevice::access(tlm::tlm_generic_payload& tx, const sc_core::sc_time& now, bool debug) {
    unsigned len = tx.get_data_length();
    const Register* r = find(tx.get_address(), len);
    if (tx.get_byte_enable_ptr()) return false;
    if (!r) return access_unmapped(tx, now);
    if (len > 8) return false;
    unsigned shift = static_cast<unsigned>(tx.get_address() - r->offset);
    uint64_t value = r->read(now);
    if (tx.is_read()) {
        std::memcpy(tx.get_data_ptr(), reinterpret_cast<uint8_t*>(&value) + shift, len);
    } else if (tx.is_write() && r->write && !debug) {
        std::memcpy(reinterpret_cast<uint8_t*>(&value) + shift, tx.get_data_ptr(), len);
        r->write(value, now);
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
