// The GDB server's packet layer and protocol (platform/gdb_packet.h,
// platform/gdb_session.h) against a fake target: framing, checksums, escapes,
// binary writes, every packet gdb sends for RV32, and malformed input, which
// gets an error or an empty reply and never a crash.
#include "platform/gdb_packet.h"
#include "platform/gdb_session.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <set>
#include <tuple>
#include <vector>

using namespace cimvp::gdb;

namespace {

constexpr uint32_t mem_base = 0x80000000, mem_size = 0x100;

class FakeTarget : public Target {
  public:
    uint32_t regs[33] = {};
    uint32_t mstatus = 0x1800;
    std::vector<uint8_t> mem = std::vector<uint8_t>(mem_size);
    std::set<uint32_t> breakpoints;
    int breakpoint_calls = 0;

    bool read_register(unsigned n, uint32_t& v) override {
        if (n <= kRegPc) return v = regs[n], true;
        if (n == kRegFirstCsr + 0x300) return v = mstatus, true;
        return false;
    }
    bool write_register(unsigned n, uint32_t v) override {
        if (n == 0) return true;
        if (n <= kRegPc) return regs[n] = v, true;
        if (n == kRegFirstCsr + 0x300) return mstatus = v, true;
        return false;
    }
    size_t read_memory(uint32_t addr, uint8_t* data, size_t len) override {
        if (addr < mem_base || addr - mem_base >= mem_size) return 0;
        size_t n = std::min<size_t>(len, mem_size - (addr - mem_base));
        std::memcpy(data, &mem[addr - mem_base], n);
        return n;
    }
    bool write_memory(uint32_t addr, const uint8_t* data, size_t len) override {
        if (addr < mem_base || addr - mem_base > mem_size || mem_size - (addr - mem_base) < len)
            return false;
        std::memcpy(&mem[addr - mem_base], data, len);
        return true;
    }
    void set_breakpoint(uint32_t addr, bool on) override {
        ++breakpoint_calls;
        if (on)
            breakpoints.insert(addr);
        else
            breakpoints.erase(addr);
    }
    // Two hardware triggers: (kinds, addr, len).
    std::vector<std::tuple<unsigned, uint32_t, uint32_t>> watchpoints;
    bool set_watchpoint(unsigned kinds, uint32_t addr, uint32_t len, bool on) override {
        const auto w = std::make_tuple(kinds, addr, len);
        auto it = std::find(watchpoints.begin(), watchpoints.end(), w);
        if (!on) return it != watchpoints.end() && (watchpoints.erase(it), true);
        if (watchpoints.size() == 2) return false;
        watchpoints.push_back(w);
        return true;
    }
    std::string target_xml() override { return "<target><architecture>riscv:rv32</architecture>"; }
};

class Protocol : public testing::Test {
  protected:
    FakeTarget target;
    Session session{target};
    std::string reply(const std::string& packet) { return session.handle(packet).reply; }
};

// Feeds `bytes` and returns the events, with the payload of each packet.
std::vector<std::pair<PacketReader::Event, std::string>> parse(PacketReader& r,
                                                               const std::string& bytes) {
    std::vector<std::pair<PacketReader::Event, std::string>> events;
    for (char c : bytes) {
        PacketReader::Event e = r.feed(c);
        if (e != PacketReader::Event::none)
            events.push_back({e, e == PacketReader::Event::packet ? r.payload() : ""});
    }
    return events;
}

// ---- packet layer ---------------------------------------------------------------

TEST(Packet, ChecksumIsTheSumOfThePayloadModulo256) {
    EXPECT_EQ(checksum(""), 0);
    EXPECT_EQ(checksum("OK"), 0x9a);
    EXPECT_EQ(frame("OK"), "$OK#9a");
    EXPECT_EQ(frame(""), "$#00");
    EXPECT_EQ(frame("g"), "$g#67");
}

TEST(Packet, FrameEscapesTheFourSpecialBytes) {
    const std::string data = std::string("a$b#c}d*e\x03", 10);
    const std::string framed = frame(data);
    EXPECT_EQ(framed.substr(0, framed.size() - 3), "$a}\x04"
                                                   "b}\x03"
                                                   "c}]d}\x0a"
                                                   "e\x03");
    PacketReader r;
    auto events = parse(r, framed);
    ASSERT_EQ(events.size(), 1u);
    ASSERT_EQ(events[0].first, PacketReader::Event::packet) << "checksum of the escaped bytes";
    std::string back;
    ASSERT_TRUE(unescape_binary(events[0].second, back));
    EXPECT_EQ(back, data);
}

TEST(Packet, ReaderSeparatesPacketsAcksAndInterrupts) {
    PacketReader r;
    auto events = parse(r, "+junk$m0,4#fd-\x03$OK#9A");
    ASSERT_EQ(events.size(), 5u);
    EXPECT_EQ(events[0].first, PacketReader::Event::ack);
    EXPECT_EQ(events[1].first, PacketReader::Event::packet);
    EXPECT_EQ(events[1].second, "m0,4");
    EXPECT_EQ(events[2].first, PacketReader::Event::nack);
    EXPECT_EQ(events[3].first, PacketReader::Event::interrupt);
    EXPECT_EQ(events[4].first, PacketReader::Event::packet) << "upper-case checksum digits";
    EXPECT_EQ(events[4].second, "OK");
}

TEST(Packet, BadChecksumsAreReportedAndTheReaderRecovers) {
    PacketReader r;
    auto events = parse(r, "$OK#00$OK#zz$OK#9a");
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].first, PacketReader::Event::bad_checksum);
    EXPECT_EQ(events[1].first, PacketReader::Event::bad_checksum);
    EXPECT_EQ(events[2].first, PacketReader::Event::packet);
}

