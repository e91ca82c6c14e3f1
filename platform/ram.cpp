#include "platform/ram.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace cimvp {

Ram::Ram(sc_core::sc_module_name name, uint64_t size, sc_core::sc_time access_latency)
    : sc_module(name), socket("socket"), mem_(static_cast<uint8_t*>(std::calloc(size, 1))),
      size_(size), latency_(access_latency) {
    if (!mem_) throw std::bad_alloc();
    socket.register_b_transport(this, &Ram::b_transport);
    socket.register_get_direct_mem_ptr(this, &Ram::get_direct_mem_ptr);
    socket.register_transport_dbg(this, &Ram::transport_dbg);
}

bool Ram::in_range(const tlm::tlm_generic_payload& tx) const {
    return tx.get_address() < size_ && size_ - tx.get_address() >= tx.get_data_length();
}

void Ram::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
    if (!in_range(tx)) return tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    if (tx.get_byte_enable_ptr())
        return tx.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    uint8_t* p = mem_.get() + tx.get_address();
    if (tx.is_read())
        std::memcpy(tx.get_data_ptr(), p, tx.get_data_length());
    else if (tx.is_write())
        std::memcpy(p, tx.get_data_ptr(), tx.get_data_length());
    delay += latency_;
    tx.set_dmi_allowed(true);
    tx.set_response_status(tlm::TLM_OK_RESPONSE);
}

bool Ram::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
    dmi.set_dmi_ptr(mem_.get());
    dmi.set_start_address(0);
    dmi.set_end_address(size_ - 1);
    dmi.allow_read_write();
    dmi.set_read_latency(latency_);
    dmi.set_write_latency(latency_);
    return true;
}

unsigned Ram::transport_dbg(tlm::tlm_generic_payload& tx) {
    if (!in_range(tx)) {
        tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return 0;
    }
    uint8_t* p = mem_.get() + tx.get_address();
    if (tx.is_read())
        std::memcpy(tx.get_data_ptr(), p, tx.get_data_length());
    else if (tx.is_write())
        std::memcpy(p, tx.get_data_ptr(), tx.get_data_length());
    tx.set_response_status(tlm::TLM_OK_RESPONSE);
    return tx.get_data_length();
}

} // namespace cimvp
