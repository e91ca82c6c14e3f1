// RAM with DMI: the CPU and DMA engines access it through host pointers;
// b_transport and debug transport serve everything else. The block comes
// from calloc, so untouched pages of a large RAM cost no host memory.
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <memory>

namespace cimvp {

class Ram : public sc_core::sc_module {
  public:
    tlm_utils::simple_target_socket<Ram> socket;

    Ram(sc_core::sc_module_name name, uint64_t size, sc_core::sc_time access_latency);

    uint8_t* data() { return mem_.get(); }
    uint64_t size() const { return size_; }

  private:
    void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi);
    unsigned transport_dbg(tlm::tlm_generic_payload& tx);
    bool in_range(const tlm::tlm_generic_payload& tx) const;

    struct FreeDeleter {
        void operator()(uint8_t* p) const { std::free(p); }
    };
    std::unique_ptr<uint8_t, FreeDeleter> mem_;
    uint64_t size_;
    sc_core::sc_time latency_;
};

} // namespace cimvp
