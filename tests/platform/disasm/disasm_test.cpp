// iss::disassemble against GNU objdump (-d -M no-aliases, binutils 2.40), which is the
// reference: every instruction of real firmware (the test programs, the accelerator driver,
// the examples, the benchmark, and the firmware cimc builds for a shipped model), every
// 16-bit encoding, every CSR number and random operands of every 32-bit instruction of the
// ISS's table must give the same text. Normalised: runs of blanks, and objdump's annotations
// that need a symbol table or the values of earlier instructions (the `<symbol+offset>` after
// a target and `# address` comments), which the disassembler does not produce.
#include "platform/iss/rv32_decode.h"
#include "platform/iss/rv32_disasm.h"
#include "tests/common/subprocess.h"
#include "tests/common/test_files.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <regex>
#include <sstream>

namespace {

struct Line {
    uint32_t pc, raw;
    std::string text; // objdump's, normalised
};

std::string normalise(std::string s) {
    for (const char* cut : {" <", "\t#", " #"}) {
        const size_t at = s.find(cut);
        if (at != std::string::npos) s.resize(at);
    }
    std::string out;
    bool blank = false;
    for (char c : s) {
        if (c == ' ' || c == '\t') {
            blank = true;
            continue;
        }
        if (blank && !out.empty()) out += ' ';
        blank = false;
        out += c;
    }
    return out;
}

// The instruction lines of `objdump -d -M no-aliases FILE`. Unless keep_data, lines that
// objdump shows as data (.2byte, .word, ...: bytes a mapping symbol marks as data, or an
// encoding it does not know) are left out.
std::vector<Line> objdump(const std::string& file, bool keep_data = false) {
    testutil::ProcessResult r = testutil::run_process({OBJDUMP, "-d", "-M", "no-aliases", file});
    EXPECT_EQ(r.exit_code, 0) << testutil::describe(r);
    static const std::regex insn(R"(^ *([0-9a-f]+):\t([0-9a-f]+) +\t(.*)$)");
    std::vector<Line> lines;
    std::istringstream in(r.out);
    for (std::string l; std::getline(in, l);) {
        std::smatch m;
        if (!std::regex_match(l, m, insn)) continue;
        Line line{static_cast<uint32_t>(std::stoul(m[1], nullptr, 16)),
                  static_cast<uint32_t>(std::stoul(m[2], nullptr, 16)), normalise(m[3])};
        if (!keep_data && (line.text.empty() || line.text[0] == '.')) continue;
        lines.push_back(line);
    }
    return lines;
}

// Compares every line; returns how many there were. Reports the first mismatches.
size_t compare(const std::vector<Line>& lines, const std::string& what) {
    unsigned bad = 0;
    for (const Line& l : lines) {
        const std::string ours = normalise(iss::disassemble(l.pc, l.raw));
        if (ours != l.text && ++bad <= 10)
            ADD_FAILURE() << what << ": at 0x" << std::hex << l.pc << " encoding 0x" << l.raw
                          << ": objdump '" << l.text << "', ours '" << ours << "'";
    }
    EXPECT_EQ(bad, 0u) << what;
    return lines.size();
}

// Assembles `.insn` lines (a raw encoding each, marked as instructions) into an object file.
std::string assemble(const modeltest::TempDir& dir, const std::string& name,
                     const std::vector<uint32_t>& encodings) {
    std::ofstream s(dir.path(name + ".S"));
    s << ".text\n";
    for (uint32_t e : encodings)
        s << ".insn " << ((e & 3) == 3 ? 4 : 2) << ", 0x" << std::hex << e << std::dec << "\n";
    s.close();
    const std::string obj = dir.path(name + ".o");
    testutil::ProcessResult r =
        testutil::run_process({CROSS_GCC, "-march=rv32imc_zicsr_zifencei", "-mabi=ilp32", "-c",
                               dir.path(name + ".S"), "-o", obj});
    EXPECT_EQ(r.exit_code, 0) << testutil::describe(r);
    return obj;
}

std::vector<std::string> split(const std::string& list) {
    std::vector<std::string> out;
    std::istringstream in(list);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

TEST(Disassembler, MatchesObjdumpOnTheTestFirmware) {
    const std::vector<std::string> elfs = split(DISASM_ELFS);
    ASSERT_GE(elfs.size(), 10u);
    size_t n = 0;
    for (const std::string& elf : elfs) n += compare(objdump(elf), elf);
    EXPECT_GT(n, 20000u); // real code, not a handful of lines
}

TEST(Disassembler, MatchesObjdumpOnAModelsFirmware) {
    modeltest::TempDir dir;
    testutil::ProcessResult r =
        testutil::run_process({CIMC_PATH, std::string(CIMVP_SOURCE_DIR) + "/models/bnn-cnn.onnx",
                               "-q", "-o", dir.path("out")},
                              300);
    ASSERT_EQ(r.exit_code, 0) << testutil::describe(r);
    EXPECT_GT(compare(objdump(dir.path("out/firmware.elf")), "bnn-cnn firmware"), 5000u);
}

// Every 16-bit encoding: where the ISS executes one, the text must be objdump's. The ones it
// rejects must be ones objdump also shows as data (reserved, or F/D: not in the ELF's ISA) or
// as RV64's (shift amounts with bit 5 set) or c.addi16sp 0 (reserved); we show them as data.
TEST(Disassembler, MatchesObjdumpOnEvery16BitEncoding) {
    modeltest::TempDir dir;
    std::vector<uint32_t> all;
    for (uint32_t c = 0; c < 0x10000; ++c)
        if ((c & 3) != 3) all.push_back(c);
    const std::vector<Line> lines = objdump(assemble(dir, "c", all), true);
    ASSERT_EQ(lines.size(), all.size());
    std::vector<Line> executed;
    for (const Line& l : lines) {
        if (iss::decode(l.raw).op != iss::Op::illegal || l.raw == 0) { // 0: c.unimp
            executed.push_back(l);
            continue;
        }
        auto starts = [&](const char* prefix) { return l.text.rfind(prefix, 0) == 0; };
        const bool rv64_shift =
            (l.raw & 0x1000) && (starts("c.slli ") || starts("c.srli ") || starts("c.srai "));
        EXPECT_TRUE(starts(".2byte") || rv64_shift || l.text == "c.addi16sp sp,0")
            << "objdump decodes 0x" << std::hex << l.raw << " as '" << l.text
            << "', the ISS rejects it";
        EXPECT_EQ(iss::disassemble(l.pc, l.raw).rfind(".2byte\t0x", 0), 0u);
    }
    // RV32C without F/D: 3 quadrants x 8 funct3 x 2^11, less the float loads/stores and the
    // reserved encodings.
    EXPECT_GT(compare(executed, "16-bit encodings"), 28000u);
}

// csrrs a0,CSR,gp and csrrwi zero,CSR,7 for all 4096 CSR numbers: names as objdump's.
TEST(Disassembler, MatchesObjdumpOnEveryCsrNumber) {
    modeltest::TempDir dir;
    std::vector<uint32_t> all;
    for (uint32_t n = 0; n < 4096; ++n) {
        all.push_back(n << 20 | 3u << 15 | 2u << 12 | 10u << 7 | 0x73);
        all.push_back(n << 20 | 7u << 15 | 5u << 12 | 0x73);
    }
    EXPECT_EQ(compare(objdump(assemble(dir, "csr", all)), "CSR numbers"), all.size());
}

// Each line of the instruction table with its free bits (those outside `mask`) random.
TEST(Disassembler, MatchesObjdumpOnRandomOperandsOfEveryInstruction) {
    modeltest::TempDir dir;
    std::mt19937 rng(12);
    std::vector<uint32_t> all;
    for (unsigned op = 1; op < static_cast<unsigned>(iss::Op::count); ++op) {
        const iss::InsnInfo& info = iss::insn_info(static_cast<iss::Op>(op));
        for (int k = 0; k < 200; ++k) {
            uint32_t e = info.match | (rng() & ~info.mask);
            if (iss::decode(e).op == static_cast<iss::Op>(op)) all.push_back(e);
        }
    }
    // A fence with reserved fields set runs as a fence; objdump shows it as .4byte, so do we.
    EXPECT_EQ(compare(objdump(assemble(dir, "ops", all), true), "random operands"), all.size());
}

} // namespace