TEST(Packet, CtrlCInsideAPacketIsData) {
    PacketReader r;
    std::string payload = std::string("X0,1:\x03", 6);
    auto events = parse(r, frame(payload));
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].second, payload);
}

TEST(Packet, ADollarRestartsACutOffPacket) {
    PacketReader r;
    auto events = parse(r, "$m0,$g#67");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].second, "g");
}

TEST(Packet, AnEndlessPacketIsDroppedNotBuffered) {
    PacketReader r;
    std::string flood = "$" + std::string(3u << 20, 'a');
    auto events = parse(r, flood + "$g#67");
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.front().first, PacketReader::Event::bad_checksum);
    EXPECT_EQ(events.back().second, "g");
}

TEST(Packet, HexAndBinaryDecodingRejectBrokenInput) {
    std::string out;
    EXPECT_TRUE(from_hex("00ff7A", out));
    EXPECT_EQ(out, std::string("\x00\xff\x7a", 3));
    EXPECT_FALSE(from_hex("abc", out));
    EXPECT_FALSE(from_hex("zz", out));
    EXPECT_TRUE(unescape_binary("a}]b", out));
    EXPECT_EQ(out, "a}b");
    EXPECT_FALSE(unescape_binary("ab}", out)) << "a lone escape at the end";
    EXPECT_EQ(to_hex(std::string("\x01\xab", 2)), "01ab");
}

// ---- protocol -------------------------------------------------------------------

TEST_F(Protocol, SupportedFeatures) {
    std::string r = reply("qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386");
    for (const char* f :
         {"PacketSize=4000", "swbreak+", "hwbreak+", "qXfer:features:read+", "QStartNoAckMode+"})
        EXPECT_NE(r.find(f), std::string::npos) << f << " in " << r;
    EXPECT_EQ(reply("vCont?"), "vCont;c;C;s;S");
    EXPECT_EQ(reply("vMustReplyEmpty"), "");
    EXPECT_EQ(reply("qAttached"), "0");
    EXPECT_EQ(reply("Hg0"), "OK");
    EXPECT_FALSE(session.no_ack());
    EXPECT_EQ(reply("QStartNoAckMode"), "OK");
    EXPECT_TRUE(session.no_ack());
}

