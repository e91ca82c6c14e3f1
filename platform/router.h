// Loosely-timed TLM-2.0 address router: forwards b_transport, DMI requests
// and debug transport to the target mapped at the address, translating the
// address to the target's local offset (and DMI ranges back to global ones).
// Unmapped addresses answer TLM_ADDRESS_ERROR_RESPONSE.
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include <string>
#include <vector>

namespace cimvp {

class Router : public sc_core::sc_module {
  public:
    tlm_utils::multi_passthrough_target_socket<Router> target;  // from CPU, DMA engines
    tlm_utils::multi_passthrough_initiator_socket<Router> init; // to devices

    explicit Router(sc_core::sc_module_name name);

    // Binds the next initiator port to `socket` and maps [base, base+size) to it.
    void map(tlm::tlm_target_socket<>& socket, uint64_t base, uint64_t size,
             const std::string& name);

  private:
    struct Range {
        uint64_t base, size;
        unsigned port;
        std::string name;
    };
    const Range* decode(uint64_t addr, unsigned len) const;

    void b_transport(int id, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
    bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi);
    unsigned transport_dbg(int id, tlm::tlm_generic_payload& tx);
    void invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end);

    std::vector<Range> ranges_;
};

} // namespace cimvp
