// Bus helpers for TLM initiators: a generic payload set up for one plain read or write, as the
// CPU, debug accesses and test stimuli issue them (no byte enables, streaming width = length).
#pragma once

#include <tlm>

#include <cstdint>

namespace cimvp {

inline void init_payload(tlm::tlm_generic_payload& tx, tlm::tlm_command cmd, uint64_t addr,
                         void* data, unsigned len) {
    tx.set_command(cmd);
    tx.set_address(addr);
    tx.set_data_ptr(static_cast<unsigned char*>(data));
    tx.set_data_length(len);
    tx.set_streaming_width(len);
    tx.set_byte_enable_ptr(nullptr);
    tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
}

} // namespace cimvp