TEST_F(Protocol, TargetDescriptionComesInParts) {
    std::string got;
    for (;;) {
        char packet[64];
        std::snprintf(packet, sizeof packet, "qXfer:features:read:target.xml:%zx,10", got.size());
        std::string r = reply(packet);
        ASSERT_FALSE(r.empty());
        ASSERT_TRUE(r[0] == 'm' || r[0] == 'l') << r;
        EXPECT_LE(r.size(), 1u + 0x10);
        got += r.substr(1);
        if (r[0] == 'l') break;
        ASSERT_LT(got.size(), 10000u);
    }
    EXPECT_EQ(got, target.target_xml());
    EXPECT_EQ(reply("qXfer:features:read:target.xml:ffff,10"), "l");
    EXPECT_EQ(reply("qXfer:features:read:other.xml:0,10"), "E00");
}

TEST_F(Protocol, StopRepliesNameTheReasonAndThePc) {
    EXPECT_EQ(reply("?").substr(0, 3), "S05") << "before any stop";
    EXPECT_EQ(session.stop(StopReason::attached, 0x80000000), "T0520:00000080;");
    EXPECT_EQ(reply("?"), "T0520:00000080;");
    EXPECT_EQ(session.stop(StopReason::step, 0x80000004), "T0520:04000080;");
    EXPECT_EQ(session.stop(StopReason::interrupted, 0x80000010), "T0220:10000080;");
    EXPECT_EQ(session.stop(StopReason::ended, 0x80000010, 11), "T0b20:10000080;");
    EXPECT_EQ(reply("Z0,80000020,2"), "OK");
    EXPECT_EQ(reply("Z1,80000030,4"), "OK");
    EXPECT_EQ(session.stop(StopReason::breakpoint, 0x80000020), "T05swbreak:;20:20000080;");
    EXPECT_EQ(session.stop(StopReason::breakpoint, 0x80000030), "T05hwbreak:;20:30000080;");
    EXPECT_EQ(reply("?"), "T05hwbreak:;20:30000080;");
}

TEST_F(Protocol, RegistersAsAWholeAndOneByOne) {
    for (unsigned r = 0; r <= kRegPc; ++r) target.regs[r] = 0x01020300 + r;
    target.regs[0] = 0;
    std::string g = reply("g");
    ASSERT_EQ(g.size(), 33u * 8);
    EXPECT_EQ(g.substr(0, 8), "00000000");
    EXPECT_EQ(g.substr(8, 8), "01030201") << "x1, little-endian";
    EXPECT_EQ(g.substr(32 * 8), "20030201") << "pc last";
    EXPECT_EQ(reply("p20"), "20030201");
    EXPECT_EQ(reply("pa"), "0a030201");
    EXPECT_EQ(reply("p341"), "00180000") << "mstatus, gdb's number 65 + 0x300";
    EXPECT_EQ(reply("p400"), "E02") << "no such register";

    EXPECT_EQ(reply("Pa=efbeadde"), "OK");
    EXPECT_EQ(target.regs[10], 0xdeadbeefu);
    EXPECT_EQ(reply("P341=08000000"), "OK");
    EXPECT_EQ(target.mstatus, 8u);
    EXPECT_EQ(reply("P400=00000000"), "E02");

    std::string all;
    for (unsigned r = 0; r <= kRegPc; ++r) all += "0" + std::to_string(r % 10) + "000000";
    EXPECT_EQ(reply("G" + all), "OK");
    EXPECT_EQ(target.regs[0], 0u) << "x0 stays zero";
    EXPECT_EQ(target.regs[5], 5u);
    EXPECT_EQ(target.regs[32], 2u);
    EXPECT_EQ(reply("G" + all.substr(8)), "E01") << "too short";
}

