// The RISC-V debug trigger module (Debug Specification 0.13.2, section 5): tselect, tdata1-3
// and tinfo, with address-match triggers of type 2 (mcontrol) on execute, load and store.
//
// What the hart implements of mcontrol (every other field reads 0 and ignores writes):
// type (always 2), dmode, action (0: breakpoint exception, 1: enter debug mode), m (the hart
// runs in machine mode only, so a trigger without m never fires), execute, store, load. match
// is 0 (tdata2 equal to the address), timing 0 (before the instruction runs: a store that
// fires does not happen). A load or store fires when it touches the byte at tdata2; a debugger's
// trigger watches `len` bytes from tdata2 (gdb's watch on a 4-byte variable).
//
// Firmware owns triggers with dmode = 0 and gets a breakpoint exception (mcause 3, mtval the
// pc or the data address). A debugger takes free triggers with dmode = 1 and action 1, which
// firmware can neither change nor clear (its writes are ignored), as on hardware. The core
// checks none of this per instruction: armed() routes execution to a checking path
// (rv32_core.h).
#pragma once

#include <cstdint>

namespace iss {

enum class TriggerKind : uint8_t { none = 0, execute = 4, store = 2, load = 1 };

class Triggers {
  public:
    static constexpr unsigned count = 4;
    // mcontrol fields for RV32.
    static constexpr uint32_t kTypeMcontrol = 2u << 28, dmode = 1u << 27;
    static constexpr uint32_t kActionShift = 12, kActionMask = 0xfu << kActionShift;
    static constexpr uint32_t m = 1u << 6, execute = 1u << 2, store = 1u << 1, load = 1u << 0;
    static constexpr uint32_t kTinfoValue = 1u << 2; // type 2 only

    // CSR accesses; `debugger` is a write from debug mode (may set or change dmode triggers).
    bool read(uint16_t csr, uint32_t& v) const;
    bool write(uint16_t csr, uint32_t v, bool debugger);

    bool armed() const { return armed_; }
    bool watches_data() const { return data_; }
    // The first trigger that fires for fetching pc, or for an access [addr, addr + len)
    // (kind store or load); -1 for none.
    int match_execute(uint32_t pc) const;
    int match_access(TriggerKind kind, uint32_t addr, unsigned len) const;
    bool enters_debug_mode(int i) const {
        return ((t_[i].tdata1 & kActionMask) >> kActionShift) == 1;
    }

    // A debugger's trigger on [addr, addr + len) for `kinds` (TriggerKind bits): takes a free
    // trigger (false if none); removing clears the one set with these arguments.
    bool add_debug(uint32_t kinds, uint32_t addr, uint32_t len);
    bool remove_debug(uint32_t kinds, uint32_t addr, uint32_t len);
    void remove_all_debug();
    void reset();

  private:
    struct Trigger {
        uint32_t tdata1 = kTypeMcontrol, tdata2 = 0, len = 1;
    };
    void update();

    Trigger t_[count];
    unsigned select_ = 0;
    bool armed_ = false, data_ = false;
};

} // namespace iss
