#include "platform/router.h"

namespace cimvp {

Router::Router(sc_core::sc_module_name name) : sc_module(name), target("target"), init("init") {
    target.register_b_transport(this, &Router::b_transport);
    target.register_get_direct_mem_ptr(this, &Router::get_direct_mem_ptr);
    target.register_transport_dbg(this, &Router::transport_dbg);
    init.register_invalidate_direct_mem_ptr(this, &Router::invalidate_direct_mem_ptr);
}

void Router::map(tlm::tlm_target_socket<>& socket, uint64_t base, uint64_t size,
                 const std::string& name) {
    init.bind(socket);
    ranges_.push_back({base, size, static_cast<unsigned>(ranges_.size()), name});
}

const Router::Range* Router::decode(uint64_t addr, unsigned len) const {
    for (const Range& r : ranges_)
        if (addr >= r.base && addr - r.base < r.size && r.size - (addr - r.base) >= len) return &r;
    return nullptr;
}

void Router::b_transport(int, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
    uint64_t addr = tx.get_address();
    const Range* r = decode(addr, tx.get_data_length());
    if (!r) {
        tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    tx.set_address(addr - r->base);
    init[r->port]->b_transport(tx, delay);
    tx.set_address(addr);
}

bool Router::get_direct_mem_ptr(int, tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi) {
    uint64_t addr = tx.get_address();
    const Range* r = decode(addr, 1);
    if (!r) return false;
    tx.set_address(addr - r->base);
    bool ok = init[r->port]->get_direct_mem_ptr(tx, dmi);
    tx.set_address(addr);
    // Translate the granted range back to global addresses, clipped to the mapping.
    uint64_t start = dmi.get_start_address() + r->base;
    uint64_t end = std::min<uint64_t>(dmi.get_end_address() + r->base, r->base + r->size - 1);
    dmi.set_start_address(start);
    dmi.set_end_address(end);
    return ok;
}

unsigned Router::transport_dbg(int, tlm::tlm_generic_payload& tx) {
    uint64_t addr = tx.get_address();
    const Range* r = decode(addr, tx.get_data_length());
    if (!r) {
        tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return 0;
    }
    tx.set_address(addr - r->base);
    unsigned n = init[r->port]->transport_dbg(tx);
    tx.set_address(addr);
    return n;
}

void Router::invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end) {
    for (const Range& r : ranges_)
        if (static_cast<int>(r.port) == port) {
            uint64_t gend = end >= r.size ? r.base + r.size - 1 : r.base + end;
            for (unsigned i = 0; i < target.size(); ++i)
                target[i]->invalidate_direct_mem_ptr(r.base + start, gend);
        }
}

} // namespace cimvp