TEST_F(Protocol, MemoryReadsAndWrites) {
    for (uint32_t i = 0; i < mem_size; ++i) target.mem[i] = static_cast<uint8_t>(i);
    EXPECT_EQ(reply("m80000010,4"), "10111213");
    EXPECT_EQ(reply("m800000fe,8"), "feff") << "a prefix up to the end of memory";
    EXPECT_EQ(reply("m10000000,4"), "E02");
    EXPECT_EQ(reply("M80000000,3:aabbcc"), "OK");
    EXPECT_EQ(reply("m80000000,4"), "aabbcc03");
    EXPECT_EQ(reply("M800000ff,2:0102"), "E02") << "beyond the end";
    EXPECT_EQ(reply("M80000000,2:01"), "E01") << "length mismatch";
    EXPECT_EQ(reply("M80000000,1:zz"), "E01");
}

TEST_F(Protocol, HugeReadsAreCutToWhatAPacketHolds) {
    std::string r = reply("m80000000,ffffffff");
    EXPECT_EQ(r.size(), 2u * mem_size);
}

TEST_F(Protocol, BinaryWritesUnescapeTheirData) {
    EXPECT_EQ(reply("X80000000,0:"), "OK") << "gdb's probe for X support";
    // '}', 0x03 (raw: it is data inside a packet), '*', 0x00, '$', '#'
    const std::string escaped("}]"
                              "\x03"
                              "}\x0a"
                              "\x00"
                              "}\x04"
                              "}\x03",
                              10);
    const std::string bytes("}\x03*\x00$#", 6);
    EXPECT_EQ(reply("X80000010,6:" + escaped), "OK");
    EXPECT_EQ(std::string(reinterpret_cast<char*>(&target.mem[0x10]), 6), bytes);
    EXPECT_EQ(reply("X80000010,7:" + escaped), "E01") << "length mismatch";
    EXPECT_EQ(reply("X80000010,1:}"), "E01") << "lone escape";
    EXPECT_EQ(reply("X90000000,1:a"), "E02");
}

TEST_F(Protocol, SoftwareAndHardwareBreakpointsShareTheCoreOne) {
    EXPECT_EQ(reply("Z0,80000040,2"), "OK");
    EXPECT_EQ(reply("Z1,80000040,2"), "OK");
    EXPECT_EQ(target.breakpoints, std::set<uint32_t>{0x80000040});
    EXPECT_EQ(target.breakpoint_calls, 1);
    EXPECT_EQ(reply("z0,80000040,2"), "OK");
    EXPECT_EQ(target.breakpoints.size(), 1u) << "the Z1 one is still there";
    EXPECT_EQ(session.stop(StopReason::breakpoint, 0x80000040), "T05hwbreak:;20:40000080;");
    EXPECT_EQ(reply("z1,80000040,2"), "OK");
    EXPECT_TRUE(target.breakpoints.empty());
    EXPECT_EQ(reply("z0,80000050,2"), "OK") << "removing a missing one is harmless";
    EXPECT_EQ(reply("Z0,80000060,4;X1,0"), "OK") << "conditions are ignored";
    session.clear_breakpoints();
    EXPECT_TRUE(target.breakpoints.empty());
}

TEST_F(Protocol, WatchpointsTakeTheTargetsTriggers) {
    EXPECT_EQ(reply("Z2,80000100,4"), "OK"); // watch: stores
    EXPECT_EQ(reply("Z3,80000200,2"), "OK"); // rwatch: loads
    EXPECT_EQ(reply("Z2,80000100,4"), "OK") << "the same one again takes no trigger";
    using W = std::tuple<unsigned, uint32_t, uint32_t>;
    EXPECT_EQ(target.watchpoints, (std::vector<W>{W{2, 0x80000100, 4}, W{1, 0x80000200, 2}}));
    EXPECT_EQ(reply("Z4,80000300,1"), "E02") << "no trigger left";
    EXPECT_EQ(session.stop(StopReason::watchpoint, 0x80000040, 0, 0x80000102),
              "T05watch:80000102;20:40000080;");
    EXPECT_EQ(session.stop(StopReason::watchpoint, 0x80000044, 0, 0x80000200),
              "T05rwatch:80000200;20:44000080;");
    EXPECT_EQ(reply("z2,80000100,4"), "OK");
    EXPECT_EQ(reply("Z4,80000300,1"), "OK"); // awatch: both
    EXPECT_EQ(session.stop(StopReason::watchpoint, 0x80000048, 0, 0x80000300),
              "T05awatch:80000300;20:48000080;");
    EXPECT_EQ(target.watchpoints, (std::vector<W>{W{1, 0x80000200, 2}, W{3, 0x80000300, 1}}));
    EXPECT_EQ(reply("z3,80000400,2"), "OK") << "removing a missing one is harmless";
    EXPECT_EQ(reply("Z2,80000100,0"), "E01") << "zero length";
    EXPECT_EQ(reply("Z2,80000100"), "E01");
    session.clear_breakpoints();
    EXPECT_TRUE(target.watchpoints.empty());
}

