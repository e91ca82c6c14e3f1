#include "platform/iss/rv32_triggers.h"

#include "platform/iss/rv32_csr.h"

namespace iss {

namespace {
constexpr uint32_t kKindBits = Triggers::execute | Triggers::store | Triggers::load;
} // namespace

bool Triggers::read(uint16_t n, uint32_t& v) const {
    const Trigger& t = t_[select_];
    switch (n) {
    case csr::tselect: v = select_; return true;
    case csr::tdata1: v = t.tdata1; return true;
    case csr::tdata2: v = t.tdata2; return true;
    case csr::tdata3: v = 0; return true;
    case csr::tinfo: v = kTinfoValue; return true;
    default: return false;
    }
}

// tselect beyond the last trigger keeps its value (WARL). Firmware's writes to a debugger's
// trigger are ignored; an action other than 0 or 1 becomes 0 (WARL).
bool Triggers::write(uint16_t n, uint32_t v, bool debugger) {
    Trigger& t = t_[select_];
    const bool locked = (t.tdata1 & dmode) && !debugger;
    switch (n) {
    case csr::tselect:
        if (v < count) select_ = v;
        return true;
    case csr::tdata1: {
        if (locked) return true;
        uint32_t action = (v & kActionMask) >> kActionShift;
        if (action > 1 || (action == 1 && !debugger && !(v & dmode))) action = 0;
        t.tdata1 = kTypeMcontrol | (debugger ? v & dmode : 0) | action << kActionShift |
                   (v & (m | kKindBits));
        t.len = 1;
        break;
    }
    case csr::tdata2:
        if (!locked) t.tdata2 = v;
        break;
    case csr::tdata3:
    case csr::tinfo: return true; // no textra; tinfo is read-only data
    default: return false;
    }
    update();
    return true;
}

void Triggers::update() {
    armed_ = data_ = false;
    for (const Trigger& t : t_) {
        if (!(t.tdata1 & m)) continue;
        armed_ |= (t.tdata1 & kKindBits) != 0;
        data_ |= (t.tdata1 & (store | load)) != 0;
    }
}

int Triggers::match_execute(uint32_t pc) const {
    for (unsigned i = 0; i < count; ++i) {
        const Trigger& t = t_[i];
        if ((t.tdata1 & (m | execute)) == (m | execute) && pc - t.tdata2 < t.len) return int(i);
    }
    return -1;
}

int Triggers::match_access(TriggerKind kind, uint32_t addr, unsigned len) const {
    const uint32_t bit = static_cast<uint32_t>(kind);
    for (unsigned i = 0; i < count; ++i) {
        const Trigger& t = t_[i];
        if ((t.tdata1 & (m | bit)) != (m | bit)) continue;
        // [addr, addr + len) and [tdata2, tdata2 + t.len) overlap
        if (t.tdata2 - addr < len || addr - t.tdata2 < t.len) return int(i);
    }
    return -1;
}

bool Triggers::add_debug(uint32_t kinds, uint32_t addr, uint32_t len) {
    for (unsigned i = count; i-- > 0;) {
        Trigger& t = t_[i];
        if ((t.tdata1 & (dmode | kKindBits)) != 0) continue; // in use
        t.tdata1 = kTypeMcontrol | dmode | 1u << kActionShift | m | (kinds & kKindBits);
        t.tdata2 = addr;
        t.len = len ? len : 1;
        update();
        return true;
    }
    return false;
}

bool Triggers::remove_debug(uint32_t kinds, uint32_t addr, uint32_t len) {
    for (Trigger& t : t_)
        if ((t.tdata1 & dmode) && (t.tdata1 & kKindBits) == (kinds & kKindBits) &&
            t.tdata2 == addr && t.len == (len ? len : 1)) {
            t = Trigger{};
            update();
            return true;
        }
    return false;
}

void Triggers::remove_all_debug() {
    for (Trigger& t : t_)
        if (t.tdata1 & dmode) t = Trigger{};
    update();
}

void Triggers::reset() {
    for (Trigger& t : t_) t = Trigger{};
    select_ = 0;
    update();
}

} // namespace iss
