// The register bank (platform/tlm_base/register_device.h) on its own: a small device with one
// register of each access kind, driven over TLM by a stimulus.
#include "platform/tlm_base/register_device.h"
#include "tests/platform/tlm_base/tlm_stimulus.h"

#include <gtest/gtest.h>

#include <vector>

using namespace sc_core;
using cimvp::Access;
using cimvp::Register;
using cimvp::test::TlmStimulus;

namespace {

// Offsets: 0x0 RO id, 0x4 WO command, 0x8 RW 64-bit value, 0x10 W1C events (4 bits writable),
// 0x14 RO computed at read time, 0x18 RW with a writable mask of 0xff.
class TestDevice : public cimvp::RegisterDevice {
  public:
    std::vector<uint64_t> commands;     // values written to `command`, in order
    std::vector<sc_time> command_times; // the writer's local time of each
    uint64_t event_writes = 0;

    explicit TestDevice(sc_module_name name) : RegisterDevice(name, sc_time(10, SC_NS)) {
        command.on_write(&TestDevice::on_command);
        events.writable(0xf).on_write(&TestDevice::on_events);
        now_ns.on_read(&TestDevice::read_now_ns);
        masked.writable(0xff);
    }
    void raise_events(uint64_t bits) { events |= bits; }
    uint64_t value_of(const Register& r) const { return r.value(); }

    Register id{*this, "id", 0x0, 4, Access::RO, "0x43494d58"};
    Register command{*this, "command", 0x4, 4, Access::WO};
    Register value{*this, "value", 0x8, 8, Access::RW, 7};
    Register events{*this, "events", 0x10, 4, Access::W1C};
    Register now_ns{*this, "now_ns", 0x14, 4, Access::RO};
    Register masked{*this, "masked", 0x18, 4, Access::RW};

  private:
    void on_command(uint64_t v, const sc_time& now) {
        commands.push_back(v);
        command_times.push_back(now);
    }
    void on_events(uint64_t) { ++event_writes; }
    uint64_t read_now_ns(const sc_time& now) const {
        return static_cast<uint64_t>(now.to_seconds() * 1e9 + 0.5);
    }
};

void access_rules() {
    TestDevice dev("dev");
    TlmStimulus stim("stim");
    stim.socket.bind(dev.socket);
    stim.script = [&](TlmStimulus& s) {
        // Read-only: the reset value parsed from the table's text; writes are ignored.
        CHECK(s.read(0x0, 4) == 0x43494d58);
        s.write(0x0, 0x1234, 4);
        CHECK(s.read(0x0, 4) == 0x43494d58);
        // Write-only: reads give 0, the handler gets the value and the writer's local time
        // (the 10 ns access latency is added before the access).
        s.write(0x4, 0xabcd, 4, sc_time(5, SC_NS));
        CHECK(s.read(0x4, 4) == 0);
        CHECK(dev.commands == std::vector<uint64_t>{0xabcd});
        CHECK(dev.command_times[0] == sc_time(15, SC_NS));
        // A byte written to a write-only register: the bytes not written are 0.
        s.write(0x5, 0x12, 1);
        CHECK(dev.commands.back() == 0x1200);
        // Read-write, 64 bits: reset value, full and partial writes merge by bytes.
        CHECK(s.read(0x8, 8) == 7);
        s.write(0x8, 0x1122334455667788ull, 8);
        s.write(0xc, 0xaabbccdd, 4); // the high half only
        CHECK(s.read(0x8, 8) == 0xaabbccdd55667788ull);
        CHECK(s.read(0x8, 4) == 0x55667788 && s.read(0xc, 4) == 0xaabbccdd);
        s.write(0x9, 0xee, 1);
        CHECK(s.read(0x8, 8) == 0xaabbccdd5566ee88ull);
        // Write-1-to-clear: the device sets bits; software clears those it writes as 1.
        dev.raise_events(0b1011);
        CHECK(s.read(0x10, 4) == 0b1011);
        s.write(0x10, 0b0010, 4);
        CHECK(s.read(0x10, 4) == 0b1001);
        s.write(0x10, 0, 4);
        CHECK(s.read(0x10, 4) == 0b1001);
        s.write(0x10, 0xfffffff8, 4); // bits 3.. written as 1; bit 3 is writable, so it clears
        CHECK(s.read(0x10, 4) == 0b0001);
        CHECK(dev.event_writes == 3);
        // A value computed at read time, at the reader's local time.
        CHECK(s.read(0x14, 4, sc_time(30, SC_NS)) == 40);
        // A writable mask: the other bits keep their value.
        s.write(0x18, 0x12345678, 4);
        CHECK(s.read(0x18, 4) == 0x78);
        // The device's view of a register is its stored value.
        CHECK(dev.value_of(dev.value) == 0xaabbccdd5566ee88ull);
        // Outside every register, across two registers, or with byte enables: address error.
        uint32_t v = 0;
        CHECK(s.access(tlm::TLM_READ_COMMAND, 0x1c, &v, 4) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
        CHECK(s.access(tlm::TLM_READ_COMMAND, 0x2, &v, 4) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    };
    cimvp::test::finish_scenario();
}

void debug_access() {
    TestDevice dev("dev");
    TlmStimulus stim("stim");
    stim.socket.bind(dev.socket);
    stim.script = [&](TlmStimulus& s) {
        uint64_t v = 0;
        tlm::tlm_generic_payload tx;
        cimvp::init_payload(tx, tlm::TLM_READ_COMMAND, 0x8, &v, 8);
        CHECK(s.socket->transport_dbg(tx) == 8 && v == 7);
        // Debug writes (a debugger poking at a device) change nothing and set nothing off.
        v = 99;
        cimvp::init_payload(tx, tlm::TLM_WRITE_COMMAND, 0x4, &v, 4);
        CHECK(s.socket->transport_dbg(tx) == 4);
        CHECK(dev.commands.empty());
        CHECK(dev.registers().size() == 6 && dev.registers()[2]->name() == "value");
    };
    cimvp::test::finish_scenario();
}

} // namespace

TEST(RegisterBank, EnforcesAccessAndCallsMemberHandlers) {
    EXPECT_EXIT(access_rules(), testing::ExitedWithCode(0), "");
}
TEST(RegisterBank, DebugAccessReadsButNeverWrites) {
    EXPECT_EXIT(debug_access(), testing::ExitedWithCode(0), "");
}