TEST_F(Protocol, ResumePackets) {
    auto r = session.handle("c");
    EXPECT_FALSE(r.send);
    EXPECT_EQ(r.action, Action::resume);
    EXPECT_EQ(session.handle("s").action, Action::step);
    EXPECT_EQ(session.handle("C05").action, Action::resume);
    EXPECT_EQ(session.handle("S05").action, Action::step);
    EXPECT_EQ(session.handle("vCont;c").action, Action::resume);
    EXPECT_EQ(session.handle("vCont;s:1;c").action, Action::step);
    EXPECT_EQ(session.handle("vCont;C05").action, Action::resume);
    EXPECT_EQ(session.handle("c80000100").action, Action::resume);
    EXPECT_EQ(target.regs[kRegPc], 0x80000100u);
    EXPECT_EQ(session.handle("S05;80000200").action, Action::step);
    EXPECT_EQ(target.regs[kRegPc], 0x80000200u);

    r = session.handle("k");
    EXPECT_FALSE(r.send);
    EXPECT_EQ(r.action, Action::kill);
    r = session.handle("vKill;1");
    EXPECT_EQ(r.reply, "OK");
    EXPECT_EQ(r.action, Action::kill);
    r = session.handle("D");
    EXPECT_EQ(r.reply, "OK");
    EXPECT_EQ(r.action, Action::detach);
}

TEST_F(Protocol, MalformedPacketsGetAnErrorOrAnEmptyReply) {
    const char* bad[] = {"m",
                         "mzz,4",
                         "m1,",
                         "m1,4x",
                         "m123456789012345678,1",
                         "m100000000,1",
                         "M1,2:0",
                         "M1,2",
                         "X1,2",
                         "Z0",
                         "Z0,",
                         "Z0,100",
                         "Z0,100,",
                         "Z9,1,1",
                         "z0,1",
                         "p",
                         "pzz",
                         "p1x",
                         "P20",
                         "P20=12",
                         "P20=zzzzzzzz",
                         "G00",
                         "Gzz",
                         "c1g",
                         "C",
                         "Cxx",
                         "S0;zz",
                         "vCont;",
                         "vCont;x",
                         "vCont",
                         "qXfer:features:read:target.xml:zz",
                         "qXfer:features:read:target.xml:",
                         "gx",
                         "\x01\x02",
                         "}",
                         "q",
                         "Q",
                         "v",
                         "Z",
                         "z"};
    for (const char* p : bad) {
        Session::Response r;
        ASSERT_NO_THROW(r = session.handle(p)) << p;
        EXPECT_TRUE(r.reply.empty() || r.reply[0] == 'E') << p << " -> " << r.reply;
        EXPECT_EQ(r.action, Action::none) << p;
    }
}

TEST_F(Protocol, RandomInputNeverCrashes) {
    std::mt19937 rng(1);
    const std::string alphabet = "mMXgGpPzZcCsSvqQ?kD0123456789abcdefABCDEF,:;=}#$*\x03 x";
    PacketReader reader;
    for (int i = 0; i < 20000; ++i) {
        std::string p(rng() % 24, ' ');
        for (char& c : p) c = alphabet[rng() % alphabet.size()];
        if (p.size() > 0 && (p[0] == 'k' || p[0] == 'D')) continue; // valid, and final
        ASSERT_NO_THROW(session.handle(p)) << p;
        for (char c : p) reader.feed(c);
    }
}

} // namespace
