// The register bank of a memory-mapped peripheral: a TLM target socket in front of registers
// that the device declares as named members (Register), so a device's class reads as its
// register map and its code holds only behaviour.
//
// A register is plain storage. The bank applies the access rule on every access: read-only
// registers ignore writes (as most hardware does), write-only ones read as 0, write-1-to-clear
// ones clear the bits written as 1. A device adds behaviour with member functions: on_read for a
// value computed at read time, on_write for what a write sets off (called after the bank stored
// the value). Accesses may cover part of a register (e.g. the 32-bit halves of a 64-bit timer):
// the bytes written replace those bytes. Handlers receive the access's local time
// (sc_time_stamp() + annotated delay), so a register whose value depends on time is exact under
// temporal decoupling.
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cimvp {

class RegisterDevice;

// How software may access a register. The enumerators spell the access column of register maps
// (ip/tlm/xbar_regmap.h).
enum class Access {
    RO,  // read-only: writes are ignored
    WO,  // write-only: reads return 0
    RW,  // read-write
    W1C, // write 1 to clear: each bit written as 1 is cleared, bits written as 0 are kept
};

class Register {
  public:
    using ReadFn = std::function<uint64_t(const sc_core::sc_time& now)>;
    using WriteFn = std::function<void(uint64_t value, const sc_core::sc_time& now)>;

    // A register of `size` bytes (1, 2, 4 or 8) at `offset` in `device`'s bank.
    Register(RegisterDevice& device, std::string name, uint64_t offset, unsigned size,
             Access access, uint64_t reset = 0);
    // The reset column of a register map: a number ("0x43494d58", "1"), or text such as "cfg"
    // or "-" for a value the device sets itself (0 until it does).
    Register(RegisterDevice& device, std::string name, uint64_t offset, unsigned size,
             Access access, const char* reset);
    Register(const Register&) = delete;
    Register& operator=(const Register&) = delete;

    // The stored value, as the device sees it (access rules apply to software only).
    uint64_t value() const { return value_; }
    operator uint64_t() const { return value_; }
    Register& operator=(uint64_t v) {
        value_ = v & size_mask();
        return *this;
    }
    Register& operator|=(uint64_t v) { return *this = value_ | v; }

    // Only these bits take written values; the others keep theirs.
    Register& writable(uint64_t mask) {
        writable_ = mask;
        return *this;
    }

    // A value computed at each read instead of the stored one: a member function of the device
    // that owns the register, given the reader's local time or nothing.
    template <class Device, class R> Register& on_read(R (Device::*fn)(const sc_core::sc_time&)) {
        Device* d = static_cast<Device*>(&device_);
        read_ = [d, fn](const sc_core::sc_time& now) {
            return static_cast<uint64_t>((d->*fn)(now));
        };
        return *this;
    }
    template <class Device, class R>
    Register& on_read(R (Device::*fn)(const sc_core::sc_time&) const) {
        const Device* d = static_cast<const Device*>(&device_);
        read_ = [d, fn](const sc_core::sc_time& now) {
            return static_cast<uint64_t>((d->*fn)(now));
        };
        return *this;
    }
    template <class Device, class R> Register& on_read(R (Device::*fn)() const) {
        const Device* d = static_cast<const Device*>(&device_);
        read_ = [d, fn](const sc_core::sc_time&) { return static_cast<uint64_t>((d->*fn)()); };
        return *this;
    }
    Register& on_read(ReadFn fn) {
        read_ = std::move(fn);
        return *this;
    }
    // Called after every write by software with the register's new stored value (and the
    // writer's local time, if the member function takes it).
    template <class Device, class V>
    Register& on_write(void (Device::*fn)(V value, const sc_core::sc_time&)) {
        Device* d = static_cast<Device*>(&device_);
        write_ = [d, fn](uint64_t v, const sc_core::sc_time& now) {
            (d->*fn)(static_cast<V>(v), now);
        };
        return *this;
    }
    template <class Device, class V> Register& on_write(void (Device::*fn)(V value)) {
        Device* d = static_cast<Device*>(&device_);
        write_ = [d, fn](uint64_t v, const sc_core::sc_time&) { (d->*fn)(static_cast<V>(v)); };
        return *this;
    }
    Register& on_write(WriteFn fn) {
        write_ = std::move(fn);
        return *this;
    }

    const std::string& name() const { return name_; }
    uint64_t offset() const { return offset_; }
    unsigned size() const { return size_; }
    Access access() const { return access_; }

    // A software access of the bytes `byte_mask` selects (data at their place in the register).
    uint64_t read(const sc_core::sc_time& now) const;
    void write(uint64_t data, uint64_t byte_mask, const sc_core::sc_time& now);

  private:
    uint64_t size_mask() const { return size_ == 8 ? ~0ull : (1ull << (8 * size_)) - 1; }

    RegisterDevice& device_;
    std::string name_;
    uint64_t offset_;
    unsigned size_;
    Access access_;
    uint64_t value_;
    uint64_t writable_ = ~0ull;
    ReadFn read_;
    WriteFn write_;
};

class RegisterDevice : public sc_core::sc_module {
  public:
    tlm_utils::simple_target_socket<RegisterDevice> socket;

    // The registers in declaration order (for tools and tests).
    const std::vector<Register*>& registers() const { return regs_; }

  protected:
    RegisterDevice(sc_core::sc_module_name name, sc_core::sc_time access_latency);

    // Accesses that hit no register land here (e.g. a device's memory
    // region); return false for an address error.
    virtual bool access_unmapped(tlm::tlm_generic_payload& tx, const sc_core::sc_time& now) {
        (void)tx, (void)now;
        return false;
    }

  private:
    friend class Register;
    void add(Register& r);
    Register* find(uint64_t addr, unsigned len) const;
    void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& tx);
    bool access(tlm::tlm_generic_payload& tx, const sc_core::sc_time& now, bool debug);

    std::vector<Register*> regs_;
    sc_core::sc_time latency_;
};

} // namespace cimvp
